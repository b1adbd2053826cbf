/**
 * `npm run synth` and the CDK CLI (`cdk.json`) run this file. Synthesis bundles every
 * function with the local esbuild (never Docker) and fails if cdk-nag reports a finding
 * that no acknowledgement answers.
 */
import { performance } from 'node:perf_hooks';
import { createSealedRecordsApp } from './sealedRecordsApp.ts';

const started = performance.now();
// The CLI says where the cloud assembly goes; run directly, it goes to ./cdk.out.
const { app, stack } = createSealedRecordsApp({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const assembly = app.synth();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const bundled = stack.bundlingRequired
  ? `${stack.functions.size} functions bundled`
  : 'bundling skipped';
console.error(
  `Synthesized ${stack.stackName} (${stack.region}) to ${assembly.directory} in ${seconds} s; ${bundled}; cdk-nag: no unacknowledged findings.`,
);
