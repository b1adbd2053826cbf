/** What the public-documents function is made of: the public halves of the signing keys. */
import type { Config } from '../config.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { publicKeySource } from './signers.ts';

export function composePublicDocuments(config: Config, overrides: PlatformOverrides = {}) {
  return publicKeySource(platformOf(config, overrides));
}
