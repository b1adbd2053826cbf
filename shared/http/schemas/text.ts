/**
 * The rules for free text from outside — request fields and identity claims alike — in one
 * place. Text must be well-formed Unicode: a lone surrogate (`"\ud800"` in JSON) becomes
 * U+FFFD once encoded as UTF-8, so two different case numbers or names would collide after
 * storage. Names and identifiers are one line without control characters: NUL, escape
 * sequences, line breaks or bidirectional overrides would change how a credential, an audit
 * entry or a log line reads. Messages name the rule, never the value.
 */
import * as z from 'zod';

const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/u;
/** Control characters other than tab and line breaks (which free text may contain). */
const CONTROL_IN_PARAGRAPHS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
const LINE_WHITESPACE = /[\t\n\r]/g;

export const WELL_FORMED_MESSAGE = 'must be well-formed Unicode (no unpaired surrogate)';
const SINGLE_LINE_MESSAGE = 'must not contain control characters or line breaks';
const PARAGRAPH_MESSAGE = 'must not contain control characters other than tab and line breaks';

/** True when the string has no unpaired UTF-16 surrogate. */
export function isWellFormedText(value: string): boolean {
  return value.isWellFormed();
}

/** True for one line of well-formed text without control or bidirectional-override characters. */
export function isSingleLineText(value: string): boolean {
  return value.isWellFormed() && !CONTROL.test(value);
}

type Limits = { min?: number; max: number };

/** Names, case numbers, offence names, claims: trimmed, one line, 1…max characters by default. */
export function singleLineText({ min = 1, max }: Limits) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine(isWellFormedText, WELL_FORMED_MESSAGE)
    .refine((value) => !CONTROL.test(value), SINGLE_LINE_MESSAGE);
}

/** Free text such as a justification: trimmed, well-formed, may span lines. */
export function paragraphText({ min = 1, max }: Limits) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine(isWellFormedText, WELL_FORMED_MESSAGE)
    .refine(
      (value) => !CONTROL_IN_PARAGRAPHS.test(value.replace(LINE_WHITESPACE, ' ')),
      PARAGRAPH_MESSAGE,
    );
}
