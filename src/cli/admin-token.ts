import { newAdminToken } from '../server/admin-tokens';

/**
 * `npm run --silent admin:token -- NAME`: a new admin API token. The token is shown once, for the
 * admin; only its hash goes in ADMIN_TOKEN_HASHES.
 */
const name = process.argv[2] ?? '';
if (!/^[\w.@-]{1,64}$/.test(name)) {
  console.error('usage: npm run --silent admin:token -- NAME   (NAME: letters, digits, . _ @ -, up to 64; it appears in the audit log)');
  process.exit(2);
}
const { token, entry } = newAdminToken(name);
console.log(`token (give it to ${name}, it is not stored anywhere): ${token}`);
console.log(`add to ADMIN_TOKEN_HASHES: ${entry}`);
