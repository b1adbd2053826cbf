/**
 * Typed configuration, read once from the environment and validated at init so a
 * misconfigured function fails on its first cold start, not on its first citizen.
 * The CDK stack sets these variables; `npm start` sets them for the local stack.
 */
import * as z from 'zod';
import {
  auditTable,
  complaintsTable,
  disclosableConvictionsTable,
  idempotencyTable,
  inquiriesTable,
  issuanceLogTable,
  noticesTable,
  opinionsTable,
  recordLinksTable,
  recordsTable,
  walletGrantsTable,
} from './definitions/tables.ts';

const nonEmpty = z.string().min(1);

const signingKeySchema = z.object({
  /** Short key ID; the JWS `kid` is `<issuer DID>#<id>`. */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  /** KMS key ARN or alias (AWS) — absent locally, where keys live in files. */
  kmsKeyId: z.string().optional(),
  /** `pending`: published, not yet signing (rotation step 1); `retired`: published, never signs again. */
  status: z.enum(['pending', 'active', 'retired']),
});
export type SigningKeyConfig = z.infer<typeof signingKeySchema>;

const configSchema = z.object({
  keyProvider: z.enum(['kms', 'local']),
  dataDir: nonEmpty,
  dynamodbEndpoint: z.string().url().optional(),
  region: nonEmpty,
  tables: z.object({
    records: nonEmpty,
    disclosable: nonEmpty,
    recordLinks: nonEmpty,
    notices: nonEmpty,
    inquiries: nonEmpty,
    opinions: nonEmpty,
    complaints: nonEmpty,
    audit: nonEmpty,
    issuanceLog: nonEmpty,
    idempotency: nonEmpty,
    walletGrants: nonEmpty,
  }),
  keys: z.object({
    recordsKeyId: z.string().optional(),
    sealedArchiveKeyId: z.string().optional(),
    inquiriesKeyId: z.string().optional(),
    oversightKeyId: z.string().optional(),
    blindIndexKeyId: z.string().optional(),
    signingKeys: z.array(signingKeySchema),
    /** The audit trail's checkpoint key (KMS in AWS; absent locally, where it is a file). */
    auditSigningKey: z.object({ id: signingKeySchema.shape.id, kmsKeyId: z.string() }).optional(),
  }),
  issuer: z.object({
    did: z.string().regex(/^did:web:[A-Za-z0-9.%:-]+$/),
    baseUrl: z.string().url(),
    credentialValidityDays: z.coerce.number().int().min(1).max(3650),
  }),
  /** Functions that produce inquiry results; absent: the local stack's, in process. */
  resultFunctions: z.object({ letter: nonEmpty.optional(), fullFile: nonEmpty.optional() }),
  /** The sealing service's SQS FIFO queue; absent: the local in-process queue. */
  sealingQueueUrl: nonEmpty.optional(),
  auditChains: z.coerce.number().int().min(1).max(256),
  idempotencyExpirySeconds: z.coerce.number().int().min(60),
  /** Longest a crashed request keeps its Idempotency-Key locked; absent: the function timeout. */
  idempotencyInProgressSeconds: z.coerce.number().int().min(1).max(900).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** The first problem found, without echoing values (they may be secrets). */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

function parseSigningKeys(raw: string | undefined): unknown {
  if (raw === undefined || raw === '') return [];
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new ConfigurationError('SIGNING_KEYS is not valid JSON', { cause });
  }
}

function parseJsonSetting(raw: string | undefined, name: string): unknown {
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new ConfigurationError(`${name} is not valid JSON`, { cause });
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse({
    keyProvider: env.KEY_PROVIDER ?? 'kms',
    dataDir: env.DATA_DIR ?? '.data',
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION ?? 'cn-north-1',
    tables: {
      records: env[recordsTable.envVar] ?? recordsTable.logicalName,
      disclosable:
        env[disclosableConvictionsTable.envVar] ?? disclosableConvictionsTable.logicalName,
      recordLinks: env[recordLinksTable.envVar] ?? recordLinksTable.logicalName,
      notices: env[noticesTable.envVar] ?? noticesTable.logicalName,
      inquiries: env[inquiriesTable.envVar] ?? inquiriesTable.logicalName,
      opinions: env[opinionsTable.envVar] ?? opinionsTable.logicalName,
      complaints: env[complaintsTable.envVar] ?? complaintsTable.logicalName,
      audit: env[auditTable.envVar] ?? auditTable.logicalName,
      issuanceLog: env[issuanceLogTable.envVar] ?? issuanceLogTable.logicalName,
      idempotency: env[idempotencyTable.envVar] ?? idempotencyTable.logicalName,
      walletGrants: env[walletGrantsTable.envVar] ?? walletGrantsTable.logicalName,
    },
    keys: {
      recordsKeyId: env.RECORDS_KEY_ID || undefined,
      sealedArchiveKeyId: env.SEALED_ARCHIVE_KEY_ID || undefined,
      inquiriesKeyId: env.INQUIRIES_KEY_ID || undefined,
      oversightKeyId: env.OVERSIGHT_KEY_ID || undefined,
      blindIndexKeyId: env.BLIND_INDEX_KEY_ID || undefined,
      signingKeys: parseSigningKeys(env.SIGNING_KEYS),
      auditSigningKey: parseJsonSetting(env.AUDIT_SIGNING_KEY, 'AUDIT_SIGNING_KEY'),
    },
    issuer: {
      did: env.ISSUER_DID ?? 'did:web:127.0.0.1%3A3000',
      baseUrl: env.ISSUER_BASE_URL ?? 'http://127.0.0.1:3000',
      credentialValidityDays: env.CREDENTIAL_VALIDITY_DAYS ?? 90,
    },
    sealingQueueUrl: env.SEALING_QUEUE_URL || undefined,
    resultFunctions: {
      letter: env.LETTER_FUNCTION_NAME || undefined,
      fullFile: env.JUDICIAL_DISCLOSURE_FUNCTION_NAME || undefined,
    },
    auditChains: env.AUDIT_CHAINS ?? 8,
    idempotencyExpirySeconds: env.IDEMPOTENCY_EXPIRY_SECONDS ?? 86_400,
    idempotencyInProgressSeconds: env.IDEMPOTENCY_IN_PROGRESS_SECONDS || undefined,
  });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigurationError(
      `invalid configuration at ${first?.path.join('.') ?? '?'}: ${first?.message ?? ''}`,
    );
  }
  return parsed.data;
}
