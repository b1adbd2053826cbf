/**
 * The environment variables the functions read, defined once: name, schema and default.
 * shared/config.ts parses them, the CDK stack sets them, the local stack and the tests
 * fill them in; none of these spells a variable's name itself. Tables, queues and keys
 * carry their own variables in their definitions (tables.ts, queues.ts, keys.ts).
 */
import * as z from 'zod';

export type EnvironmentVariable = {
  name: string;
  schema: z.ZodType;
  /** Used when the variable is absent or empty; none: the schema decides (optional or required). */
  default?: string;
  description: string;
};

const nonEmpty = z.string().min(1);
const httpsUrl = z.string().url().startsWith('https://');

export const environmentVariables = {
  keyProvider: {
    name: 'KEY_PROVIDER',
    schema: z.enum(['kms', 'local']),
    default: 'kms',
    description: 'Where keys live: KMS (a deployment) or files under DATA_DIR (the local stack).',
  },
  dataDir: {
    name: 'DATA_DIR',
    schema: nonEmpty,
    default: '.data',
    description: 'Local data and key files (local stack only).',
  },
  dynamodbEndpoint: {
    name: 'DYNAMODB_ENDPOINT',
    schema: z.string().url().optional(),
    description: 'The embedded DynamoDB of the local stack; absent: the regional endpoint.',
  },
  region: {
    name: 'AWS_REGION',
    schema: nonEmpty,
    default: 'cn-north-1',
    description: 'Set by Lambda.',
  },
  issuerDid: {
    name: 'ISSUER_DID',
    schema: z.string().regex(/^did:web:[A-Za-z0-9.%:-]+$/),
    default: 'did:web:127.0.0.1%3A3000',
    description: 'The did:web DID of the issuer.',
  },
  issuerBaseUrl: {
    name: 'ISSUER_BASE_URL',
    schema: z.string().url(),
    default: 'http://127.0.0.1:3000',
    description: 'Where the public documents are served.',
  },
  credentialValidityDays: {
    name: 'CREDENTIAL_VALIDITY_DAYS',
    schema: z.coerce.number().int().min(1).max(3650),
    default: '90',
    description: 'How long a no-criminal-record credential is valid.',
  },
  idempotencyExpirySeconds: {
    name: 'IDEMPOTENCY_EXPIRY_SECONDS',
    schema: z.coerce.number().int().min(60),
    default: '86400',
    description: 'How long a first response is replayed for its Idempotency-Key.',
  },
  idempotencyInProgressSeconds: {
    name: 'IDEMPOTENCY_IN_PROGRESS_SECONDS',
    schema: z.coerce.number().int().min(1).max(900).optional(),
    description: 'Longest a crashed request keeps its key locked; absent: the function timeout.',
  },
  letterFunctionName: {
    name: 'LETTER_FUNCTION_NAME',
    schema: nonEmpty.optional(),
    description: 'The letter function the inquiry function invokes; absent: in process.',
  },
  judicialDisclosureFunctionName: {
    name: 'JUDICIAL_DISCLOSURE_FUNCTION_NAME',
    schema: nonEmpty.optional(),
    description: 'The judicial-disclosure function; absent: in process.',
  },
  auditSequencerFunctionName: {
    name: 'AUDIT_SEQUENCER_FUNCTION_NAME',
    schema: nonEmpty.optional(),
    description: 'The audit sequencer, asked for a checkpoint at export; absent: in process.',
  },
  documentFontFile: {
    name: 'DOCUMENT_FONT_FILE',
    schema: nonEmpty,
    default: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    description:
      "Printed documents' font: Noto Sans CJK (Debian fonts-noto-cjk), its SC face subset per document.",
  },
  harfbuzzSubsetWasm: {
    name: 'HARFBUZZ_SUBSET_WASM',
    schema: nonEmpty,
    default: 'node_modules/harfbuzzjs/dist/harfbuzz-subset.wasm',
    description: 'The HarfBuzz subsetter (harfbuzzjs) that cuts the font down for each document.',
  },
  citizenTokenIssuer: {
    name: 'CITIZEN_TOKEN_ISSUER',
    schema: nonEmpty.optional(),
    description: "The citizens' identity provider: the `iss` of their tokens.",
  },
  citizenTokenAudience: {
    name: 'CITIZEN_TOKEN_AUDIENCE',
    schema: nonEmpty.optional(),
    description: 'The `aud` citizen tokens must carry.',
  },
  citizenJwksUrl: {
    name: 'CITIZEN_JWKS_URL',
    schema: httpsUrl.optional(),
    description: "The citizens' identity provider's JWKS (HTTPS); absent: the local dev keys.",
  },
  staffTokenIssuer: {
    name: 'STAFF_TOKEN_ISSUER',
    schema: nonEmpty.optional(),
    description: "The agencies' identity provider: the `iss` of staff tokens.",
  },
  staffTokenAudience: {
    name: 'STAFF_TOKEN_AUDIENCE',
    schema: nonEmpty.optional(),
    description: 'The `aud` staff tokens must carry.',
  },
  staffJwksUrl: {
    name: 'STAFF_JWKS_URL',
    schema: httpsUrl.optional(),
    description: "The agencies' identity provider's JWKS (HTTPS); absent: the local dev keys.",
  },
  localClockOffsetMs: {
    name: 'LOCAL_CLOCK_OFFSET_MS',
    schema: z.coerce.number().int().optional(),
    description:
      'The local stack only (`NOW`): milliseconds its clock runs ahead of (or behind) the ' +
      "machine's. Refused with KEY_PROVIDER=kms: a deployment always runs on real time.",
  },
  powertoolsServiceName: {
    name: 'POWERTOOLS_SERVICE_NAME',
    schema: nonEmpty,
    default: 'sealed-records',
    description: 'Powertools logger, metrics and tracer service name.',
  },
  powertoolsMetricsNamespace: {
    name: 'POWERTOOLS_METRICS_NAMESPACE',
    schema: nonEmpty,
    default: 'SealedRecords',
    description: 'CloudWatch namespace of the functions’ metrics.',
  },
  awsCallLogDir: {
    name: 'AWS_CALL_LOG_DIR',
    schema: nonEmpty.optional(),
    description:
      'Local stack only (tests): a directory where every AWS call each function makes is ' +
      'recorded, to be evaluated against the template (shared/adapters/local/awsCalls.ts).',
  },
  powertoolsTracerEnabled: {
    name: 'POWERTOOLS_TRACE_ENABLED',
    schema: z.enum(['true', 'false']),
    default: 'false',
    description: 'Powertools Tracer on where the function has active tracing.',
  },
} as const satisfies Record<string, EnvironmentVariable>;

export type EnvironmentVariableName = keyof typeof environmentVariables;

/** The value a variable takes from `env`: absent or empty means its default (or nothing). */
export function environmentValue(
  env: NodeJS.ProcessEnv,
  variable: EnvironmentVariable,
): string | undefined {
  const value = env[variable.name];
  return value === undefined || value === '' ? variable.default : value;
}
