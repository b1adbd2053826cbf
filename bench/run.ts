/**
 * `npm run bench [-- NAME…]`: records, verify, verify-batch, uniformity, issuance, submissions,
 * inquiries, presentations, coldstart (default: all of these), import and complaints (only
 * when named: 100,000 records, 5,000 complaints take a long while).
 * Each bench runs in its own process: handlers are initialised once per process, as on
 * Lambda, so two local stacks cannot share one. Figures depend on the machine; run on an
 * otherwise idle one and compare ratios.
 */
import { spawnSync } from 'node:child_process';

const benches: Record<string, () => Promise<void>> = {
  records: async () => (await import('./records.ts')).runRecordsBench(),
  verify: async () => (await import('./verify.ts')).runVerifyBench(),
  'verify-batch': async () => (await import('./verifyBatch.ts')).runVerifyBatchBench(),
  uniformity: async () => (await import('./uniformity.ts')).runUniformityBench(),
  issuance: async () => (await import('./issuance.ts')).runIssuanceBench(),
  submissions: async () => (await import('./submissions.ts')).runSubmissionsBench(),
  inquiries: async () => (await import('./inquiries.ts')).runInquiriesBench(),
  complaints: async () => (await import('./complaints.ts')).runComplaintsBench(),
  presentations: async () => (await import('./presentations.ts')).runPresentationsBench(),
  import: async () => (await import('./import.ts')).runImportBench(),
  coldstart: async () => (await import('./coldstart.ts')).runColdstartBench(),
};
/** Benches run when none is named. */
const byDefault = Object.keys(benches).filter((name) => name !== 'import' && name !== 'complaints');

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`Usage: npm run bench [-- ${Object.keys(benches).join('|')} …]`);
  process.exit(0);
}
const wanted = args.filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(
    `unknown bench: ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`,
  );
  process.exit(2);
}

const names = wanted.length > 0 ? wanted : byDefault;
if (names.length === 1) {
  console.log(`\n== ${names[0]} ==`);
  await benches[names[0] ?? '']?.();
} else {
  for (const name of names) {
    const run = spawnSync(process.execPath, ['bench/run.ts', name], {
      stdio: 'inherit',
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
