/** What the reviews function is made of: its table, the oversight key for reasons, the audit log. */
import { DynamoDbAuditLog } from '../adapters/dynamodb/auditLog.ts';
import { DynamoDbReviewStore } from '../adapters/dynamodb/reviewStore.ts';
import type { Config } from '../config.ts';
import { reviewsFunction } from '../definitions/functions.ts';
import { systemClock } from '../ports/clock.ts';
import type { ReviewDependencies } from '../usecases/reviews.ts';
import { envelopeCipher } from './envelopes.ts';
import { idempotencyStore } from './idempotency.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';

export async function composeReviews(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const dependencies: ReviewDependencies = {
    reviews: new DynamoDbReviewStore(documents, c.tables.reviews),
    cipher: await envelopeCipher(platform, ['oversight']),
    audit: new DynamoDbAuditLog(documents, c.tables.audit, c.auditChains),
    clock: systemClock,
  };
  return { dependencies, idempotency: await idempotencyStore(platform, reviewsFunction.name) };
}
