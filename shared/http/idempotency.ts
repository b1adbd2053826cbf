/**
 * Powertools idempotency for mutating endpoints: the key is the caller-scoped
 * `Idempotency-Key` header; the raw body is hashed so a reused key with another body is
 * refused; only successful responses are stored (errors remove the in-progress record,
 * so a retry after a 503 runs again and completes).
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { idempotencyStore } from '../composition.ts';
import type { Config } from '../config.ts';

export function idempotentRequests(config: Config) {
  return makeHandlerIdempotent({
    persistenceStore: idempotencyStore(config),
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'idempotencyScope',
      payloadValidationJmesPath: 'body',
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: config.idempotencyExpirySeconds,
    }),
  });
}
