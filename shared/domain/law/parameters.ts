/**
 * Every legal parameter and article reference the rules use, in one versioned place, so a
 * lawyer can correct a threshold or a citation here and nowhere else (RULES.md preamble).
 * IM arts. 14–26 come from secondary sources and may be off by one: they are cited as
 * RULES.md gives them. Bump `version` on any change; decisions record the version they used.
 */
import type { CivilDate } from '../calendar.ts';
import type { Penalty } from '../record.ts';

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
  /** IM art. 7: non-prosecution, no-criminal-responsibility and similar records are sealed. */
  nonConvictionRecords: 'IM art. 7',
  /** IM art. 19: the legal grounds for unsealing. */
  unsealingGrounds: 'IM art. 19',
  /** IM art. 20: unsealing counts from the date the ground arose. */
  unsealingEffect: 'IM art. 20',
  /** IM art. 24: no date floor; records closed before the rules are sealed the same way. */
  noDateFloor: 'IM art. 24',
  /** IM art. 25: "not more than" includes the number itself. */
  thresholdInclusiveIm: 'IM art. 25',
  /** PJDL art. 59: records of a minor's case are kept confidential whatever the outcome. */
  juvenileDelinquencyRecords: 'PJDL art. 59',
  /** MPS art. 2: only convictions are criminal records. */
  criminalRecordDefinition: 'MPS art. 2',
  /** SPP art. 485: the procuratorate's unsealing grounds. */
  procuratorateUnsealing: 'SPP art. 485',
  /** CL art. 37: exemption from criminal punishment. */
  exemption: 'CL art. 37',
  /** CL art. 69: combined punishment for several offences; the decided term counts. */
  combinedPunishment: 'CL art. 69',
  /** CL art. 99: "not more than" includes the number itself. */
  thresholdInclusiveCl: 'CL art. 99',
  /** SPC-2006 art. 2: an age is reached on the day after the birthday. */
  ageReachedDayAfterBirthday: 'SPC-2006 art. 2',
  /** SPC-2021 art. 146: age not established → treated as not yet reached. */
  ageNotEstablished: 'SPC-2021 art. 146',
  /** SPC-2021 art. 581: exemption from punishment for minors. */
  juvenileExemption: 'SPC-2021 art. 581',
} as const;

export type LegalBasisKey = keyof typeof LEGAL_BASIS;

/** Penalties whose decided term is stated in months. */
export type TermPenalty = Extract<
  Penalty,
  'fixed-term-imprisonment' | 'criminal-detention' | 'public-surveillance'
>;

export type MonthRange = { readonly min: number; readonly max: number };

export type LegalParameters = {
  readonly version: string;
  /** Age of majority (CL art. 17; SPC-2006 art. 2). */
  readonly ageOfMajority: number;
  /** Longest fixed-term sentence still sealed, inclusive (CPL art. 286; CL 99; IM art. 25). */
  readonly sealingThresholdMonths: number;
  /** Valid decided terms, after combining offences (CL arts. 38, 42, 45, 69). */
  readonly monthRanges: { readonly [P in TermPenalty]: MonthRange };
  /** Longest probation the court can set, per suspended penalty (CL art. 73). */
  readonly maxProbationMonths: { readonly [P in Penalty]?: number };
  /** CPL art. 286 took effect on this day; earlier judgments are sealed under IM art. 24. */
  readonly sealingLawInForce: CivilDate;
  /** The mark on an unsealed record that contains sealed information (IM arts. 5, 6). */
  readonly sealedInformationMark: string;
  readonly basis: { readonly [K in LegalBasisKey]: string };
};

export const LEGAL_PARAMETERS: LegalParameters = {
  version: '2022-05-30.1',
  ageOfMajority: 18,
  sealingThresholdMonths: 60,
  monthRanges: {
    // The accepted input ranges of the record-ingestion contract. For detention and
    // surveillance these are the single-offence ranges (CL arts. 42, 38); CL art. 69 lets a
    // combined term reach 12 and 36 months. Widen here if agencies submit such terms:
    // sealing does not depend on them (both penalties are always sealable for a minor).
    'criminal-detention': { min: 1, max: 6 },
    'public-surveillance': { min: 3, max: 24 },
    // CL art. 45: 6 months–15 years; CL art. 69: at most 25 years combined.
    'fixed-term-imprisonment': { min: 6, max: 300 },
  },
  maxProbationMonths: {
    'criminal-detention': 12,
    'fixed-term-imprisonment': 60,
  },
  sealingLawInForce: '2013-01-01' as CivilDate,
  sealedInformationMark: '含犯罪记录封存信息',
  basis: LEGAL_BASIS,
};
