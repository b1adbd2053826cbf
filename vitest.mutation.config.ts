/**
 * The unit tests Stryker runs against each mutant (`npm run mutation`). Tests that run a
 * script in a child process are left out: a mutant is switched on inside the test process,
 * so a child never sees it, and spawning dozens of processes per mutant only costs time.
 */
import { defineConfig } from 'vitest/config';
import unit from './vitest.unit.config.ts';

export default defineConfig({
  ...unit,
  test: { ...unit.test, exclude: ['test/unit/credential.cli.test.ts', '**/node_modules/**'] },
});
