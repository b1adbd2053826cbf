/**
 * Every legal parameter the rules use, pinned to the provision that sets it (RULES.md; the
 * comments cite the article). A lawyer correcting a threshold changes parameters.ts and this
 * file together, and bumps the version: decisions record the version they used.
 */
import { describe, expect, it } from 'vitest';
import { agencyRoles } from '#shared/domain/agencies.ts';
import {
  LEGAL_BASIS,
  LEGAL_PARAMETERS,
  SPP_INQUIRY_DECISION_PERIOD,
} from '#shared/domain/law/parameters.ts';
import { recordTypes } from '#shared/domain/record.ts';

const P = LEGAL_PARAMETERS;

describe('Data: LEGAL_PARAMETERS', () => {
  it('is versioned', () => {
    expect(P.version).toBe('2022-05-30.4');
  });

  it('CL art. 17; SPC-2006 art. 2: majority at 18', () => {
    expect(P.ageOfMajority).toBe(18);
  });

  it('CPL art. 286; CL art. 99; IM art. 24: sentences up to five years, five included, are sealed', () => {
    expect(P.sealingThresholdMonths).toBe(60);
  });

  it('CL arts. 38, 42, 45, 69: the decided terms a record may carry, combined terms included', () => {
    expect(P.monthRanges).toStrictEqual({
      // 拘役 1–6 months; combined at most one year
      'criminal-detention': { min: 1, max: 12 },
      // 管制 3 months–2 years; combined at most three years
      'public-surveillance': { min: 3, max: 36 },
      // 有期徒刑 6 months–15 years; combined at most 25 years
      'fixed-term-imprisonment': { min: 6, max: 300 },
    });
  });

  it('CL art. 72: detention, and imprisonment of up to three years, may be suspended', () => {
    expect(P.maxSuspendableMonths).toStrictEqual({
      'criminal-detention': 12,
      'fixed-term-imprisonment': 36,
    });
  });

  it('CL art. 73: probation — detention two months to one year, imprisonment one to five years', () => {
    expect(P.probationMonths).toStrictEqual({
      'criminal-detention': { min: 2, max: 12 },
      'fixed-term-imprisonment': { min: 12, max: 60 },
    });
  });

  it('CL art. 17 (2020): none under 12; 12–13 homicide and injury; 14–15 the eight offences; 16 all', () => {
    expect(P.criminalResponsibility).toStrictEqual({
      minimumAge: 12,
      twelveToThirteenFrom: 12,
      twelveToThirteen: ['232', '234'],
      fourteenToFifteenFrom: 14,
      // 故意杀人 232, 故意伤害 234, 强奸 236, 抢劫 263, 贩卖毒品 347, 放火/爆炸/投放危险物质 114, 115
      fourteenToFifteen: ['114', '115', '232', '234', '236', '263', '347'],
      fullAge: 16,
    });
  });

  it('CPL art. 286 in force on 1 January 2013; the mark of IM arts. 5–6', () => {
    expect(P.sealingLawInForce).toBe('2013-01-01');
    expect(P.sealedInformationMark).toBe('含犯罪记录封存信息');
  });

  it('MPS practice: three certificate applications a year without a justification', () => {
    expect(P.freeCertificateApplicationsPerYear).toBe(3);
  });

  it('IM arts. 11–13: a sealing notice is confirmed within three calendar days (三日, CPL art. 105)', () => {
    expect(P.noticeAcknowledgement).toStrictEqual({
      count: 3,
      unit: 'days',
      basis: 'IM arts. 11–13',
    });
  });

  it('IM art. 16: every agency decides an inquiry, and a sealing application, in three working days', () => {
    const three = { count: 3, unit: 'working-days', basis: 'IM art. 16' };
    for (const role of agencyRoles) {
      expect(P.inquiryDecision[role], role).toStrictEqual(three);
      expect(P.sealingApplicationDecision[role], role).toStrictEqual(three);
    }
    expect(Object.keys(P.inquiryDecision).sort()).toEqual([...agencyRoles].sort());
    expect(Object.keys(P.sealingApplicationDecision).sort()).toEqual([...agencyRoles].sort());
    expect(P.reviewDecisionWorkingDays).toBe(3);
  });

  it('SPP arts. 482–487: a procuratorate’s own period is seven calendar days, for a deployment to choose', () => {
    expect(SPP_INQUIRY_DECISION_PERIOD).toStrictEqual({
      count: 7,
      unit: 'days',
      basis: 'SPP arts. 482–487',
    });
  });

  it('SPP arts. 552–554: a review request is decided within seven calendar days', () => {
    expect(P.opinionReviewDecision).toStrictEqual({
      count: 7,
      unit: 'days',
      basis: 'SPP arts. 552–554',
    });
  });

  it('全国年节及纪念日放假办法 (2024) arts. 2, 6: the holidays fixed in law, weekends made up', () => {
    expect(P.statutoryHolidays).toStrictEqual({
      basis: '全国年节及纪念日放假办法 (as amended 2024) arts. 2, 6',
      holidays: [
        { name: '元旦', date: { calendar: 'solar', month: 1, day: 1 }, days: [0] },
        { name: '春节', date: { calendar: 'lunar', month: 1, day: 1 }, days: [-1, 0, 1, 2] },
        {
          name: '清明节',
          date: { calendar: 'solar-term', term: 'pure_brightness', month: 4 },
          days: [0],
        },
        { name: '劳动节', date: { calendar: 'solar', month: 5, day: 1 }, days: [0, 1] },
        { name: '端午节', date: { calendar: 'lunar', month: 5, day: 5 }, days: [0] },
        { name: '中秋节', date: { calendar: 'lunar', month: 8, day: 15 }, days: [0] },
        { name: '国庆节', date: { calendar: 'solar', month: 10, day: 1 }, days: [0, 1, 2] },
      ],
      weekendHolidaysMadeUp: true,
    });
  });

  it('API.md, Records: who decides, and so may submit, each kind of record', () => {
    const all = ['court', 'procuratorate', 'police', 'justice'];
    expect(P.recordSubmitters).toStrictEqual({
      judgment: ['court'],
      acquittal: ['court'],
      'non-prosecution': ['procuratorate'],
      'no-criminal-responsibility': ['police', 'procuratorate', 'court'],
      'compulsory-measure': ['police', 'procuratorate', 'court'],
      'social-investigation': all,
      'assistance-education': all,
      'psychological-counselling': all,
      'judicial-assistance': all,
    });
    expect(Object.keys(P.recordSubmitters).sort()).toEqual([...recordTypes].sort());
  });
});

describe('Data: LEGAL_BASIS, the citations a decision’s basis carries (RULES.md preamble)', () => {
  it('cites each provision as RULES.md numbers it', () => {
    expect(LEGAL_BASIS).toStrictEqual({
      juvenileRecordSealing: 'CPL art. 286',
      relatedRecords: 'IM art. 3',
      sealedCriminalRecords: 'IM art. 4',
      mainCriminalConduct: 'IM art. 4 §2',
      jointCrime: 'IM art. 5',
      citingSealedInformation: 'IM art. 6',
      acquittalRecords: 'IM art. 7',
      sealingNotices: 'IM arts. 11–13',
      inquiries: 'IM art. 16',
      disclosureNotice: 'IM art. 17',
      unsealingGrounds: 'IM art. 18',
      unsealingEffect: 'IM art. 19',
      noDateFloor: 'IM art. 23',
      thresholdInclusiveIm: 'IM art. 24',
      juvenileDelinquencyRecords: 'PJDL art. 59',
      criminalRecordDefinition: 'MPS art. 2',
      applicationsPerYear: 'MPS',
      procuratorateUnsealing: 'SPP art. 485',
      exemption: 'CL art. 37',
      combinedPunishment: 'CL art. 69',
      combinedAfterSentence: 'CL art. 71',
      criminalResponsibility: 'CL art. 17',
      suspension: 'CL art. 72',
      probation: 'CL art. 73',
      thresholdInclusiveCl: 'CL art. 99',
      ageReachedDayAfterBirthday: 'SPC-2006 art. 2',
      ageNotEstablished: 'SPC-2021 art. 146',
      periodEndingOnHoliday: 'CPL art. 105',
      juvenileExemption: 'SPC-2021 art. 581',
    });
    expect(P.basis).toBe(LEGAL_BASIS);
  });

  it('keeps IM art. 20 (accountability) as the seed’s anchor: no citation past IM art. 26', () => {
    for (const citation of Object.values(LEGAL_BASIS)) {
      for (const match of citation.matchAll(/IM arts?\. (\d+)(?:–(\d+))?/g)) {
        expect(Number(match[2] ?? match[1]), citation).toBeLessThanOrEqual(26);
      }
    }
  });
});
