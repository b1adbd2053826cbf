/**
 * Typed configuration, read once from the environment and validated at init so a
 * misconfigured function fails on its first cold start, not on its first citizen.
 * Every variable's name, schema and default has one home: shared/definitions/ (environment,
 * tables, queues, keys). The CDK stack sets them; the local stack sets them for `npm start`.
 */
import * as z from 'zod';
import { environmentValue, environmentVariables as v } from './definitions/environment.ts';
import { keyDefinitions } from './definitions/keys.ts';
import { sealingWorkQueue } from './definitions/queues.ts';
import {
  agencyDirectoryTable,
  auditEventsTable,
  auditTable,
  auditTreeTable,
  complaintsTable,
  disclosableConvictionsTable,
  idempotencyTable,
  inquiriesTable,
  inquiryLettersTable,
  issuanceLogTable,
  noticesTable,
  opinionsTable,
  personRecordsTable,
  recordLinksTable,
  recordsTable,
  reviewsTable,
  sealingApplicationsTable,
  type TableDefinition,
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

/** One identity provider the authorizer trusts; absent JWKS URL: the local dev keys. */
const identityProviderSchema = z.object({
  issuer: nonEmpty.optional(),
  audience: nonEmpty.optional(),
  jwksUrl: v.citizenJwksUrl.schema,
});
export type IdentityProviderConfig = z.infer<typeof identityProviderSchema>;

const configSchema = z.object({
  keyProvider: v.keyProvider.schema,
  dataDir: v.dataDir.schema,
  dynamodbEndpoint: v.dynamodbEndpoint.schema,
  region: v.region.schema,
  tables: z.object({
    records: nonEmpty,
    disclosable: nonEmpty,
    recordLinks: nonEmpty,
    notices: nonEmpty,
    reviews: nonEmpty,
    inquiries: nonEmpty,
    opinions: nonEmpty,
    complaints: nonEmpty,
    audit: nonEmpty,
    auditEvents: nonEmpty,
    auditTree: nonEmpty,
    issuanceLog: nonEmpty,
    idempotency: nonEmpty,
    walletGrants: nonEmpty,
    inquiryLetters: nonEmpty,
    agencyDirectory: nonEmpty,
    personRecords: nonEmpty,
    sealingApplications: nonEmpty,
  }),
  keys: z.object({
    recordsKeyId: z.string().optional(),
    sealedArchiveKeyId: z.string().optional(),
    inquiriesKeyId: z.string().optional(),
    oversightKeyId: z.string().optional(),
    personViewKeyId: z.string().optional(),
    letterFactsKeyId: z.string().optional(),
    blindIndexKeyId: z.string().optional(),
    /** This function's own idempotency HMAC key (per function; keys.ts). */
    idempotencyKeyId: z.string().optional(),
    /** The certificate's signing keys (`SIGNING_KEYS`). */
    signingKeys: z.array(signingKeySchema),
    /** Each other kind of signed document's own keys (keys.ts `signedDocumentKinds`). */
    letterSigningKeys: z.array(signingKeySchema),
    walletSigningKeys: z.array(signingKeySchema),
    approvalSigningKeys: z.array(signingKeySchema),
    /** The audit trail's checkpoint key (KMS in AWS; absent locally, where it is a file). */
    auditSigningKey: z.object({ id: signingKeySchema.shape.id, kmsKeyId: z.string() }).optional(),
  }),
  issuer: z.object({
    did: v.issuerDid.schema,
    baseUrl: v.issuerBaseUrl.schema,
    credentialValidityDays: v.credentialValidityDays.schema,
  }),
  /** Functions that produce inquiry results; absent: the local stack's, in process. */
  resultFunctions: z.object({
    letter: v.letterFunctionName.schema,
    fullFile: v.judicialDisclosureFunctionName.schema,
  }),
  /** The font of printed documents and the subsetter that cuts it down for each one. */
  paper: z.object({ fontFile: nonEmpty, harfbuzzWasm: nonEmpty }),
  /** The sealing service's SQS FIFO queue; absent: the local in-process queue. */
  sealingQueueUrl: nonEmpty.optional(),
  /** The audit sequencer, invoked for checkpoints at export; absent: the local in-process one. */
  auditSequencerFunction: v.auditSequencerFunctionName.schema,
  idempotencyExpirySeconds: v.idempotencyExpirySeconds.schema,
  /** Longest a crashed request keeps its Idempotency-Key locked; absent: the function timeout. */
  idempotencyInProgressSeconds: v.idempotencyInProgressSeconds.schema,
  /** The identity providers of citizens and of agency staff (the authorizer's). */
  identityProviders: z.object({
    citizens: identityProviderSchema,
    staff: identityProviderSchema,
  }),
  /** The local stack's `NOW`: how far its clock is shifted; never set in a deployment. */
  localClockOffsetMs: v.localClockOffsetMs.schema,
});

export type Config = z.infer<typeof configSchema>;

/** The first problem found, without echoing values (they may be secrets). */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

function parseSigningKeys(
  raw: string | undefined,
  envVar: string = keyDefinitions.signingKey.envVar,
): unknown {
  if (raw === undefined || raw === '') return [];
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new ConfigurationError(`${envVar} is not valid JSON`, {
      cause,
    });
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
  const value = (variable: (typeof v)[keyof typeof v]) => environmentValue(env, variable);
  const key = (name: Exclude<keyof typeof keyDefinitions, 'signingKey'>) =>
    env[keyDefinitions[name].envVar] || undefined;
  const signingKeysOf = (name: keyof typeof keyDefinitions) =>
    parseSigningKeys(env[keyDefinitions[name].envVar], keyDefinitions[name].envVar);
  const table = (definition: TableDefinition) => env[definition.envVar] || definition.logicalName;
  const parsed = configSchema.safeParse({
    keyProvider: value(v.keyProvider),
    dataDir: value(v.dataDir),
    dynamodbEndpoint: value(v.dynamodbEndpoint),
    region: value(v.region),
    tables: {
      records: table(recordsTable),
      disclosable: table(disclosableConvictionsTable),
      recordLinks: table(recordLinksTable),
      notices: table(noticesTable),
      reviews: table(reviewsTable),
      inquiries: table(inquiriesTable),
      opinions: table(opinionsTable),
      complaints: table(complaintsTable),
      audit: table(auditTable),
      auditEvents: table(auditEventsTable),
      auditTree: table(auditTreeTable),
      issuanceLog: table(issuanceLogTable),
      idempotency: table(idempotencyTable),
      walletGrants: table(walletGrantsTable),
      inquiryLetters: table(inquiryLettersTable),
      agencyDirectory: table(agencyDirectoryTable),
      personRecords: table(personRecordsTable),
      sealingApplications: table(sealingApplicationsTable),
    },
    keys: {
      recordsKeyId: key('recordsKey'),
      sealedArchiveKeyId: key('sealedArchiveKey'),
      inquiriesKeyId: key('inquiriesKey'),
      oversightKeyId: key('oversightKey'),
      personViewKeyId: key('personViewKey'),
      letterFactsKeyId: key('letterFactsKey'),
      blindIndexKeyId: key('blindIndexKey'),
      idempotencyKeyId: key('idempotencyKey'),
      signingKeys: signingKeysOf('signingKey'),
      letterSigningKeys: signingKeysOf('letterSigningKey'),
      walletSigningKeys: signingKeysOf('walletSigningKey'),
      approvalSigningKeys: signingKeysOf('approvalSigningKey'),
      auditSigningKey: parseJsonSetting(
        env[keyDefinitions.auditSigningKey.envVar],
        keyDefinitions.auditSigningKey.envVar,
      ),
    },
    issuer: {
      did: value(v.issuerDid),
      baseUrl: value(v.issuerBaseUrl),
      credentialValidityDays: value(v.credentialValidityDays),
    },
    sealingQueueUrl: env[sealingWorkQueue.envVar] || undefined,
    resultFunctions: {
      letter: value(v.letterFunctionName),
      fullFile: value(v.judicialDisclosureFunctionName),
    },
    auditSequencerFunction: value(v.auditSequencerFunctionName),
    paper: { fontFile: value(v.documentFontFile), harfbuzzWasm: value(v.harfbuzzSubsetWasm) },
    idempotencyExpirySeconds: value(v.idempotencyExpirySeconds),
    idempotencyInProgressSeconds: value(v.idempotencyInProgressSeconds),
    identityProviders: {
      citizens: {
        issuer: value(v.citizenTokenIssuer),
        audience: value(v.citizenTokenAudience),
        jwksUrl: value(v.citizenJwksUrl),
      },
      staff: {
        issuer: value(v.staffTokenIssuer),
        audience: value(v.staffTokenAudience),
        jwksUrl: value(v.staffJwksUrl),
      },
    },
    localClockOffsetMs: value(v.localClockOffsetMs),
  });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigurationError(
      `invalid configuration at ${first?.path.join('.') ?? '?'}: ${first?.message ?? ''}`,
    );
  }
  if (parsed.data.keyProvider === 'kms' && parsed.data.localClockOffsetMs !== undefined) {
    // `NOW` is for demonstrations and tests of the local stack: a deployment's deadlines,
    // validity periods and token checks run on real time, whatever its environment says.
    throw new ConfigurationError(`${v.localClockOffsetMs.name} is for the local stack only`);
  }
  return parsed.data;
}
