import { Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger';
import { message, post, startServer } from './harness';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('logs', () => {
  const secret = 'Je m appelle Amira Haddad, né le 3 mai 1990';

  test('message text, names and ids are not logged by default', async () => {
    const { lines, stream } = capture();
    const s = await startServer({ logger: createLogger({ LOG_LEVEL: 'debug' }, stream) });
    try {
      await post(s.url, message(secret, { from: { id: 'aad-user-42', name: 'Amira Haddad' }, conversation: { id: 'conv-secret-7' } }));
    } finally {
      await s.stop();
    }
    const log = lines.join('');
    expect(log).toContain('"msg":"turn"');
    expect(log).not.toContain('Amira');
    expect(log).not.toContain('aad-user-42');
    expect(log).not.toContain('conv-secret-7');
  });

  test('LOG_CONVERSATION_TEXT=true logs the text (debugging only)', async () => {
    const { lines, stream } = capture();
    const s = await startServer({ env: { LOG_CONVERSATION_TEXT: 'true' }, logger: createLogger({ LOG_LEVEL: 'info' }, stream) });
    try {
      await post(s.url, message(secret));
    } finally {
      await s.stop();
    }
    expect(lines.join('')).toContain('Amira Haddad');
  });
});
