/**
 * Packages the bundles take from this folder instead of node_modules (esbuild `alias`), for
 * every way a function is bundled: the CDK (`SealedRecordsFunction`), `npm run bench --
 * coldstart` and the bundle tests.
 *
 * - `zod` and `zod/v4/core` without their `locales` namespaces: zod's forty locales
 *   (~250 KB minified) reach every bundle through the namespace objects the libraries import,
 *   though only English is ever used — and English stays, registered by zod's own schemas.
 *   test/infra/zodBundled.test.ts shows the API's messages unchanged.
 * - With tracing off, the Powertools tracer (and with it the X-Ray SDK) replaced by a
 *   tracer that is never enabled.
 */
import { join } from 'node:path';

export type BundlingChoices = {
  /** Active tracing on the functions (the `tracing` deployment parameter). */
  tracing: boolean;
};

/** esbuild's `alias` map for a project root: package name → absolute path of its stand-in. */
export function bundlingAliases(root: string, choices: BundlingChoices): Record<string, string> {
  const here = (file: string) => join(root, 'infra', 'bundling', file);
  return {
    zod: here('zod.ts'),
    'zod/v4/core': here('zodCore.ts'),
    ...(choices.tracing
      ? {}
      : {
          '@aws-lambda-powertools/tracer': here('tracerOff.ts'),
          '@aws-lambda-powertools/tracer/middleware': here('tracerMiddlewareOff.ts'),
        }),
  };
}
