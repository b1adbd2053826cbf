/**
 * Builds the CDK app: the stack, its tags, and the compliance checks that run on every
 * synthesis. The entry point (`app.ts`) and the infra tests both build the app here, so the
 * tests check exactly what `cdk deploy` would deploy.
 */
import { readFileSync } from 'node:fs';
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { readParameters } from './parameters.ts';
import { SealedRecordsStack } from './sealedRecordsStack.ts';

const cdkJson = new URL('../cdk.json', import.meta.url);

/** Context from cdk.json: feature flags and any parameter overrides the deployer keeps there. */
export function cdkJsonContext(): Record<string, unknown> {
  return (
    (JSON.parse(readFileSync(cdkJson, 'utf8')) as { context?: Record<string, unknown> }).context ??
    {}
  );
}

export type SealedRecordsApp = { app: App; stack: SealedRecordsStack };

/**
 * The app with cdk-nag's AWS Solutions and NIST 800-53 rev 5 packs as validation plugins:
 * any finding not acknowledged next to its construct fails synthesis.
 */
export function createSealedRecordsApp(props: AppProps = {}): SealedRecordsApp {
  const app = new App({ ...props, context: { ...cdkJsonContext(), ...props.context } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(), new NIST80053R5Checks());

  const parameters = readParameters(app.node);
  const stack = new SealedRecordsStack(app, parameters.stackName, {
    parameters,
    env: { account: parameters.account, region: parameters.region },
    description:
      'Sealed juvenile criminal records and no-criminal-record verifiable credentials ' +
      '(CPL art. 286).',
    terminationProtection: true,
  });
  Tags.of(stack).add('system', 'sealed-records');
  return { app, stack };
}
