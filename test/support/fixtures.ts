/**
 * Synthetic people for tests: national IDs are generated at run time with the unused
 * area code 99xxxx (checksum-valid, never a real person's), names are marked as tests.
 * No real-looking personal data is committed.
 */
import { randomInt } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { nationalIdWithChecksum } from '#shared/domain/nationalId.ts';

export function syntheticNationalId(dateOfBirth: string): string {
  const area = `99${String(randomInt(0, 10_000)).padStart(4, '0')}`;
  const sequence = String(randomInt(0, 1000)).padStart(3, '0');
  return nationalIdWithChecksum(`${area}${dateOfBirth.replaceAll('-', '')}${sequence}`);
}

const syllables = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];

/** Equal length for equal `length`, so uniformity tests compare like with like. */
export function syntheticName(length = 4): string {
  let name = '测试';
  while (name.length < length) name += syllables[randomInt(0, syllables.length)];
  return name;
}

export type Person = { nationalId: string; name: string; dateOfBirth: string };

/** Every person handed out is recorded for the suite-wide log audit (test/support/logAudit.ts). */
export function syntheticPerson(dateOfBirth = '2004-06-15'): Person {
  const person = {
    nationalId: syntheticNationalId(dateOfBirth),
    name: syntheticName(),
    dateOfBirth,
  };
  const dir = process.env.TEST_LOG_DIR;
  if (dir) {
    const { nationalId, name } = person;
    appendFileSync(
      join(dir, `people-${process.pid}.jsonl`),
      `${JSON.stringify({ nationalId, name })}\n`,
    );
  }
  return person;
}

let caseCounter = 0;
export function syntheticCaseNumber(): string {
  caseCounter += 1;
  return `(2099)测0000刑初${randomInt(0, 1_000_000)}-${caseCounter}号`;
}

type Judgment = {
  person: Person;
  offenceDate: string;
  effectiveDate?: string;
  months?: number;
  penalty?: string;
  suspended?: boolean;
  caseNumber?: string;
  coDefendants?: Person[];
  intentional?: boolean;
  /** The Criminal Law article of the offence (default: 264, theft). */
  article?: string;
  probationMonths?: number;
  /** The earlier cases this judgment combined: case numbers, with their offence dates when given. */
  combinedWith?: (string | { caseNumber: string; offenceDate?: string })[];
  supersedesRecordId?: string;
  notify?: { role: string; org: string }[];
};

export function judgment(j: Judgment): Record<string, unknown> {
  const penalty = j.penalty ?? 'fixed-term-imprisonment';
  return {
    caseNumber: j.caseNumber ?? syntheticCaseNumber(),
    recordType: 'judgment',
    subject: {
      nationalId: j.person.nationalId,
      name: j.person.name,
      dateOfBirth: j.person.dateOfBirth,
    },
    offenceDate: j.offenceDate,
    effectiveDate:
      j.effectiveDate ?? j.offenceDate.replace(/^(\d{4})/, (y) => String(Number(y) + 1)),
    sentence: {
      penalty,
      ...(j.months !== undefined || penalty === 'fixed-term-imprisonment'
        ? { months: j.months ?? 24 }
        : {}),
      ...(j.suspended ? { suspended: true } : {}),
      ...(j.probationMonths !== undefined ? { probationMonths: j.probationMonths } : {}),
    },
    offences: [
      { name: '测试罪名', article: j.article ?? '264', intentional: j.intentional ?? true },
    ],
    ...(j.coDefendants
      ? { coDefendants: j.coDefendants.map((p) => ({ nationalId: p.nationalId })) }
      : {}),
    ...(j.combinedWith
      ? {
          combinedWith: j.combinedWith.map((combined) =>
            typeof combined === 'string' ? { caseNumber: combined } : combined,
          ),
        }
      : {}),
    ...(j.supersedesRecordId ? { supersedesRecordId: j.supersedesRecordId } : {}),
    ...(j.notify ? { notify: j.notify } : {}),
  };
}

export function relatedRecord(
  person: Person,
  recordType: string,
  offenceDate: string,
): Record<string, unknown> {
  return {
    caseNumber: syntheticCaseNumber(),
    recordType,
    subject: { nationalId: person.nationalId, name: person.name, dateOfBirth: person.dateOfBirth },
    offenceDate,
    effectiveDate: offenceDate.replace(/^(\d{4})/, (y) => String(Number(y) + 1)),
    offences: [{ name: '测试罪名', article: '264', intentional: true }],
  };
}
