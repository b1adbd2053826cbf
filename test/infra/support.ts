/**
 * Synthesizes the real app (the one `cdk deploy` uses) with bundling skipped, so template
 * tests are fast and need no handler code. `Template.fromStack` synthesizes the whole app,
 * cdk-nag included: a template test cannot pass on a stack that has unacknowledged findings.
 */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createSealedRecordsApp, type SealedRecordsApp } from '#infra/sealedRecordsApp.ts';
import { type DeploymentFacts, deploymentFactsFile } from './deploymentFacts.ts';

export type Synthesized = SealedRecordsApp & {
  template: Template;
  /** `{ "Fn::GetAtt": [<logical ID>, "Arn"] }` of a construct's CloudFormation resource. */
  arnOf(construct: IConstruct): unknown;
  logicalId(construct: IConstruct): string;
};

/** The app as `cdk deploy` builds it, bundling skipped, not yet synthesized. */
export function build(context: Record<string, unknown> = {}): SealedRecordsApp {
  return createSealedRecordsApp({
    outdir: mkdtempSync(join(tmpdir(), 'sealed-records-cdk-')),
    context: { 'aws:cdk:bundling-stacks': [], ...context },
  });
}

/**
 * The app synthesized with this context, once a worker: synthesis is deterministic, and the
 * template files share their worker's modules (vitest.config.ts: the `infra` project does not
 * isolate its files), so each context costs its seconds of synthesis once, not once a file.
 * Tests must not change what they get: they change a `structuredClone` of the template.
 */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const key = canonicalJson(context);
  const known = synthesizedApps.get(key);
  if (known) return known;
  const synthesized = synthesizeAnew(context);
  synthesizedApps.set(key, synthesized);
  if (key === '{}') keepDeploymentFacts(synthesized);
  return synthesized;
}
const synthesizedApps = new Map<string, Synthesized>();

/** The facts the simulation of the recorded AWS calls needs (deploymentFacts.ts). */
export function deploymentFactsOf(synthesized: Synthesized): DeploymentFacts {
  const functions: DeploymentFacts['functions'] = {};
  for (const [name, fn] of synthesized.stack.functions) {
    functions[name] = {
      logicalId: synthesized.logicalId(fn),
      roleLogicalId: synthesized.logicalId(fn.serviceRole),
    };
  }
  return { template: synthesized.template.toJSON(), region: synthesized.stack.region, functions };
}

function keepDeploymentFacts(synthesized: Synthesized): void {
  const file = deploymentFactsFile();
  if (file === undefined) return;
  // Written whole, then renamed: files synthesizing at once each leave the same facts.
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, JSON.stringify(deploymentFactsOf(synthesized)));
  renameSync(temporary, file);
}

function synthesizeAnew(context: Record<string, unknown>): Synthesized {
  const synthesized = build(context);
  const { stack } = synthesized;
  const logicalId = (construct: IConstruct) =>
    stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
  return {
    ...synthesized,
    template: Template.fromStack(stack),
    logicalId,
    arnOf: (construct) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] }),
  };
}

export type CfnResource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

export function resourcesOfType(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The one resource of `type` in the template; fails if there are none or several. */
export function onlyResourceOfType(template: Template, type: string): CfnResource {
  const found = Object.values(resourcesOfType(template, type));
  const [resource] = found;
  if (found.length !== 1 || !resource) throw new Error(`${found.length} resources of ${type}`);
  return resource;
}

export type PolicyStatementJson = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

/** One action on one resource under one condition: statements compared without their grouping. */
export type Permission = { action: string; resource: string; condition?: string };

/** JSON with object keys sorted, so that equal values compare equal as text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Splits statements into single permissions, sorted, so that merging or order cannot hide a change. */
export function permissionsOf(statements: PolicyStatementJson[]): Permission[] {
  const permissions: Permission[] = [];
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') throw new Error(`unexpected ${statement.Effect} statement`);
    for (const action of asList(statement.Action)) {
      for (const resource of asList(statement.Resource)) {
        permissions.push({
          action,
          resource: canonicalJson(resource),
          ...(statement.Condition ? { condition: canonicalJson(statement.Condition) } : {}),
        });
      }
    }
  }
  return permissions.sort((a, b) =>
    `${a.action} ${a.resource} ${a.condition}`.localeCompare(
      `${b.action} ${b.resource} ${b.condition}`,
    ),
  );
}

/** Every statement any identity policy gives the role with this logical ID. */
export function roleStatements(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const role = template.toJSON().Resources[roleLogicalId] as CfnResource;
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`no role ${roleLogicalId}`);
  const statements: PolicyStatementJson[] = [];
  for (const inline of asList(role.Properties.Policies as { PolicyDocument: never }[])) {
    statements.push(...(inline.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
  }
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const policy of Object.values(resourcesOfType(template, type))) {
      const roles = asList(policy.Properties.Roles as unknown[]);
      if (roles.some((ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleLogicalId }))) {
        statements.push(
          ...(policy.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement,
        );
      }
    }
  }
  return statements;
}

export function keyPolicyStatements(
  template: Template,
  keyLogicalId: string,
): PolicyStatementJson[] {
  const key = template.toJSON().Resources[keyLogicalId] as CfnResource;
  if (key?.Type !== 'AWS::KMS::Key') throw new Error(`no key ${keyLogicalId}`);
  return (key.Properties.KeyPolicy as { Statement: PolicyStatementJson[] }).Statement;
}

/** Builds the expected permissions the same way `permissionsOf` flattens the template. */
export function allow(
  actions: string[],
  resources: unknown[],
  condition?: Record<string, Record<string, unknown>>,
): PolicyStatementJson {
  return {
    Effect: 'Allow',
    Action: actions,
    Resource: resources,
    ...(condition ? { Condition: condition } : {}),
  };
}
