import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../src/config';
import { startupWarnings } from '../src/app/startup-warnings';

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

describe('settings added for web chat, Teams, admins and storage', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it('reads lists and hashes, case-insensitively for GUIDs', () => {
    const hash = 'A'.repeat(64);
    const c = loadConfig({
      ALLOWED_TENANT_IDS: ' 72F988BF-86F1-41AF-91AB-2D7CD011DB47 , ',
      ADMIN_TOKEN_HASHES: `alice:${hash}`,
      PUBLIC_URL: 'https://passerelle.example.ca/',
    });
    expect(c.ALLOWED_TENANT_IDS).toEqual(['72f988bf-86f1-41af-91ab-2d7cd011db47']);
    expect(c.ADMIN_TOKEN_HASHES).toEqual([{ name: 'alice', hash: 'a'.repeat(64) }]);
    expect(c.PUBLIC_URL).toBe('https://passerelle.example.ca');
  });

  it('names the variable and the expected form when a value is wrong', () => {
    expect(problems({ ALLOWED_TENANT_IDS: 'contoso' })).toEqual(['ALLOWED_TENANT_IDS="contoso": expected comma-separated GUIDs']);
    expect(problems({ ADMIN_TOKEN_HASHES: 'alice:nothex' })[0]).toMatch(/^ADMIN_TOKEN_HASHES="alice:nothex": expected name:sha256-hex pairs/);
    expect(problems({ PUBLIC_URL: 'ftp://x' })[0]).toMatch(/^PUBLIC_URL="ftp:\/\/x": expected an absolute http\(s\) URL/);
    expect(problems({ WEBCHAT_TOKEN_SECRET: 'short' })[0]).toMatch(/^WEBCHAT_TOKEN_SECRET="short": expected at least 32 characters/);
    expect(problems({ STORAGE: 'blob' })).toEqual([
      'BLOB_CONNECTION_STRING="": required when STORAGE=blob, or BLOB_ACCOUNT_URL (https://ACCOUNT.blob.core.windows.net) to sign in with a managed identity',
    ]);
    // A managed identity instead of a key: the account URL alone is enough.
    expect(loadConfig({ STORAGE: 'blob', BLOB_ACCOUNT_URL: 'https://passerelle.blob.core.windows.net' }).BLOB_ACCOUNT_URL).toBe(
      'https://passerelle.blob.core.windows.net',
    );
    expect(problems({ STORAGE: 'cosmos' })[0]).toMatch(/^STORAGE="cosmos": expected sqlite or blob/);
    expect(problems({ BLOB_CONTAINER: 'Bad_Name' })[0]).toMatch(/^BLOB_CONTAINER="Bad_Name": expected a container name/);
  });
});

describe('start-up warnings', () => {
  const base = { NODE_ENV: 'test' };
  it('warns about a multi-instance Blob setup whose web chat would not follow a conversation across instances', () => {
    const blob = { ...base, STORAGE: 'blob', BLOB_CONNECTION_STRING: 'x' };
    // Shared transcripts are the default with Blob: only the token key is missing.
    expect(startupWarnings(loadConfig(blob))).toEqual([expect.stringMatching(/without WEBCHAT_TOKEN_SECRET/)]);
    const secret = { WEBCHAT_TOKEN_SECRET: 'a-secret-shared-by-every-instance-0123456789' };
    expect(startupWarnings(loadConfig({ ...blob, ...secret }))).toEqual([]);
    expect(startupWarnings(loadConfig({ ...blob, ...secret, WEBCHAT_TRANSCRIPTS: 'memory' }))).toEqual([
      expect.stringMatching(/^STORAGE=blob \(several instances\) with WEBCHAT_TRANSCRIPTS=memory/),
    ]);
    expect(startupWarnings(loadConfig({ ...base, STORAGE: 'blob', BLOB_CONNECTION_STRING: 'x', DIRECT_LINE_SECRET: 's' }))).toEqual([]);
    expect(startupWarnings(loadConfig(base))).toEqual([]);
  });
});
