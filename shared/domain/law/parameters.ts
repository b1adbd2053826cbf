/**
 * Every legal parameter and article reference the rules use, in one versioned place, so a
 * lawyer can correct a threshold or a citation here and nowhere else (RULES.md preamble).
 * IM arts. 14–26 come from secondary sources; their numbers follow the seed's one anchor
 * (officials' accountability is art. 20), as RULES.md gives them. Bump `version` on any
 * change; decisions record the version they used.
 */
import type { AgencyRole } from '../agencies.ts';
import type { CivilDate } from '../calendar.ts';
import type { Penalty, RecordType } from '../record.ts';

/** Article references, as they appear in a decision's `basis`. */
export const LEGAL_BASIS = {
  /** CPL art. 286: records of minors sentenced to ≤ 5 years' imprisonment are sealed. */
  juvenileRecordSealing: 'CPL art. 286',
  /** IM art. 3: records related to a minor's case (non-conviction outcomes) are sealed. */
  relatedRecords: 'IM art. 3',
  /** IM art. 4: which criminal records of minors are sealed. */
  sealedCriminalRecords: 'IM art. 4',
  /** IM art. 4 §2: offences on both sides of the 18th birthday, by the main criminal conduct. */
  mainCriminalConduct: 'IM art. 4 §2',
  /** IM art. 5: an adult co-defendant is not sealed; the adult's record is marked. */
  jointCrime: 'IM art. 5',
  /** IM art. 6: other case records citing sealed information carry the same mark. */
  citingSealedInformation: 'IM art. 6',
  /** IM art. 7: an acquittal (insufficient evidence) of a minor is sealed too. */
  acquittalRecords: 'IM art. 7',
  /** IM arts. 11–13: sealing notices between the agencies of a case, confirmed within 3 days. */
  sealingNotices: 'IM arts. 11–13',
  /** IM art. 16: inquiries by units and judicial organs, on a written application. */
  inquiries: 'IM art. 16',
  /** IM art. 17: the purpose-and-confidentiality notice that goes with every disclosure. */
  disclosureNotice: 'IM art. 17',
  /** IM art. 18: the legal grounds for unsealing. */
  unsealingGrounds: 'IM art. 18',
  /** IM art. 19: unsealing counts from the date the ground arose; history is kept. */
  unsealingEffect: 'IM art. 19',
  /** IM art. 23: no date floor; records closed before the rules are sealed the same way. */
  noDateFloor: 'IM art. 23',
  /** IM art. 24: "not more than five years" includes five years. */
  thresholdInclusiveIm: 'IM art. 24',
  /** PJDL art. 59: records of a minor's case are kept confidential whatever the outcome. */
  juvenileDelinquencyRecords: 'PJDL art. 59',
  /** MPS art. 2: only convictions are criminal records. */
  criminalRecordDefinition: 'MPS art. 2',
  /** MPS: more than three applications a year need a stated justification. */
  applicationsPerYear: 'MPS',
  /** SPP art. 485: the procuratorate's unsealing grounds. */
  procuratorateUnsealing: 'SPP art. 485',
  /** CL art. 37: exemption from criminal punishment. */
  exemption: 'CL art. 37',
  /** CL art. 69: combined punishment for several offences; the decided term counts. */
  combinedPunishment: 'CL art. 69',
  /** CL art. 71: a new crime after sentencing, combined with what remains of the earlier sentence. */
  combinedAfterSentence: 'CL art. 71',
  /** CL art. 17: the age of criminal responsibility, and the offences each age answers for. */
  criminalResponsibility: 'CL art. 17',
  /** CL art. 72: which sentences can be suspended. */
  suspension: 'CL art. 72',
  /** CL art. 73: the probation of a suspended sentence. */
  probation: 'CL art. 73',
  /** CL art. 99: "not more than" includes the number itself. */
  thresholdInclusiveCl: 'CL art. 99',
  /** SPC-2006 art. 2: an age is reached on the day after the birthday. */
  ageReachedDayAfterBirthday: 'SPC-2006 art. 2',
  /** SPC-2021 art. 146: age not established → treated as not yet reached. */
  ageNotEstablished: 'SPC-2021 art. 146',
  /** CPL art. 105: a period whose last day is a holiday ends on the next working day. */
  periodEndingOnHoliday: 'CPL art. 105',
  /** SPC-2021 art. 581: exemption from punishment for minors. */
  juvenileExemption: 'SPC-2021 art. 581',
} as const;

export type LegalBasisKey = keyof typeof LEGAL_BASIS;

/** Penalties whose decided term is stated in months. */
export type TermPenalty = Extract<
  Penalty,
  'fixed-term-imprisonment' | 'criminal-detention' | 'public-surveillance'
>;

/** Penalties that can be suspended (CL art. 72). */
export type SuspendablePenalty = Extract<Penalty, 'fixed-term-imprisonment' | 'criminal-detention'>;

export type MonthRange = { readonly min: number; readonly max: number };

/**
 * A period in the unit its source states: `working-days` where the text says 工作日, `days`
 * (calendar days) where it says 日 — counted from the day after the event, and ending on the
 * next working day when its last day is a holiday or rest day (CPL art. 105).
 */
export type Period = {
  readonly count: number;
  readonly unit: 'working-days' | 'days';
  /** The provision that sets it. */
  readonly basis: string;
};

/** How a statutory holiday's first day is found in a year. */
export type HolidayDate =
  | { readonly calendar: 'solar'; readonly month: number; readonly day: number }
  /** A day of the lunar year that begins in that Gregorian year (农历). */
  | { readonly calendar: 'lunar'; readonly month: number; readonly day: number }
  /** A solar term (节气), in the Gregorian month it falls in. */
  | { readonly calendar: 'solar-term'; readonly term: 'pure_brightness'; readonly month: number };

/**
 * The holidays fixed in law for everyone (全国年节及纪念日放假办法): what a year without an
 * announced State Council schedule still certainly has off.
 */
export type StatutoryHolidays = {
  readonly basis: string;
  readonly holidays: readonly {
    readonly name: string;
    readonly date: HolidayDate;
    /** Days off relative to `date`: the Spring Festival runs from New Year's Eve (-1) to the 3rd day (2). */
    readonly days: readonly number[];
  }[];
  /** A holiday falling on a Saturday or Sunday is made up on a working day (art. 6). */
  readonly weekendHolidaysMadeUp: boolean;
};

export type LegalParameters = {
  readonly version: string;
  /** Age of majority (CL art. 17; SPC-2006 art. 2). */
  readonly ageOfMajority: number;
  /** Longest fixed-term sentence still sealed, inclusive (CPL art. 286; CL 99; IM art. 24). */
  readonly sealingThresholdMonths: number;
  /** Valid decided terms, after combining offences (CL arts. 38, 42, 45, 69). */
  readonly monthRanges: { readonly [P in TermPenalty]: MonthRange };
  /** Longest term that can still be suspended (CL art. 72: up to three years). */
  readonly maxSuspendableMonths: { readonly [P in SuspendablePenalty]: number };
  /**
   * The probation a court may set for a suspended sentence (CL art. 73): never shorter than
   * the term itself, and within these bounds.
   */
  readonly probationMonths: { readonly [P in SuspendablePenalty]: MonthRange };
  /**
   * The age of criminal responsibility (CL art. 17, as amended in 2020), read by Criminal Law
   * article: no one is convicted for an act before `minimumAge` (12); from 12 to 13 only for
   * the `twelveToThirteen` articles, with the SPP's approval; from 14 to 15 only for the
   * `fourteenToFifteen` articles (CL 17 §2: intentional homicide, intentional injury causing
   * serious injury or death, rape, robbery, drug trafficking, arson, explosion, poisoning);
   * from `fullAge` (16) for every crime.
   */
  readonly criminalResponsibility: {
    readonly minimumAge: number;
    readonly twelveToThirteenFrom: number;
    readonly twelveToThirteen: readonly string[];
    readonly fourteenToFifteenFrom: number;
    readonly fourteenToFifteen: readonly string[];
    readonly fullAge: number;
  };
  /** CPL art. 286 took effect on this day; earlier judgments are sealed under IM art. 23. */
  readonly sealingLawInForce: CivilDate;
  /** The mark on an unsealed record that contains sealed information (IM arts. 5, 6). */
  readonly sealedInformationMark: string;
  /** Certificate applications a person may make in a calendar year without a justification (MPS). */
  readonly freeCertificateApplicationsPerYear: number;
  /**
   * PRC working days the owning organisation has to decide a review of a flagged record. No
   * source fixes it: the project takes the inquiry period (IM art. 16), a deployment may set
   * its own.
   */
  readonly reviewDecisionWorkingDays: number;
  /**
   * How long an agency has to confirm a sealing notice: IM arts. 11–13 say 三日 — calendar
   * days, not 工作日 — so CPL art. 105 counts them.
   */
  readonly noticeAcknowledgement: Period;
  /**
   * How long the addressed agency has to decide an inquiry application: IM art. 16 says three
   * working days (三个工作日), for every organ the Measures bind. The SPP's own rules give
   * procuratorates seven calendar days (七日以内, `SPP_INQUIRY_DECISION_PERIOD`); the later,
   * joint Measures are the default, and a deployment may set the SPP's period instead.
   */
  readonly inquiryDecision: { readonly [A in AgencyRole]: Period };
  /** A person's application to seal a record is decided within the inquiry's period (API.md). */
  readonly sealingApplicationDecision: { readonly [A in AgencyRole]: Period };
  /** The supervisor decides a review request within 7 days (SPP arts. 552–554: 七日, calendar days). */
  readonly opinionReviewDecision: Period;
  /** Holidays fixed in law, for years whose State Council schedule is not yet known. */
  readonly statutoryHolidays: StatutoryHolidays;
  /** Which agencies decide, and so may submit, each kind of record (API.md, Records). */
  readonly recordSubmitters: { readonly [T in RecordType]: readonly AgencyRole[] };
  readonly basis: { readonly [K in LegalBasisKey]: string };
};

const THREE_WORKING_DAYS: Period = { count: 3, unit: 'working-days', basis: 'IM art. 16' };

/** The SPP rules' period for a procuratorate's decision on an inquiry: seven calendar days. */
export const SPP_INQUIRY_DECISION_PERIOD: Period = {
  count: 7,
  unit: 'days',
  basis: 'SPP arts. 482–487',
};

export const LEGAL_PARAMETERS: LegalParameters = {
  version: '2022-05-30.4',
  ageOfMajority: 18,
  sealingThresholdMonths: 60,
  monthRanges: {
    // CL art. 42: detention 1–6 months; CL art. 69: combined at most one year.
    'criminal-detention': { min: 1, max: 12 },
    // CL art. 38: surveillance 3 months–2 years; CL art. 69: combined at most three years.
    'public-surveillance': { min: 3, max: 36 },
    // CL art. 45: 6 months–15 years; CL art. 69: at most 25 years combined.
    'fixed-term-imprisonment': { min: 6, max: 300 },
  },
  maxSuspendableMonths: {
    'criminal-detention': 12,
    'fixed-term-imprisonment': 36,
  },
  probationMonths: {
    // CL art. 73: detention — not less than the term, at most one year, at least two months.
    'criminal-detention': { min: 2, max: 12 },
    // CL art. 73: imprisonment — not less than the term, at most five years, at least one year.
    'fixed-term-imprisonment': { min: 12, max: 60 },
  },
  criminalResponsibility: {
    minimumAge: 12,
    twelveToThirteenFrom: 12,
    // CL 17 §3: intentional homicide, intentional injury causing death or grave injury by
    // especially cruel means.
    twelveToThirteen: ['232', '234'],
    fourteenToFifteenFrom: 14,
    // CL 17 §2: the eight offences; arson, explosion and poisoning are charged under CL 114
    // and 115; rape under 236; robbery 263; drug trafficking 347.
    fourteenToFifteen: ['114', '115', '232', '234', '236', '263', '347'],
    fullAge: 16,
  },
  sealingLawInForce: '2013-01-01' as CivilDate,
  sealedInformationMark: '含犯罪记录封存信息',
  freeCertificateApplicationsPerYear: 3,
  noticeAcknowledgement: { count: 3, unit: 'days', basis: 'IM arts. 11–13' },
  inquiryDecision: {
    court: THREE_WORKING_DAYS,
    procuratorate: THREE_WORKING_DAYS,
    police: THREE_WORKING_DAYS,
    justice: THREE_WORKING_DAYS,
  },
  sealingApplicationDecision: {
    court: THREE_WORKING_DAYS,
    procuratorate: THREE_WORKING_DAYS,
    police: THREE_WORKING_DAYS,
    justice: THREE_WORKING_DAYS,
  },
  opinionReviewDecision: { count: 7, unit: 'days', basis: 'SPP arts. 552–554' },
  statutoryHolidays: {
    basis: '全国年节及纪念日放假办法 (as amended 2024) arts. 2, 6',
    holidays: [
      { name: '元旦', date: { calendar: 'solar', month: 1, day: 1 }, days: [0] },
      // 农历除夕、正月初一至初三: from the eve (the day before the first day) to the 3rd day.
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
  },
  reviewDecisionWorkingDays: 3,
  recordSubmitters: {
    judgment: ['court'],
    acquittal: ['court'],
    'non-prosecution': ['procuratorate'],
    'no-criminal-responsibility': ['police', 'procuratorate', 'court'],
    'compulsory-measure': ['police', 'procuratorate', 'court'],
    'social-investigation': ['court', 'procuratorate', 'police', 'justice'],
    'assistance-education': ['court', 'procuratorate', 'police', 'justice'],
    'psychological-counselling': ['court', 'procuratorate', 'police', 'justice'],
    'judicial-assistance': ['court', 'procuratorate', 'police', 'justice'],
  },
  basis: LEGAL_BASIS,
};
