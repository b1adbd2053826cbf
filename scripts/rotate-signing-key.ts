/**
 * `npm run rotate-signing-key [-- --kind KIND]` — local counterpart of the rotation runbook in
 * docs/deploy.md: creates the next P-256 key of one kind of signed document under
 * ${DATA_DIR:-.data}, makes it active and keeps the previous keys of that kind listed as
 * retired, so what they signed still verifies. Each kind has keys of its own (DESIGN.md
 * invariant 10): `certificate` (the default), `letter`, `wallet`, `approval`, `audit`.
 * Restart `npm start` to sign with the new key.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signingKeysDir } from '#shared/adapters/local/localKeys.ts';
import { rotateLocalSigningKey } from '#shared/adapters/local/localSigner.ts';
import { environmentValue, environmentVariables } from '#shared/definitions/environment.ts';
import { type SignedDocumentKind, signedDocumentKinds } from '#shared/definitions/keys.ts';

/** The names the command takes, for each kind of signed document. */
const kinds = {
  certificate: 'certificate',
  letter: 'letter',
  wallet: 'walletCredential',
  approval: 'approval',
  audit: 'auditCheckpoint',
} as const satisfies Record<string, SignedDocumentKind>;

const usage = `Usage: npm run rotate-signing-key [-- --kind ${Object.keys(kinds).join('|')}]

Creates the next local key of one kind of signed document (default: certificate) in
\${DATA_DIR:-.data}/keys/<kind folder>, makes it active and keeps the kind's old keys in the
DID document as retired. Restart the server afterwards.`;

let kindName: string;
try {
  const { values } = parseArgs({
    options: {
      kind: { type: 'string', default: 'certificate' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  kindName = values.kind ?? 'certificate';
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (!Object.hasOwn(kinds, kindName)) {
  console.error(`Unknown kind ${JSON.stringify(kindName)}.\n\n${usage}`);
  process.exit(2);
}
const { keyName, keyIdPrefix } = signedDocumentKinds[kinds[kindName as keyof typeof kinds]];
const dataDir = environmentValue(process.env, environmentVariables.dataDir) ?? '.data';
const dir = signingKeysDir(dataDir, keyName);
if (!existsSync(dir)) {
  console.error(`No ${kindName} signing keys in ${dir}: run \`npm start\` once first.`);
  process.exit(2);
}
const ring = rotateLocalSigningKey(dir, `${keyIdPrefix}-1`);
console.log(
  `Active ${kindName} signing key: ${ring.active}; retired: ${ring.retired.join(', ') || 'none'}.`,
);
console.log('Restart the server (npm start) to sign with it; the DID document lists all of them.');
