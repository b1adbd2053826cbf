/**
 * What the bulk-import function is made of: the ingestion's dependencies — encrypt-only
 * envelopes, the blind index, the record stores, the audit log and the sealing queue — and
 * no idempotency store. A retried batch is a no-op by each record's natural key, so the
 * function has neither the idempotency table nor an idempotency key (functions.ts), and its
 * composition must not build what its template does not give it.
 */
import type { Config } from '../config.ts';
import { bulkImportFunction } from '../definitions/functions.ts';
import type { IngestRecordDependencies } from '../usecases/ingestRecord.ts';
import { ingestDependencies } from './ingestRecord.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';

export async function composeBulkImport(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<IngestRecordDependencies> {
  return ingestDependencies(platformOf(config, overrides), bulkImportFunction.name);
}
