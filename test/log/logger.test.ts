import { Writable } from 'node:stream';
import { createLogger, ERRORS_PER_MINUTE } from '../../src/log/logger';
import { INSTANCE_ID } from '../../src/log/instance-id';

function captured(now: () => number) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ LOG_LEVEL: 'info' }, destination, now), lines };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('log lines', () => {
  it('name the instance and carry a string severity beside the numeric level', async () => {
    const { logger, lines } = captured(Date.now);
    logger.info('hello');
    logger.error('broken');
    await flush();
    expect(lines[0]).toMatchObject({ instance: INSTANCE_ID, level: 30, severity: 'info', msg: 'hello' });
    expect(lines[1]).toMatchObject({ level: 50, severity: 'error' });
  });

  it('write an error repeated in a loop a few times a minute, then say how many were suppressed', async () => {
    let now = 0;
    const { logger, lines } = captured(() => now);
    for (let i = 0; i < ERRORS_PER_MINUTE + 5; i++) logger.error({ correlationId: String(i) }, 'turn failed');
    logger.error('another error'); // counted apart
    await flush();
    expect(lines.filter((l) => l.msg === 'turn failed')).toHaveLength(ERRORS_PER_MINUTE);
    expect(lines.filter((l) => l.msg === 'another error')).toHaveLength(1);
    now = 61_000;
    logger.error('turn failed');
    await flush();
    expect(lines.find((l) => l.msg === 'repeated errors suppressed')).toMatchObject({ suppressed: 5, message: 'turn failed', severity: 'warn' });
    expect(lines.filter((l) => l.msg === 'turn failed')).toHaveLength(ERRORS_PER_MINUTE + 1);
  });
});
