/**
 * A conviction's entry in the disclosable set, with its letter facts sealed under the
 * letter-facts key (`shared/domain/inquiry/letterFacts.ts`): built wherever an entry is
 * written — the ingestion (and with it the bulk import) and the sealing service — from the
 * record's own facts, so that the letter function never needs to read a record.
 */
import {
  encodeLetterFacts,
  letterFactsContext,
  letterFactsOf,
} from '../domain/inquiry/letterFacts.ts';
import type { RecordFacts } from '../domain/record.ts';
import type { EnvelopeEncrypter } from '../ports/envelope.ts';
import type { DisclosableEntry } from '../ports/recordStore.ts';

/** Thrown for an entry asked for a record that is not a conviction with a sentence. */
export class NotAConvictionError extends Error {
  readonly code = 'not-a-conviction';
  constructor() {
    super('not-a-conviction: only a judgment with its sentence enters the disclosable set');
    this.name = 'NotAConvictionError';
  }
}

export async function disclosableEntryOf(
  encrypter: EnvelopeEncrypter,
  record: { blindIndex: string; recordId: string; submissionDigest: string },
  facts: RecordFacts,
): Promise<DisclosableEntry> {
  const letterFacts = letterFactsOf(facts);
  if (letterFacts === undefined) throw new NotAConvictionError();
  return {
    blindIndex: record.blindIndex,
    recordId: record.recordId,
    submissionDigest: record.submissionDigest,
    letterFacts: await encrypter.encrypt(
      encodeLetterFacts(letterFacts),
      'letter-facts',
      letterFactsContext(record.recordId),
    ),
  };
}
