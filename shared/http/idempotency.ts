/**
 * Powertools idempotency for mutating endpoints: the key is the caller-scoped
 * `Idempotency-Key` header; the raw body is hashed so a reused key with another body is
 * refused; only successful responses are stored, encrypted (a request that fails removes
 * its in-progress record, so a retry after a 503 runs again and completes).
 *
 * Why a wrapper: Powertools' middy `onError` deletes the idempotency record on any error
 * of the request — including the errors its own `before` raises for *another* request's
 * record: "already in progress" and "key reused with another body" (both 409). Deleting
 * there erases the first request's stored answer, or the lock of a request still running,
 * and the next replay executes again — a second credential under one key. So the record
 * is deleted only by the request that created it, and only when that request failed after
 * creating it: `before` completed without answering from the store.
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Request as MiddyRequest } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Config } from '../config.ts';

/** `request.internal` flag: this request holds the in-progress record it created. */
const OWNS_IDEMPOTENCY_RECORD = 'sealedRecords.ownsIdempotencyRecord';

type Request = MiddyRequest<unknown, unknown, Error, Context, Record<string, unknown>>;

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
    /** A stored answer (a replay) short-circuits the handler; otherwise this request owns the record. */
    before: async function idempotentRequestsBefore(request: Request) {
      const replay = await idempotency.before?.(request as never);
      if (replay !== undefined) return replay;
      request.internal[OWNS_IDEMPOTENCY_RECORD] = true;
    },
    /** Once the answer is stored the record is no longer this request's to remove. */
    after: async function idempotentRequestsAfter(request: Request) {
      await idempotency.after?.(request as never);
      request.internal[OWNS_IDEMPOTENCY_RECORD] = false;
    },
    /**
     * Removing the in-progress record can itself fail when the table is what failed; the
     * request's own error must still reach the problem mapper, and the record then simply
     * expires (retries meanwhile get 409 request-in-progress).
     */
    onError: async function idempotentRequestsOnError(request: Request) {
      if (request.internal[OWNS_IDEMPOTENCY_RECORD] !== true) return;
      try {
        await idempotency.onError?.(request as never);
      } catch {
        // deliberately ignored: see above
      }
    },
  };
}
