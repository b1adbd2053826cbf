/**
 * What the print-document function is made of: the public halves of the signing keys (to
 * verify what it prints, as the trust bundle would), the font, and the audit log it appends to.
 */
import { lazyHarfBuzzFontSubsetter } from '../adapters/fonts/harfbuzzFontSubsetter.ts';
import type { Config } from '../config.ts';
import { printDocumentFunction } from '../definitions/functions.ts';
import type { PrintDocumentDependencies } from '../usecases/printDocument.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { publicKeySource } from './signers.ts';

export async function composePrintDocument(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<PrintDocumentDependencies> {
  const platform = platformOf(config, overrides);
  return {
    issuer: { did: config.issuer.did },
    keys: await publicKeySource(platform, 'signingKey'),
    letterKeys: await publicKeySource(platform, 'letterSigningKey'),
    fonts: lazyHarfBuzzFontSubsetter({
      font: config.paper.fontFile,
      harfbuzzWasm: config.paper.harfbuzzWasm,
    }),
    audit: await auditLog(platform, printDocumentFunction.name),
    clock: clockOf(config),
  };
}
