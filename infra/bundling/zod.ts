/**
 * `zod` as the bundles see it (the `zod` alias of `bundlingAliases`): the package's own
 * index — `z`, the default export and every named export — over `zodClassic.ts`, so that
 * none of zod's forty locales is bundled. Every import of `zod`, the project's and the
 * libraries' (OpenID4VCI, SD-JWT VC), arrives here: one zod in the bundle, one `ZodError`.
 */
import * as z from './zodClassic.ts';

export * from './zodClassic.ts';
export { z, z as default };
