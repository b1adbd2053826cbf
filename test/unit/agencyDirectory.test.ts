/**
 * The agency directory (shared/domain/directory/agencyDirectory.ts; RULES.md §3, §6): its
 * data refused unless every org appears once with a 6-digit division; the division one level
 * up; and who must seal their copies of a sealed record (IM arts. 11–13).
 */
import { describe, expect, it } from 'vitest';
import {
  agencyDirectorySchema,
  parentDivision,
  sealingNoticeRoles,
} from '#shared/domain/directory/agencyDirectory.ts';

const court = { org: 'court-1', role: 'court', name: '测试区人民法院', division: '990105' };
const police = { org: 'psb-1', role: 'police', name: '测试区公安分局', division: '990105' };

describe('the directory data', () => {
  it('is accepted with each org once', () => {
    expect(
      agencyDirectorySchema.safeParse({ version: '1', agencies: [court, police] }).success,
    ).toBe(true);
  });

  it('is refused when an org appears twice, naming the agencies', () => {
    const result = agencyDirectorySchema.safeParse({
      version: '1',
      agencies: [court, { ...police, org: 'court-1' }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['agencies'], 'each org appears once'],
    ]);
  });

  it('is refused with a division that is not 6 digits, or a member it does not name', () => {
    for (const agency of [
      { ...court, division: '99010' },
      { ...court, division: '9901050' },
      { ...court, division: '99O105' },
      { ...court, address: 'x' },
    ]) {
      expect(agencyDirectorySchema.safeParse({ version: '1', agencies: [agency] }).success).toBe(
        false,
      );
    }
  });
});

describe('the division one level up', () => {
  it('is the prefecture of a county, the province of a prefecture, and none above', () => {
    expect(parentDivision('990105')).toBe('990100');
    expect(parentDivision('990100')).toBe('990000');
    expect(parentDivision('990000')).toBeUndefined();
    expect(parentDivision('991000')).toBe('990000');
  });
});

describe('who is sent a sealing notice', () => {
  const sealedBy = { role: 'court' as const, org: 'court-1' };

  it('is the procuratorate and the police of the sealing organisation’s division', () => {
    expect(sealingNoticeRoles({ sealedBy, nonCustodial: false })).toEqual([
      'procuratorate',
      'police',
    ]);
  });

  it('adds the justice bureau (community corrections) for a non-custodial sentence', () => {
    expect(sealingNoticeRoles({ sealedBy, nonCustodial: true })).toEqual([
      'procuratorate',
      'police',
      'justice',
    ]);
  });
});
