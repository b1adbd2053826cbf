/**
 * One function per definition, with the defaults fixed once (runtime, architecture, tracing,
 * source maps, log group), and an environment that shared/config.ts accepts as it stands.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParameters, tracingByDefault } from '#infra/parameters.ts';
import { readConfig } from '#shared/config.ts';
import { environmentVariables as v } from '#shared/definitions/environment.ts';
import { functionDefinitions } from '#shared/definitions/functions.ts';
import { keyDefinitions } from '#shared/definitions/keys.ts';
import { sealingWorkQueue } from '#shared/definitions/queues.ts';
import { tables } from '#shared/definitions/tables.ts';
import { type CfnResource, resourcesOfType, type Synthesized, synthesize } from './support.ts';

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

/** Stands a plausible value in for each CloudFormation reference, as deployment would. */
function resolve(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, unknown>;
  if ('Ref' in intrinsic) {
    // A stack parameter (the identity providers): what a deployer passes for it.
    const parameter = synthesized.template.toJSON().Parameters?.[intrinsic.Ref as string];
    if (parameter) {
      return String(intrinsic.Ref).endsWith('Audience')
        ? 'sealed-records-api'
        : `https://login.example.gov.cn/${intrinsic.Ref}`;
    }
    return `physical-${intrinsic.Ref}`;
  }
  if ('Fn::GetAtt' in intrinsic) {
    const [logicalId] = intrinsic['Fn::GetAtt'] as string[];
    return `arn:aws-cn:kms:cn-north-1:111122223333:key/${logicalId}`;
  }
  if ('Fn::Join' in intrinsic) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map(resolve).join(separator);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

function functionResource(name: string): CfnResource {
  const fn = synthesized.stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return synthesized.template.toJSON().Resources[synthesized.logicalId(fn)];
}

function environmentOf(name: string): Record<string, string> {
  const variables = (functionResource(name).Properties.Environment as { Variables: object })
    .Variables;
  return Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, resolve(value)]));
}

describe('Functions', () => {
  it('are one per function definition', () => {
    expect([...synthesized.stack.functions.keys()]).toEqual(
      functionDefinitions.map((definition) => definition.name),
    );
  });

  it('every Lambda function in the stack runs nodejs24.x on arm64', () => {
    const functions = Object.values(resourcesOfType(synthesized.template, 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(functionDefinitions.length);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  describe.each(functionDefinitions.map((definition) => [definition.name, definition] as const))(
    'Function: %s',
    (name, definition) => {
      it('maps sources, bounds concurrency, logs to its own encrypted group; no X-Ray in China', () => {
        const fn = synthesized.stack.functions.get(name);
        const properties = functionResource(name).Properties;
        expect(properties).toMatchObject({
          ReservedConcurrentExecutions: defaultParameters.reservedConcurrency[name],
          LoggingConfig: {
            LogGroup: { Ref: synthesized.logicalId(fn?.functionLogGroup as never) },
          },
        });
        // Lambda's X-Ray integration is not offered in the China Regions (docs/deploy.md).
        expect((properties.TracingConfig as { Mode?: string } | undefined)?.Mode).not.toBe(
          'Active',
        );
        expect(environmentOf(name).NODE_OPTIONS).toBe('--enable-source-maps');
        const logGroup =
          synthesized.template.toJSON().Resources[
            synthesized.logicalId(fn?.functionLogGroup as never)
          ];
        expect(logGroup.Properties).toMatchObject({
          RetentionInDays: 180,
          KmsKeyId: synthesized.arnOf(synthesized.stack.keys.observabilityKey),
        });
      });

      it('gets an environment that shared/config.ts accepts, naming only what it may touch', () => {
        const env = environmentOf(name);
        const config = readConfig({ ...env, [v.region.name]: 'cn-north-1' });
        expect(config.keyProvider).toBe('kms');
        expect(config.issuer).toEqual({
          did: `did:web:${defaultParameters.issuerDomain}`,
          baseUrl: `https://${defaultParameters.issuerDomain}`,
          credentialValidityDays: defaultParameters.credentialValidityDays,
        });
        expect(config.idempotencyExpirySeconds).toBe(defaultParameters.idempotencyExpirySeconds);
        expect(env[v.powertoolsServiceName.name]).toBe('sealed-records');
        expect(env[v.powertoolsMetricsNamespace.name]).toBe('SealedRecords');
        expect(env[v.powertoolsTracerEnabled.name]).toBe(
          String(tracingByDefault(defaultParameters.region)),
        );
        if ('authorizes' in definition) {
          expect(config.identityProviders.citizens.jwksUrl).toMatch(/^https:/);
          expect(config.identityProviders.staff.jwksUrl).toMatch(/^https:/);
        }

        const tableVariables = tables
          .filter((table) => table.logicalName in definition.tables)
          .map((table) => table.envVar);
        const allTableVariables: string[] = tables.map((table) => table.envVar);
        expect(
          Object.keys(env)
            .filter((key) => allTableVariables.includes(key))
            .sort(),
        ).toEqual(tableVariables.sort());
        for (const table of tables.filter((t) => t.logicalName in definition.tables)) {
          const construct = synthesized.stack.tables.table(table.logicalName);
          expect(env[table.envVar]).toBe(`physical-${synthesized.logicalId(construct)}`);
        }

        const keys = definition.keys as Record<string, string>;
        for (const [keyName, { envVar }] of Object.entries(keyDefinitions)) {
          expect(envVar in env, envVar).toBe(keyName in keys);
        }
        const sends: readonly string[] = 'sends' in definition ? definition.sends : [];
        expect(sealingWorkQueue.envVar in env).toBe(sends.includes('SealingWork'));
        if (sends.includes('SealingWork')) {
          expect(env[sealingWorkQueue.envVar]).toBe(
            `physical-${synthesized.logicalId(synthesized.stack.queues.queue('SealingWork'))}`,
          );
        }
        if ('signingKey' in keys) {
          expect(config.keys.signingKeys).toEqual(
            synthesized.stack.keys.signingKeys.map(({ id, status, key }) => ({
              id,
              status,
              kmsKeyId: `arn:aws-cn:kms:cn-north-1:111122223333:key/${synthesized.logicalId(key)}`,
            })),
          );
        }
      });
    },
  );
});
