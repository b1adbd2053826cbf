/**
 * What an inquiry result letter may know of one disclosable conviction (IM art. 17; RULES.md
 * §5): its offences (charge, Criminal Law article, intentional or not), its penalty, term and
 * probation, and the day it took effect — nothing else of the record. The writers of the
 * disclosable set keep these facts, encrypted under the letter-facts key, beside the entry, so
 * that the letter function reads the disclosable set and nothing else (DESIGN.md invariant 2).
 */
import * as z from 'zod';
import { type CivilDate, isCivilDate } from '../calendar.ts';
import { isCriminalLawArticle } from '../law/articles.ts';
import { penalties, type RecordFacts, type Sentence } from '../record.ts';

export type LetterOffence = { name: string; article: string; intentional: boolean };

export type LetterFacts = {
  offences: LetterOffence[];
  penalty: Sentence['penalty'];
  months?: number;
  suspended?: boolean;
  probationMonths?: number;
  effectiveDate: CivilDate;
};

const letterFactsSchema = z.strictObject({
  offences: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        article: z.string().refine(isCriminalLawArticle),
        intentional: z.boolean(),
      }),
    )
    .max(50),
  penalty: z.enum(penalties),
  months: z.int().positive().optional(),
  suspended: z.boolean().optional(),
  probationMonths: z.int().positive().optional(),
  effectiveDate: z.string().refine(isCivilDate),
});

/** The letter facts of a conviction (a judgment with its sentence); undefined for anything else. */
export function letterFactsOf(facts: RecordFacts): LetterFacts | undefined {
  if (facts.recordType !== 'judgment' || facts.sentence === undefined) return undefined;
  const { sentence } = facts;
  return {
    offences: facts.offences.map(({ name, article, intentional }) => ({
      name,
      article,
      intentional,
    })),
    penalty: sentence.penalty,
    ...(sentence.months !== undefined ? { months: sentence.months } : {}),
    ...(sentence.suspended ? { suspended: true } : {}),
    ...(sentence.suspended && sentence.probationMonths !== undefined
      ? { probationMonths: sentence.probationMonths }
      : {}),
    effectiveDate: facts.effectiveDate,
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeLetterFacts(facts: LetterFacts): Uint8Array {
  return encoder.encode(JSON.stringify(facts));
}

/** Thrown when stored letter facts are not of the form written: nothing is stated from them. */
export class InvalidLetterFactsError extends Error {
  readonly code = 'invalid-letter-facts';
  constructor(options?: { cause?: unknown }) {
    super('invalid-letter-facts: stored letter facts do not parse', options);
    this.name = 'InvalidLetterFactsError';
  }
}

export function decodeLetterFacts(bytes: Uint8Array): LetterFacts {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(bytes));
  } catch (cause) {
    throw new InvalidLetterFactsError({ cause });
  }
  const parsed = letterFactsSchema.safeParse(json);
  if (!parsed.success) throw new InvalidLetterFactsError({ cause: parsed.error });
  return parsed.data as LetterFacts;
}

/** The encryption context binding letter facts to their record (letter-facts key). */
export function letterFactsContext(recordId: string): Record<string, string> {
  return { recordId, purpose: 'letter-facts' };
}
