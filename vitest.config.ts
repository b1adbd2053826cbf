import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Handlers log at INFO, as in production; every line is captured and, after the suite,
    // searched for every test national ID and name (test/support/logAudit.ts).
    env: { POWERTOOLS_LOG_LEVEL: 'INFO' },
    globalSetup: ['test/support/logAudit.ts'],
    setupFiles: ['test/support/logCapture.ts'],
    // `npm test` runs with --coverage: a summary on the console, the details in
    // coverage/index.html. A report to read, not a gate: no thresholds.
    coverage: {
      provider: 'v8',
      include: ['{shared,functions,infra,scripts,web}/**/*.ts'],
      reporter: ['text-summary', 'html'],
      reportsDirectory: 'coverage',
    },
  },
});
