import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** The simulation of every recorded AWS call runs after everything that records them. */
const SIMULATION = 'test/infra/awsCalls.test.ts';
const INFRA = 'test/infra/**/*.test.ts';
const UNIT = 'test/unit/**/*.test.ts';
/** A unit file that needs a worker of its own: it checks what loading a module does. */
const UNIT_ALONE = ['test/unit/wallet.zodMessages.test.ts'];

export default defineConfig({
  test: {
    // Generous: a test that spawns servers and scripts must still pass on a machine shared by
    // many, where a process start can take ten seconds; a hang still fails, just later.
    testTimeout: 60_000,
    // Synthesis (cdk-nag over the whole app) takes over a minute on a loaded machine.
    hookTimeout: 180_000,
    // Each file in a worker thread of its own (isolated as before: its own modules and its
    // own copy of process.env), which starts faster than a child process: the unit files
    // take 72 s of CPU rather than 87 s. Nothing here needs a process of its own; the one
    // process-wide setting, the umask, is set only on the main thread
    // (shared/adapters/local/dataDir.ts).
    pool: 'threads',
    // The integration files mostly wait — on sockets, child processes, the embedded database —
    // so two run side by side even on two cores (vitest's default would be one: cores − 1).
    // VITEST_MAX_WORKERS overrides it.
    maxWorkers: Math.max(2, availableParallelism()),
    // Handlers log at INFO, as in production; every line is captured and, after the suite,
    // searched for every test national ID and name (test/support/logAudit.ts).
    env: { POWERTOOLS_LOG_LEVEL: 'INFO' },
    // The AWS calls each function makes are recorded in a directory for the whole run
    // (test/support/awsCallLog.ts), and evaluated against the template by SIMULATION.
    // Last, the run's own temporary directory, removed at the end (test/support/suiteTmpDir.ts).
    globalSetup: [
      'test/support/logAudit.ts',
      'test/support/awsCallLog.ts',
      'test/support/suiteTmpDir.ts',
    ],
    // The processes the tests start share a compile cache (test/support/compileCache.ts).
    setupFiles: ['test/support/logCapture.ts', 'test/support/compileCache.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/{integration,e2e}/**/*.test.ts', ...UNIT_ALONE],
          // One Chromium for the run, a context of its own for each browser file
          // (test/support/browser.ts). The browser files stay in this project, so that they
          // run beside the integration files, longest first, rather than beside each other.
          globalSetup: ['test/support/browser.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The unit files share their worker's modules, as the template files do: they load
        // the same domain modules, and importing them again for each file was half of their
        // CPU time (45 s against 22 s, `npm run test:unit` both ways). They change no shared
        // state — which test/support/sharedWorker.ts checks after each file.
        extends: true,
        test: {
          name: 'unit',
          include: [UNIT],
          exclude: UNIT_ALONE,
          isolate: false,
          setupFiles: ['test/support/sharedWorker.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The template files share their worker's modules: the CDK library loads, and each
        // context synthesizes (seconds each), once a worker rather than once a file
        // (test/infra/support.ts). They change only copies of what they are given.
        extends: true,
        test: {
          name: 'infra',
          include: [INFRA],
          exclude: [SIMULATION],
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'aws-calls', include: [SIMULATION], sequence: { groupOrder: 1 } },
      },
    ],
    // `npm run coverage`: the whole suite with coverage, a summary on the console, the
    // details in coverage/index.html. A report to read, not a gate: no thresholds; and not
    // part of `npm test`, which it slows by a sixth to a quarter.
    coverage: {
      provider: 'v8',
      include: ['{shared,functions,infra,scripts,web}/**/*.ts'],
      reporter: ['text-summary', 'html'],
      reportsDirectory: 'coverage',
    },
  },
});
