/**
 * Evaluates AWS requests against a synthesized template's policies with a real IAM policy
 * evaluator (@cloud-copilot/iam-simulate): the principal's identity policies, and the
 * resource's own policy — key policy, bucket policy or queue policy — as AWS evaluates them
 * together (a KMS key honours an identity policy only where its key policy lets it).
 *
 * Each request is run twice: through the library's validating entry point, which rejects an
 * action, resource type or policy it does not know; and through its evaluator with every
 * context key, since the validating entry drops keys of the `kms:EncryptionContext:<key>`
 * form (it recognises variable keys only after a `/`), which would make every
 * encryption-context condition fail.
 */
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { TemplateJson, TemplateValues } from './templateValues.ts';

export type PolicyDocument = { Version?: string; Statement: StatementJson[] };
export type StatementJson = {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

export type Request = {
  principal: string;
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
};

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Keys the validating entry point drops though AWS evaluates them (see above). */
const KEYS_THE_VALIDATOR_DROPS = /^kms:EncryptionContext:/i;

export class IamSimulator {
  readonly #template: TemplateJson;
  readonly #values: TemplateValues;
  readonly #validated = new Map<string, Promise<void>>();

  constructor(template: TemplateJson, values: TemplateValues) {
    this.#template = template;
    this.#values = values;
  }

  /** Every statement of every identity policy attached to the role, references resolved. */
  identityStatements(roleLogicalId: string): StatementJson[] {
    const statements: StatementJson[] = [];
    for (const resource of Object.values(this.#template.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') {
        continue;
      }
      const roles = asList(resource.Properties?.Roles as unknown[]);
      if (!roles.some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleLogicalId }))) {
        continue;
      }
      const document = this.#values.resolve(resource.Properties?.PolicyDocument) as PolicyDocument;
      statements.push(...document.Statement);
    }
    const role = this.#template.Resources[roleLogicalId];
    for (const inline of asList(role?.Properties?.Policies as { PolicyDocument: unknown }[])) {
      statements.push(...(this.#values.resolve(inline.PolicyDocument) as PolicyDocument).Statement);
    }
    return statements;
  }

  /** The resource's own policy (key, bucket or queue), if the template gives it one. */
  resourcePolicy(resourceArn: string): PolicyDocument | undefined {
    for (const [logicalId, resource] of Object.entries(this.#template.Resources)) {
      const properties = resource.Properties ?? {};
      switch (resource.Type) {
        case 'AWS::KMS::Key':
          if (this.#values.arnOf(logicalId) === resourceArn) {
            return this.#values.resolve(properties.KeyPolicy) as PolicyDocument;
          }
          break;
        case 'AWS::S3::BucketPolicy': {
          const bucket = this.#values.text(properties.Bucket);
          if (resourceArn.startsWith(`arn:${this.#values.partition}:s3:::${bucket}`)) {
            const rest = resourceArn.slice(`arn:${this.#values.partition}:s3:::${bucket}`.length);
            if (rest === '' || rest.startsWith('/')) {
              return this.#values.resolve(properties.PolicyDocument) as PolicyDocument;
            }
          }
          break;
        }
        case 'AWS::SQS::QueuePolicy': {
          const queues = asList(properties.Queues as unknown[]).map((q) => this.#values.text(q));
          const name = resourceArn.split(':').pop() ?? '';
          if (resourceArn.includes(':sqs:') && queues.some((url) => url.endsWith(`/${name}`))) {
            return this.#values.resolve(properties.PolicyDocument) as PolicyDocument;
          }
          break;
        }
      }
    }
    return undefined;
  }

  /** The decision AWS would take on `request` under these policies. */
  async decide(
    request: Request,
    identityStatements: StatementJson[],
    resourcePolicy: PolicyDocument | undefined,
  ): Promise<Decision> {
    const simulation: Simulation = {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: this.#values.account },
        contextVariables: { 'aws:SecureTransport': 'true', ...request.context },
      },
      identityPolicies: identityStatements.length
        ? [{ name: 'identity', policy: { Version: '2012-10-17', Statement: identityStatements } }]
        : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    };
    await this.#validate(simulation, resourcePolicy);
    return runUnsafeSimulation(
      {
        ...simulation,
        ...(resourcePolicy
          ? {
              // As the validating entry point hands it on: a policy with a name (the
              // evaluator reads it when it explains a resource-policy decision).
              resourcePolicy: {
                __validated: true,
                policyDocument: resourcePolicy,
                metadata: { name: 'resource policy' },
                errors: [],
              },
            }
          : {}),
      },
      {},
    ) as Decision;
  }

  /** Fails on anything the library's validation rejects: action, resource type, policies. */
  async #validate(simulation: Simulation, resourcePolicy: PolicyDocument | undefined) {
    // What validation looks at: the action, the resource, which context keys are set (and
    // whether each holds one value or a list) and the policies — not the values. Requests that
    // differ only in values (a partition key, an encryption context) share one validation.
    const { request } = simulation;
    const contextShape = Object.entries(request.contextVariables)
      .map(([name, value]) => `${name}:${Array.isArray(value) ? 'list' : typeof value}`)
      .sort();
    const key = JSON.stringify([
      request.principal,
      request.action,
      request.resource,
      contextShape,
      simulation.identityPolicies,
      resourcePolicy,
    ]);
    let validated = this.#validated.get(key);
    if (!validated) {
      validated = (async () => {
        const result = await runSimulation(
          { ...simulation, ...(resourcePolicy ? { resourcePolicy } : {}) },
          {},
        );
        if (result.resultType === 'error') {
          throw new Error(
            `${simulation.request.action} on ${simulation.request.resource.resource}: ${JSON.stringify(result.errors)}`,
          );
        }
        const ignored =
          result.resultType === 'single'
            ? (result.result.ignoredContextKeys ?? [])
            : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
        const unexpected = ignored.filter((k) => !KEYS_THE_VALIDATOR_DROPS.test(k));
        if (unexpected.length > 0) {
          throw new Error(
            `${simulation.request.action} does not take the context keys ${unexpected.join(', ')}`,
          );
        }
      })();
      this.#validated.set(key, validated);
    }
    return validated;
  }
}

/** One statement per action and resource: what "this grant" means when counting use. */
export function grantsOf(statements: StatementJson[]): StatementJson[] {
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) =>
      asList(statement.Action).flatMap((action) =>
        asList(statement.Resource ?? '*').map((resource) => ({
          ...statement,
          Action: action,
          Resource: resource,
        })),
      ),
    );
}

/** Statements of a resource policy that name `principal`, one per action. */
export function resourceGrantsTo(
  policy: PolicyDocument | undefined,
  principal: string,
): StatementJson[] {
  return (policy?.Statement ?? [])
    .filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        asList((statement.Principal as { AWS?: string | string[] } | undefined)?.AWS).includes(
          principal,
        ),
    )
    .flatMap((statement) =>
      asList(statement.Action).map((action) => ({ ...statement, Action: action })),
    );
}

/** A policy `*`-glob (IAM action and resource matching, case-sensitive for resources). */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}
