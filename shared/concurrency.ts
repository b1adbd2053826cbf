/**
 * Bounded parallelism for one page of a list: item reads and decryptions run a few at a time,
 * so a page is quick without flooding DynamoDB or KMS, and the page keeps its order.
 */
import pLimit from 'p-limit';

/** How many reads or decryptions of one page run at once. */
export const PAGE_CONCURRENCY = 16;

/** `items.map(fn)` in order, at most `PAGE_CONCURRENCY` calls at once. */
export function mapBounded<T, U>(items: readonly T[], fn: (item: T) => Promise<U>): Promise<U[]> {
  const limit = pLimit(PAGE_CONCURRENCY);
  return Promise.all(items.map((item) => limit(() => fn(item))));
}
