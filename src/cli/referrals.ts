/**
 * `npm run referrals -- purge` and `npm run --silent referrals -- export --format csv|json|fhir [--with-facts]`:
 * referrals in the bot's storage (DATA_DIR), from the command line.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { exportRows, toCsv } from '../referrals/export';
import { fhirBundle } from '../referrals/fhir';
import { ReferralStore } from '../referrals/referral-store';
import { SqliteStorage } from '../storage/sqlite-storage';

const USAGE = `usage: npm run --silent referrals -- <command>
  purge                                        delete referrals older than REFERRAL_RETENTION_DAYS
  export --format csv|json|fhir [--with-facts]  print every referral (fhir: one FHIR R4 Bundle);
                                               the client's facts only with --with-facts`;

const FORMATS = ['csv', 'json', 'fhir'] as const;
const isFormat = (value: unknown): value is (typeof FORMATS)[number] => FORMATS.includes(value as (typeof FORMATS)[number]);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  if (command !== 'purge' && command !== 'export') {
    console.error(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { format: { type: 'string' }, 'with-facts': { type: 'boolean', default: false } } });
  const format = values.format;
  if (command === 'export' && !isFormat(format)) {
    console.error(`--format must be csv, json or fhir\n${USAGE}`);
    return 2;
  }
  const storage = SqliteStorage.inDataDir(config.DATA_DIR);
  try {
    const store = new ReferralStore(storage);
    if (command === 'purge') {
      const n = await store.purgeOlderThan(config.REFERRAL_RETENTION_DAYS);
      console.log(`purged ${n} referral(s) older than ${config.REFERRAL_RETENTION_DAYS} days`);
      return 0;
    }
    const withFacts = values['with-facts'] ?? false;
    const all = await store.all();
    if (format === 'fhir') {
      process.stdout.write(JSON.stringify(fhirBundle(all, { now: new Date(), withFacts })) + '\n');
      return 0;
    }
    const rows = exportRows(all, withFacts);
    process.stdout.write(format === 'csv' ? toCsv(rows, withFacts) : JSON.stringify(rows) + '\n');
    return 0;
  } finally {
    storage.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e instanceof ConfigError ? e.message : e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  },
);
