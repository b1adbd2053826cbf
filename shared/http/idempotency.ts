/**
 * Powertools idempotency for mutating endpoints: the key is the caller-scoped
 * `Idempotency-Key` header; the raw body is hashed so a reused key with another body is
 * refused; only successful responses are stored, encrypted (errors remove the in-progress record,
 * so a retry after a 503 runs again and completes).
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Config } from '../config.ts';

export function idempotentRequests(store: BasePersistenceLayer, config: Config) {
  const idempotency = makeHandlerIdempotent({
    persistenceStore: store,
    config: new IdempotencyConfig({
      eventKeyJmesPath: 'idempotencyScope',
      payloadValidationJmesPath: 'body',
      throwOnNoIdempotencyKey: false,
      expiresAfterSeconds: config.idempotencyExpirySeconds,
    }),
  });
  return {
    before: idempotency.before,
    after: idempotency.after,
    /**
     * Removing the in-progress record can itself fail when the table is what failed; the
     * request's own error must still reach the problem mapper, and the record then simply
     * expires (retries meanwhile get 409 request-in-progress).
     */
    onError: async function idempotentRequestsOnError(
      request: Parameters<NonNullable<typeof idempotency.onError>>[0],
    ) {
      try {
        await idempotency.onError?.(request);
      } catch {
        // deliberately ignored: see above
      }
    },
  };
}
