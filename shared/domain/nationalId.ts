/**
 * The PRC 18-character citizen identity number (GB 11643-1999): a 6-digit address code,
 * the 8-digit birth date YYYYMMDD, a 3-digit sequence code and an ISO 7064 MOD 11-2 check
 * character. Error messages never repeat the number: it is personal data.
 */
import { type CivilDate, isCivilDate } from './calendar.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const SHAPE = /^\d{17}[\dXx]$/;
const FIRST_17 = /^\d{17}$/;

/** Trims and upper-cases the check character 'x', the form stored and blind-indexed. */
export function normalizeNationalId(s: string): string {
  return s.trim().toUpperCase();
}

/** The ISO 7064 MOD 11-2 check character ('0'–'9' or 'X') for the first 17 digits. */
function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i += 1) {
    sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARACTERS.charAt(sum % 11);
}

function embeddedBirthDate(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/**
 * True for 17 digits plus a check character ('0'–'9', 'X' or 'x') whose MOD 11-2 checksum
 * holds and whose characters 7–14 are a real birth date. Not normalised first: surrounding
 * spaces make it invalid.
 */
export function isValidNationalId(s: string): boolean {
  if (!SHAPE.test(s)) return false;
  if (checkCharacter(s.slice(0, 17)) !== s.charAt(17).toUpperCase()) return false;
  return isCivilDate(embeddedBirthDate(s));
}

/** The birth date encoded in characters 7–14; throws `RangeError` for an invalid number. */
export function birthDateFromNationalId(s: string): CivilDate {
  const id = normalizeNationalId(s);
  if (!isValidNationalId(id)) throw new RangeError('Not a valid national ID');
  return embeddedBirthDate(id) as CivilDate;
}

/**
 * The form shown on certificates: first 6 and last 4 characters kept, the 8 between them
 * (the birth date) replaced by '*'. Throws `RangeError` unless it has 18 characters.
 */
export function maskNationalId(s: string): string {
  const id = normalizeNationalId(s);
  if (id.length !== 18) throw new RangeError('A national ID has 18 characters');
  return `${id.slice(0, 6)}${'*'.repeat(8)}${id.slice(14)}`;
}

/** Appends the check character to 17 digits: for tests and fixtures. */
export function nationalIdWithChecksum(first17: string): string {
  if (!FIRST_17.test(first17)) throw new RangeError('Expected exactly 17 digits');
  return `${first17}${checkCharacter(first17)}`;
}
