/**
 * `npm run rotate-signing-key` — local counterpart of the rotation runbook in
 * docs/deploy.md: creates the next P-256 signing key under ${DATA_DIR:-.data}, makes it
 * active and keeps the previous keys listed as retired, so credentials they signed still
 * verify. Restart `npm start` to sign with the new key.
 */
import { existsSync } from 'node:fs';
import { signingKeysDir } from '#shared/adapters/local/localKeys.ts';
import { rotateLocalSigningKey } from '#shared/adapters/local/localSigner.ts';
import { environmentValue, environmentVariables } from '#shared/definitions/environment.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npm run rotate-signing-key

Creates the next local signing key in \${DATA_DIR:-.data}/keys/signing, makes it active and
keeps the old keys in the DID document as retired. Restart the server afterwards.`);
  process.exit(0);
}
const dir = signingKeysDir(environmentValue(process.env, environmentVariables.dataDir) ?? '.data');
if (!existsSync(dir)) {
  console.error(`No signing keys in ${dir}: run \`npm start\` once first.`);
  process.exit(2);
}
const ring = rotateLocalSigningKey(dir);
console.log(`Active signing key: ${ring.active}; retired: ${ring.retired.join(', ') || 'none'}.`);
console.log('Restart the server (npm start) to sign with it; the DID document lists all of them.');
