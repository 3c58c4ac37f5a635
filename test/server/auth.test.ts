import { ConfigError } from '../../src/config';
import { createApp } from '../../src/app/create-app';
import { MemoryStorage } from 'botbuilder';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { message, post, realKnowledge, startServer, testConfig } from './harness';

describe('authentication', () => {
  test('with MicrosoftAppId set, a request without a Bot Framework token gets 401', async () => {
    // CloudAdapter prints the refused request with console.error.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const s = await startServer({ env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-secret' } });
    try {
      const { status, replies } = await post(s.url, message('Bonjour'));
      expect(status).toBe(401);
      expect(replies).toEqual([]);
    } finally {
      await s.stop();
      quiet.mockRestore();
    }
  });

  test('with no app id (local mode) the same request is answered', async () => {
    const s = await startServer();
    try {
      expect((await post(s.url, message('Bonjour'))).status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  test('NODE_ENV=production without MicrosoftAppId refuses to start', () => {
    const { kb, index } = realKnowledge();
    // Refused before anything is opened: the data folder is never used.
    const config = testConfig(join(tmpdir(), 'passerelle-unused'), { NODE_ENV: 'production' });
    expect(() => createApp({ config, kb, index, storage: new MemoryStorage() })).toThrow(ConfigError);
    expect(() => createApp({ config, kb, index, storage: new MemoryStorage() })).toThrow(/MicrosoftAppId/);
  });
});
