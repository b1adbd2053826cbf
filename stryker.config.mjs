/**
 * `npm run mutation`: Stryker over the domain — the law, sealing, inquiries, audit, the
 * credentials and their offline verifiers — killed by the unit tests only (fast, and the
 * ones that state the rules). Slow on a shared machine: see README.md for how to run it.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // Tests import the domain through `#shared/*`, which vitest's related-file search misses.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: ['shared/domain/**/*.ts'],
  // Stryker's tsconfig step rewrites `extends`/`references` with the TypeScript API, which
  // fails on TypeScript 7: there is nothing to rewrite, so point it at no file; no checker.
  tsconfigFile: 'tsconfig.stryker-none.json',
  checkers: [],
  disableTypeChecks: 'shared/domain/**/*.ts',
  coverageAnalysis: 'perTest',
  // A mutant in a module-level constant is active only when the module loads: each would
  // rerun every unit test. They are reported as ignored.
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // The first run of every unit test takes minutes on a shared machine.
  dryRunTimeoutMinutes: 30,
  timeoutMS: 20_000,
  timeoutFactor: 3,
};
