/**
 * CL art. 17 §§2–3 name intentional crimes only: a negligent offence charged under an article
 * the lists share — 失火罪 and the other negligent charges of CL 115 §2 — is never answerable
 * before 16, and is flagged for review like any other offence outside the lists.
 */
import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '#shared/domain/calendar.ts';
import type { RecordFacts } from '#shared/domain/record.ts';
import { criminalResponsibilityFlags } from '#shared/domain/sealing/criminalResponsibility.ts';

const d = parseCivilDate;

function conviction(offenceDate: string, offence: RecordFacts['offences'][number]) {
  return {
    recordType: 'judgment',
    dateOfBirth: d('2004-06-15'),
    offenceDate: d(offenceDate),
    effectiveDate: d('2023-01-01'),
    sentence: { penalty: 'fixed-term-imprisonment', months: 24 },
    offences: [offence],
  } satisfies RecordFacts;
}

const arson = { name: '放火罪', article: '115(1)', intentional: true };
const negligentFire = { name: '失火罪', article: '115(2)', intentional: false };

describe('CL art. 17: negligent offences before 16', () => {
  it('age 15, arson causing grave harm (CL 115 §1) → answerable, no flag', () => {
    expect(criminalResponsibilityFlags(conviction('2019-09-01', arson))).toEqual([]);
  });

  it('age 15, negligently causing a fire (CL 115 §2) → flagged: not answerable at 14–15', () => {
    expect(criminalResponsibilityFlags(conviction('2019-09-01', negligentFire))).toEqual([
      'offence-not-answerable-at-age',
    ]);
  });

  it('age 13, the same → flagged as 12–13 and not answerable', () => {
    expect(criminalResponsibilityFlags(conviction('2017-09-01', negligentFire))).toEqual([
      'aged-12-to-13-at-offence',
      'offence-not-answerable-at-age',
    ]);
  });

  it('age 16 → no flag: every offence is answerable from 16', () => {
    expect(criminalResponsibilityFlags(conviction('2020-06-16', negligentFire))).toEqual([]);
  });
});
