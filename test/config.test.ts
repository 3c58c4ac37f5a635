import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../src/config';

describe('settings from the environment', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3978);
    expect(c.HOST).toBe('0.0.0.0');
    expect(c.LOG_CONVERSATION_TEXT).toBe(false);
    expect(c.STALE_AFTER_DAYS).toBe(365);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3978);
  });

  it('names each bad variable and the form it expects', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', STALE_AFTER_DAYS: '-3', LOG_CONVERSATION_TEXT: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT="eighty": expected a port number from 0 to 65535',
        'STALE_AFTER_DAYS="-3": expected a whole number of days, 1 or more',
        'LOG_CONVERSATION_TEXT="maybe": expected true or false',
      ]),
    );
  });
});

describe('.env.example', () => {
  it('documents every setting Passerelle reads, and none it does not', () => {
    const documented = [...readFileSync(join(__dirname, '..', '.env.example'), 'utf8').matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...CONFIG_KEYS].sort());
  });
});
