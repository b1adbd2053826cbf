/** The unit tests alone (`npm run test:unit`, and Stryker's mutation runs). */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/unit/**/*.test.ts'] },
});
