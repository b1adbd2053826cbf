/** The unit tests alone (`npm run test:unit`, and Stryker's mutation runs). */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

const { projects: _, ...suite } = base.test ?? {};

export default defineConfig({ ...base, test: { ...suite, include: ['test/unit/**/*.test.ts'] } });
