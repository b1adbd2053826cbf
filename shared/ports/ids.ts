import { randomUUID } from 'node:crypto';

/**
 * Port: new identifiers, injected beside the clock so that a use case neither mints them
 * itself nor hides from a test which one it will use.
 */
export interface Ids {
  /** A random version-4 UUID (RFC 9562), unpredictable to anyone. */
  uuid(): string;
}

export const randomIds: Ids = { uuid: () => randomUUID() };
