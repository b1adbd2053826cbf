export {};

/**
 * `npm run bench [-- NAME…]`: records, verify, uniformity, issuance (default: all).
 * Figures depend on the machine; run on an otherwise idle one and compare ratios.
 */
const benches: Record<string, () => Promise<void>> = {
  records: async () => (await import('./records.ts')).runRecordsBench(),
  verify: async () => (await import('./verify.ts')).runVerifyBench(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npm run bench [-- ${Object.keys(benches).join('|')} …]`);
  process.exit(0);
}
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(
    `unknown bench: ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`,
  );
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  console.log(`\n== ${name} ==`);
  await benches[name]?.();
}
