/**
 * The floor for `npm run bench:turns`: a bare restify 11 server doing the least a Bot Framework
 * endpoint must do (read the body, parse the JSON activity, answer `{activities: []}`), and
 * `GET /readyz` so the benchmark starts it the way it starts Passerelle. Run as a child process:
 * `PORT=3999 node --import tsx bench/floor-server.ts`.
 */
import restify, { type Request, type Response } from 'restify';

const server = restify.createServer({ name: 'floor' });

server.get('/readyz', (_req: Request, res: Response, next) => {
  res.send(200, { status: 'ready' });
  next();
});

server.post('/api/messages', restify.plugins.bodyReader({ maxBodySize: 1_000_000 }), (req: Request, res: Response, next) => {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body ?? '');
  try {
    JSON.parse(raw); // the activity itself is not used: parsing it is the cost every bot pays
  } catch {
    res.send(400, { code: 'BadRequest', message: 'the body is not valid JSON' });
    return next();
  }
  res.send(200, { activities: [] });
  return next();
});

server.listen(Number(process.env.PORT ?? 3999), process.env.HOST ?? '127.0.0.1');

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
