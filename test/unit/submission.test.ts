/** The facts the sealing rules read from a submission (API.md, Records). */
import { describe, expect, it } from 'vitest';
import { nationalIdWithChecksum } from '#shared/domain/nationalId.ts';
import { factsOf, type RecordSubmission } from '#shared/domain/submission.ts';

const nationalId = nationalIdWithChecksum('99000120040615001');

const submission: RecordSubmission = {
  caseNumber: '(2099)测0000刑初1号',
  recordType: 'judgment',
  subject: { nationalId, name: '测试甲乙', dateOfBirth: '2004-06-15' },
  offenceDate: '2020-09-01',
  effectiveDate: '2021-03-01',
  sentence: { penalty: 'fixed-term-imprisonment', months: 24 },
  offences: [{ name: 'theft', article: '264', intentional: true }],
};

describe('factsOf', () => {
  it('takes the facts as submitted, with the birth date the national ID encodes', () => {
    expect(factsOf(submission)).toEqual({
      recordType: 'judgment',
      dateOfBirth: '2004-06-15',
      dateOfBirthOnNationalId: '2004-06-15',
      ageEstablished: undefined,
      offenceDate: '2020-09-01',
      lastOffenceDate: undefined,
      mainConductAsMinor: undefined,
      effectiveDate: '2021-03-01',
      sentence: { penalty: 'fixed-term-imprisonment', months: 24 },
      offences: [{ name: 'theft', article: '264', intentional: true }],
      retrial: false,
    });
  });

  it('carries the optional facts the agency stated', () => {
    const facts = factsOf({
      ...submission,
      ageEstablished: false,
      lastOffenceDate: '2020-10-01',
      mainConductAsMinor: true,
    });
    expect(facts).toMatchObject({
      ageEstablished: false,
      lastOffenceDate: '2020-10-01',
      mainConductAsMinor: true,
    });
  });

  it('the ID’s birth date is read even when it contradicts the stated one', () => {
    const older = nationalIdWithChecksum('99000120030615001');
    expect(
      factsOf({ ...submission, subject: { ...submission.subject, nationalId: older } }),
    ).toMatchObject({ dateOfBirth: '2004-06-15', dateOfBirthOnNationalId: '2003-06-15' });
  });

  it('no birth date from an ID that is not valid, or not given', () => {
    const invalid = `${nationalId.slice(0, 17)}${nationalId.endsWith('0') ? '1' : '0'}`;
    expect(
      factsOf({ ...submission, subject: { ...submission.subject, nationalId: invalid } })
        .dateOfBirthOnNationalId,
    ).toBeUndefined();
    expect(
      factsOf({ ...submission, subject: { dateOfBirth: '2004-06-15' } }).dateOfBirthOnNationalId,
    ).toBeUndefined();
  });

  it('a submission naming the record it supersedes is a retrial', () => {
    expect(factsOf({ ...submission, supersedesRecordId: 'earlier' }).retrial).toBe(true);
  });
});
