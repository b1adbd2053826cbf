/** What the reviews function is made of: its table, the oversight key for reasons, the audit log. */
import { DynamoDbReviewStore } from '../adapters/dynamodb/reviewStore.ts';
import type { Config } from '../config.ts';
import { reviewsFunction } from '../definitions/functions.ts';
import type { ReviewDependencies } from '../usecases/reviews.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { idempotencyStore } from './idempotency.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';

export async function composeReviews(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const dependencies: ReviewDependencies = {
    reviews: new DynamoDbReviewStore(documents, c.tables.reviews),
    cipher: await envelopeCipher(platform, ['oversight']),
    audit: await auditLog(platform, reviewsFunction.name),
    clock: clockOf(config),
  };
  return { dependencies, idempotency: await idempotencyStore(platform, reviewsFunction.name) };
}
