/** The KMS client of a composition: one per composition, the `KMS` aggregate the Encryption SDK takes. */
import { KMS } from '@aws-sdk/client-kms';
import { traced } from '../observability.ts';
import type { Platform } from './platform.ts';

const clients = new WeakMap<Platform, KMS>();

export function kmsOf(platform: Platform): KMS {
  const existing = platform.overrides.kms ?? clients.get(platform);
  if (existing) return existing;
  const client = traced(new KMS({ region: platform.config.region, maxAttempts: 3 }));
  clients.set(platform, client);
  return client;
}
