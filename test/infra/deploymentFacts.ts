/**
 * What the simulation of the recorded AWS calls needs of the default deployment
 * (test/infra/awsCalls.test.ts): the template, its region, and each function's logical ID and
 * its role's. Plain JSON, kept beside the recorded calls by the first template file that
 * synthesizes the default deployment (`synthesize` in support.ts), so that the simulation,
 * which runs alone after every other file, reads it rather than synthesizing the app again.
 * This module loads no CDK.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type DeploymentFacts = {
  template: unknown;
  region: string;
  functions: Record<string, { logicalId: string; roleLogicalId: string }>;
};

/** Where the default deployment's facts are kept during `npm test` (none outside it). */
export function deploymentFactsFile(): string | undefined {
  const dir = process.env.AWS_CALL_LOG_DIR;
  return dir ? join(dir, 'deployment.json') : undefined;
}

/** The facts kept during this run, if a template file synthesized the default deployment. */
export function keptDeploymentFacts(): DeploymentFacts | undefined {
  const file = deploymentFactsFile();
  if (file === undefined || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as DeploymentFacts;
}
