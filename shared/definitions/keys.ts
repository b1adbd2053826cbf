/**
 * The keys, defined once: what each is for, its KMS class, its alias, the environment
 * variable through which a function learns it, the encryption context every use must carry
 * and, locally, the file that stands in for it. The CDK key ring creates and grants keys
 * from this list, shared/config.ts reads their variables, the local stack creates their files,
 * and the tests compare all three with it.
 */

/** `envelope`: AWS Encryption SDK data keys; `hmac`: KMS GenerateMac; `sign`: ECDSA P-256. */
export type KeyKind = 'envelope' | 'hmac' | 'sign';

export type KeyDefinition = {
  kind: KeyKind;
  /** Alias under the deployment's prefix: `alias/<stack>/<alias>` (per function: `…/<alias>/<function>`). */
  alias: string;
  /** Environment variable through which a function learns the key. */
  envVar: string;
  /**
   * One key per function that declares it (its own, which no other role may use), instead of
   * one key shared by every function that declares it.
   */
  perFunction?: true;
  /**
   * Envelope keys: the `keyClass` every encryption context names, and the context keys that
   * must be present. KMS refuses any use of the key without them (key ring conditions).
   */
  encryptionContext?: { keyClass: string; required: readonly string[] };
  /** Locally: the file under DATA_DIR/keys that stands in for the key (signing keys: a folder). */
  localFile: string;
  description: string;
};

export const keyDefinitions = {
  recordsKey: {
    kind: 'envelope',
    alias: 'records',
    envVar: 'RECORDS_KEY_ID',
    encryptionContext: { keyClass: 'records', required: ['recordId'] },
    localFile: 'records.aes256',
    description: 'Envelope key of unsealed criminal records (AWS Encryption SDK data keys).',
  },
  sealedArchiveKey: {
    kind: 'envelope',
    alias: 'sealed-archive',
    envVar: 'SEALED_ARCHIVE_KEY_ID',
    encryptionContext: { keyClass: 'sealed-archive', required: ['recordId'] },
    localFile: 'sealed-archive.aes256',
    description:
      'Envelope key of sealed juvenile records (CPL art. 286). Usable only by the sealing ' +
      'service and the approved-inquiry path named in this key policy.',
  },
  inquiriesKey: {
    kind: 'envelope',
    alias: 'inquiries',
    envVar: 'INQUIRIES_KEY_ID',
    encryptionContext: { keyClass: 'inquiries', required: ['recordId'] },
    localFile: 'inquiries.aes256',
    description:
      'Envelope key of inquiry applications: the subject inquired about, the reason and ' +
      'the purpose (IM art. 16).',
  },
  oversightKey: {
    kind: 'envelope',
    alias: 'oversight',
    envVar: 'OVERSIGHT_KEY_ID',
    encryptionContext: { keyClass: 'oversight', required: ['recordId'] },
    localFile: 'oversight.aes256',
    description:
      'Envelope key of corrective opinions and complaints: findings, measures, grounds, ' +
      'descriptions and resolutions (IM arts. 21–22).',
  },
  personViewKey: {
    kind: 'envelope',
    alias: 'person-view',
    envVar: 'PERSON_VIEW_KEY_ID',
    encryptionContext: { keyClass: 'person-view', required: ['recordId'] },
    localFile: 'person-view.aes256',
    description:
      "Envelope key of the person's own view of their records (API.md, The person's own view): " +
      'written by the sealing service (encrypt only), read only by the own-view function. ' +
      'Never the records or the sealed archive themselves.',
  },
  letterFactsKey: {
    kind: 'envelope',
    alias: 'letter-facts',
    envVar: 'LETTER_FACTS_KEY_ID',
    encryptionContext: { keyClass: 'letter-facts', required: ['recordId'] },
    localFile: 'letter-facts.aes256',
    description:
      'Envelope key of the letter facts kept beside each disclosable conviction (offences, ' +
      'penalty, term, effective date): the writers of the disclosable set only seal with it, ' +
      'the letter function alone opens it (DESIGN.md invariant 2).',
  },
  blindIndexKey: {
    kind: 'hmac',
    alias: 'blind-index',
    envVar: 'BLIND_INDEX_KEY_ID',
    localFile: 'blind-index.hmac256',
    description: 'HMAC key of the blind index over normalised national ID numbers.',
  },
  idempotencyKey: {
    kind: 'hmac',
    alias: 'idempotency',
    envVar: 'IDEMPOTENCY_KEY_ID',
    perFunction: true,
    localFile: 'idempotency',
    description:
      'HMAC key from which one function derives the keys sealing its stored first responses; ' +
      'no other function can open or forge them.',
  },
  signingKey: {
    kind: 'sign',
    alias: 'signing',
    envVar: 'SIGNING_KEYS',
    localFile: 'signing',
    description:
      'ES256 keys signing no-criminal-record certificates (JWT VC), and nothing else; every ' +
      'one stays published.',
  },
  letterSigningKey: {
    kind: 'sign',
    alias: 'letter-signing',
    envVar: 'LETTER_SIGNING_KEYS',
    localFile: 'letter',
    description:
      'ES256 keys signing inquiry result letters, and nothing else; every one stays published.',
  },
  walletSigningKey: {
    kind: 'sign',
    alias: 'wallet-signing',
    envVar: 'WALLET_SIGNING_KEYS',
    localFile: 'wallet',
    description:
      "ES256 keys signing the wallet's SD-JWT VC certificates, and nothing else; every one " +
      'stays published.',
  },
  approvalSigningKey: {
    kind: 'sign',
    alias: 'approval-signing',
    envVar: 'APPROVAL_SIGNING_KEYS',
    localFile: 'approval',
    description:
      'ES256 keys signing inquiry approvals (DESIGN.md invariant 10), held by the decision ' +
      'function alone; the functions that disclose verify with their public halves.',
  },
  auditSigningKey: {
    kind: 'sign',
    alias: 'audit-signing',
    envVar: 'AUDIT_SIGNING_KEY',
    localFile: 'audit',
    description:
      "ES256 key signing the audit trail's checkpoints (DESIGN.md invariant 5); published " +
      'in the DID document under auditCheckpointMethod, never for credentials.',
  },
} as const satisfies Record<string, KeyDefinition>;

export type KeyName = keyof typeof keyDefinitions;

/**
 * The kinds of signed document, each signed under keys of its own (DESIGN.md invariant 10):
 * the key that signs it, the prefix of its key IDs (the JWS `kid` is `<DID>#<prefix>-<n>`),
 * and the DID document member listing its keys. A verifier accepts a document only under its
 * own kind's keys.
 */
export const signedDocumentKinds = {
  certificate: {
    keyName: 'signingKey',
    keyIdPrefix: 'key',
    didMember: 'certificateMethod',
    assertion: true,
  },
  letter: {
    keyName: 'letterSigningKey',
    keyIdPrefix: 'letter',
    didMember: 'letterMethod',
    assertion: true,
  },
  walletCredential: {
    keyName: 'walletSigningKey',
    keyIdPrefix: 'wallet',
    didMember: 'walletCredentialMethod',
    assertion: true,
  },
  approval: {
    keyName: 'approvalSigningKey',
    keyIdPrefix: 'approval',
    didMember: 'approvalMethod',
    assertion: false,
  },
  auditCheckpoint: {
    keyName: 'auditSigningKey',
    keyIdPrefix: 'audit',
    didMember: 'auditCheckpointMethod',
    assertion: false,
  },
} as const satisfies Record<
  string,
  { keyName: KeyName; keyIdPrefix: string; didMember: string; assertion: boolean }
>;

export type SignedDocumentKind = keyof typeof signedDocumentKinds;
export const signedDocumentKindNames = Object.keys(signedDocumentKinds) as SignedDocumentKind[];

/** The signing keys that rotate as a list (`<ENV>` is a JSON array of `{id, kmsKeyId, status}`). */
export type RotatingSigningKeyName =
  | 'signingKey'
  | 'letterSigningKey'
  | 'walletSigningKey'
  | 'approvalSigningKey';
export const rotatingSigningKeyNames: readonly RotatingSigningKeyName[] = [
  'signingKey',
  'letterSigningKey',
  'walletSigningKey',
  'approvalSigningKey',
];

export const keyNames = Object.keys(keyDefinitions) as KeyName[];

/** The envelope keys, by the `keyClass` their encryption contexts carry. */
export type EnvelopeKeyName = {
  [K in KeyName]: (typeof keyDefinitions)[K] extends { kind: 'envelope' } ? K : never;
}[KeyName];

/** The local file of a per-function key: one per function, never shared. */
export function localKeyFileOf(keyName: KeyName, functionName?: string): string {
  const definition: KeyDefinition = keyDefinitions[keyName];
  if (!definition.perFunction) return definition.localFile;
  if (!functionName) throw new Error(`${keyName} is per function: name the function`);
  return `${definition.localFile}-${functionName}.hmac256`;
}
