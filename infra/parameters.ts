/**
 * Deployment parameters, read once from CDK context and validated before anything is built,
 * so a typo fails `cdk synth` instead of producing a stack that cannot serve a citizen.
 *
 * Every parameter here has a safe default (docs/deploy.md lists them); the identity
 * providers, which have none, are deploy-time stack parameters (sealedRecordsStack.ts). Override with
 * `cdk deploy -c issuerDomain=credentials.example.gov.cn`, or in `cdk.json` under `context`.
 * Values given with `-c` arrive as strings, so numbers, booleans and JSON are coerced here.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';
import { functionDefinitions } from '#shared/definitions/functions.ts';
import { agencyRoles } from '#shared/domain/agencies.ts';

/** Log retention periods CloudWatch Logs accepts, in days. */
const retentionDays = Object.values(RetentionDays).filter(
  (value): value is number => typeof value === 'number',
);

/** `-c name=[...]` arrives as text; anything that is not JSON is left for the schema to reject. */
function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const json = <T extends z.ZodType>(schema: T) => z.preprocess(parseJsonText, schema);

const bool = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean(),
);

const hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'a lower-case DNS name',
  );

const functionNames: string[] = functionDefinitions.map((definition) => definition.name);

const signingKeySchema = z.object({
  /** Short key ID: the JWS `kid` is `<issuer DID>#<id>`; never reuse an ID. */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  status: z.enum(['pending', 'active', 'retired']),
});

const parametersSchema = z
  .object({
    /** Region of the whole deployment; China (Beijing) unless told otherwise. */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
    /** Target account; absent means account-agnostic (resolved at deploy time). */
    account: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/),
    /** The did:web host: the DID is `did:web:<issuerDomain>`, served by the public edge. */
    issuerDomain: hostname,
    credentialValidityDays: z.coerce.number().int().min(1).max(3650),
    idempotencyExpirySeconds: z.coerce.number().int().min(60),
    /** Retention of function, access and audit-relevant logs; the CSL art. 21 floor is 6 months. */
    logRetentionDays: z.coerce
      .number()
      .refine((days) => retentionDays.includes(days), {
        message: `one of ${retentionDays.join(', ')}`,
      })
      .refine((days) => days >= RetentionDays.SIX_MONTHS, {
        message: 'at least 180 days (six months)',
      })
      .transform((days) => days as RetentionDays),
    /** E-mail subscribed to the alarm topic; none means subscribe later (docs/deploy.md). */
    alarmEmail: z.string().email().optional(),
    /** Every signing key, current and retired, oldest first; exactly one is active. */
    signingKeys: json(z.array(signingKeySchema).min(1)),
    /**
     * Every other kind of signed document's keys, each list like `signingKeys` (DESIGN.md
     * invariant 10: one key per kind): letters, wallet credentials, inquiry approvals.
     */
    letterSigningKeys: json(z.array(signingKeySchema).min(1)),
    walletSigningKeys: json(z.array(signingKeySchema).min(1)),
    approvalSigningKeys: json(z.array(signingKeySchema).min(1)),
    /**
     * Steady-state requests per second and burst of the edge stage; routes with their own
     * `throttle` in routes.ts get that instead.
     */
    apiRateLimit: z.coerce.number().int().min(1),
    apiBurstLimit: z.coerce.number().int().min(1),
    /** Requests per client IP per 5 minutes before the web ACL blocks it. */
    edgeRateLimitPerIp: z.coerce.number().int().min(100),
    /**
     * Requests per client IP per 5 minutes to the citizens' issuance routes
     * (`/v1/certificates…`, `/v1/wallet/…`): tighter than the general limit, which an
     * agency's busy day would not fit under.
     */
    edgeRateLimitIssuancePerIp: z.coerce.number().int().min(10),
    /**
     * The agencies' egress networks (IPv4 CIDRs): many officials behind one NAT. Requests
     * from them are held to `edgeRateLimitPerAgencyNetwork` instead of the per-IP limits.
     */
    agencyNetworks: json(z.array(z.cidrv4()).max(10_000)),
    /** Requests per agency egress address per 5 minutes. */
    edgeRateLimitPerAgencyNetwork: z.coerce.number().int().min(100),
    /**
     * The agencies that run bulk imports, each with its own operator role: an upload under
     * `imports/<role>/<org>/` is that agency's, and the state machine takes role, org and the
     * official from the object key (docs/bulk-import.md). `org` is the agency's `org` claim.
     */
    bulkImportAgencies: json(
      z.array(
        z.strictObject({
          role: z.enum(agencyRoles),
          org: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, . _ -'),
        }),
      ),
    ),
    /** Reserved concurrency per function: bounds the KMS request rate each function can cause. */
    reservedConcurrency: json(z.record(z.string(), z.number().int().min(1))),
    /**
     * Active X-Ray tracing (and the Powertools Tracer) on the functions. Never on the edge
     * stage, whose segments would record client IP addresses. Default: off in the AWS China
     * Regions, where Lambda's X-Ray integration is not offered (docs/deploy.md), on elsewhere;
     * when off, the tracer is left out of the bundles too.
     */
    tracing: bool,
    /** KMS request quotas of the target account and region (Service Quotas), per second. */
    kmsSymmetricQuotaPerSecond: z.coerce.number().int().min(1),
    kmsEccQuotaPerSecond: z.coerce.number().int().min(1),
    /**
     * Write units per second the busiest table takes before throttling: 4,000 for a new
     * on-demand table; its warm throughput once raised. Bounds the bulk import's rate.
     */
    tableWriteUnitsPerSecond: z.coerce.number().int().min(100),
    /**
     * `SendMessage` calls a second the sealing queue (SQS FIFO, high-throughput mode) takes in
     * the target region and account (SQS quotas): 2,400 in the regions the SQS message quotas
     * do not name with a higher figure. Bounds the bulk import's rate.
     */
    sealingQueueSendQuotaPerSecond: z.coerce.number().int().min(300),
    /** Alarm when a KMS quota is this share used (0–1). */
    kmsQuotaAlarmRatio: z.coerce.number().gt(0).max(1),
    /** p99 latency of the edge above which the latency alarm fires. */
    apiLatencyP99Millis: z.coerce.number().int().min(100),
    /** Share of requests answered 4xx (five minutes) above which the client-error alarm fires. */
    apiClientErrorRatio: z.coerce.number().gt(0).max(1),
    /**
     * Whether this stack sets the account-wide API Gateway CloudWatch role that REST API
     * logging needs. Set false when the account already has one that other APIs rely on.
     */
    manageApiGatewayAccountRole: bool,
  })
  .superRefine((parameters, context) => {
    const lists = [
      'signingKeys',
      'letterSigningKeys',
      'walletSigningKeys',
      'approvalSigningKeys',
    ] as const;
    for (const list of lists) {
      const active = parameters[list].filter((key) => key.status === 'active');
      if (active.length !== 1) {
        context.addIssue({
          code: 'custom',
          path: [list],
          message: `exactly one signing key must be active, found ${active.length}`,
        });
      }
    }
    // A `kid` names one key of one kind: an ID never repeats, within a list or across them.
    const ids = lists.flatMap((list) => parameters[list].map((key) => key.id));
    if (new Set(ids).size !== ids.length) {
      context.addIssue({ code: 'custom', path: ['signingKeys'], message: 'key IDs repeat' });
    }
    const configured = Object.keys(parameters.reservedConcurrency);
    for (const name of new Set([...functionNames, ...configured])) {
      if (!functionNames.includes(name) || !configured.includes(name)) {
        context.addIssue({
          code: 'custom',
          path: ['reservedConcurrency', name],
          message: functionNames.includes(name) ? 'missing' : 'no such function',
        });
      }
    }
  });

export type SigningKeyParameter = z.infer<typeof signingKeySchema>;

export type DeploymentParameters = z.infer<typeof parametersSchema>;

/** The defaults: safe to synthesize and to read; deployers override the example domains. */
export const defaultParameters = {
  region: 'cn-north-1',
  stackName: 'SealedRecords',
  issuerDomain: 'credentials.example.gov.cn',
  credentialValidityDays: 90,
  idempotencyExpirySeconds: 86_400,
  logRetentionDays: RetentionDays.SIX_MONTHS,
  signingKeys: [{ id: 'es256-1', status: 'active' }],
  letterSigningKeys: [{ id: 'letter-1', status: 'active' }],
  walletSigningKeys: [{ id: 'wallet-1', status: 'active' }],
  approvalSigningKeys: [{ id: 'approval-1', status: 'active' }],
  apiRateLimit: 100,
  apiBurstLimit: 200,
  edgeRateLimitPerIp: 1_000,
  edgeRateLimitIssuancePerIp: 300,
  agencyNetworks: [] as string[],
  edgeRateLimitPerAgencyNetwork: 20_000,
  bulkImportAgencies: [] as { role: (typeof agencyRoles)[number]; org: string }[],
  reservedConcurrency: {
    'ingest-record': 20,
    'sealing-service': 10,
    'issue-certificate': 100,
    'public-documents': 10,
    'print-document': 10,
    inquiries: 20,
    'decide-inquiry': 10,
    'issue-letter': 20,
    'judicial-disclosure': 5,
    'access-log': 10,
    'own-records': 10,
    'sealing-applications': 10,
    notices: 10,
    reviews: 5,
    oversight: 10,
    'oversight-summary': 5,
    'audit-export': 2,
    // One at a time: consecutive indexes need one writer (docs/audit-log.md).
    'audit-sequencer': 1,
    'overdue-metrics': 1,
    'wallet-offers': 50,
    'wallet-issuer': 50,
    'bulk-import': 10,
    authorizer: 50,
  },
  kmsSymmetricQuotaPerSecond: 10_000,
  kmsEccQuotaPerSecond: 1_000,
  kmsQuotaAlarmRatio: 0.8,
  tableWriteUnitsPerSecond: 4_000,
  sealingQueueSendQuotaPerSecond: 2_400,
  apiLatencyP99Millis: 3_000,
  apiClientErrorRatio: 0.25,
  manageApiGatewayAccountRole: true,
} as const;

/** The context keys this app reads, for error messages and docs. */
export const parameterNames = Object.keys(parametersSchema.shape);

/** Thrown before synthesis when a parameter is wrong; says which one and why. */
export class ParameterError extends Error {
  override name = 'ParameterError';
}

/** Whether functions trace by default in `region`: not in the China Regions (no X-Ray there). */
export function tracingByDefault(region: string): boolean {
  return !region.startsWith('cn-');
}

/** Reads every parameter from the app's context, falling back to the defaults. */
export function readParameters(node: Node): DeploymentParameters {
  const raw: Record<string, unknown> = {
    ...defaultParameters,
    account: process.env.CDK_DEFAULT_ACCOUNT,
  };
  for (const name of parameterNames) {
    const value = node.tryGetContext(name);
    if (value !== undefined) raw[name] = value;
  }
  raw.tracing ??= tracingByDefault(String(raw.region));
  const parsed = parametersSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `context ${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ParameterError(`invalid deployment parameters:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
