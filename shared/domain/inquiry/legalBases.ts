/**
 * The registry of legal bases for third-party inquiries (IM art. 16; MPS art. 4; RULES.md §5):
 * versioned data, one entry per statute article that lets a party ask about someone's
 * criminal record. A unit may inquire only under a basis that names its role; judicial organs
 * handling a case read the whole file (CPL art. 286). Correct an article here and nowhere else.
 *
 * Each entry was checked against the statute's text:
 * - Teachers Law art. 14: a person deprived of political rights, or sentenced to fixed-term
 *   imprisonment or more for an intentional crime, cannot obtain or keeps no teacher's licence.
 * - Civil Servants Law (2018) art. 26: a person who has received a criminal punishment for a
 *   crime may not be recruited as a civil servant.
 * - Lawyers Law art. 7: no practising certificate for a person who has received a criminal
 *   punishment, except for a negligent crime.
 * - People's Police Law art. 26: a person once punished for a crime may not serve as police.
 * - Judges Law (2019) art. 13 and Procurators Law (2019) art. 13: a person who has received a
 *   criminal punishment for a crime may not serve as a judge or a procurator.
 * - Minors Protection Law (2020) art. 62: units in close contact with minors ask the public
 *   security organ or the procuratorate whether an applicant has a record of sexual assault,
 *   abuse, trafficking or violent injury — and only that.
 * - CPL art. 286: sealed records are provided to no one, except judicial organs for handling
 *   a case and units inquiring under state regulations.
 */
import type { AgencyRole } from '../agencies.ts';
import { type OffenceCategory, offenceCategories } from '../record.ts';

export const REGISTRY_VERSION = '2026-12-01.1';

export { type OffenceCategory, offenceCategories };

export type InquirerRole = 'unit' | 'court' | 'procuratorate' | 'police';

export type LegalBasis = {
  id: string;
  statute: string;
  article: string;
  title: string;
  /** Roles that may invoke the basis. */
  inquirers: readonly InquirerRole[];
  /** An inquiry result letter, or the whole file (judicial organs handling a case). */
  disclosure: 'letter' | 'full-file';
  /** Agencies an application under this basis may be addressed to. */
  addressees: readonly AgencyRole[];
  /** When present, letters report only convictions in these categories. */
  offenceCategories?: readonly OffenceCategory[];
};

export const LEGAL_BASES: readonly LegalBasis[] = [
  {
    id: 'teachers-law-14',
    statute: 'Teachers Law of the PRC (教师法)',
    article: 'art. 14',
    title:
      'Teacher qualification: no licence after fixed-term imprisonment for an intentional crime',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ['police', 'procuratorate', 'court', 'justice'],
  },
  {
    id: 'civil-servants-law-26',
    statute: 'Civil Servants Law of the PRC (公务员法)',
    article: 'art. 26',
    title: 'Civil-service recruitment: no one who has received a criminal punishment',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ['police', 'procuratorate', 'court', 'justice'],
  },
  {
    id: 'lawyers-law-7',
    statute: 'Lawyers Law of the PRC (律师法)',
    article: 'art. 7',
    title:
      'Lawyer’s practising certificate: none after a criminal punishment (negligent crimes excepted)',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ['police', 'procuratorate', 'court', 'justice'],
  },
  {
    id: 'peoples-police-law-26',
    statute: 'People’s Police Law of the PRC (人民警察法)',
    article: 'art. 26',
    title: 'Police recruitment: no one once punished for a crime',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ['police', 'procuratorate', 'court', 'justice'],
  },
  {
    id: 'judges-law-13',
    statute: 'Judges Law of the PRC (法官法)',
    article: 'art. 13',
    title: 'Judges: no one who has received a criminal punishment for a crime',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ['police', 'procuratorate', 'court', 'justice'],
  },
  {
    id: 'procurators-law-13',
    statute: 'Procurators Law of the PRC (检察官法)',
    article: 'art. 13',
    title: 'Procurators: no one who has received a criminal punishment for a crime',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ['police', 'procuratorate', 'court', 'justice'],
  },
  {
    id: 'minors-protection-law-62',
    statute: 'Minors Protection Law of the PRC (未成年人保护法)',
    article: 'art. 62',
    title:
      'Units in close contact with minors: records of sexual assault, abuse, trafficking or violent injury only',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ['police', 'procuratorate'],
    offenceCategories: ['sexual-assault', 'abuse', 'trafficking', 'violent-injury'],
  },
  {
    id: 'cpl-286-case-handling',
    statute: 'Criminal Procedure Law of the PRC (刑事诉讼法)',
    article: 'art. 286',
    title: 'Judicial organs handling a case: the whole file, sealed records included',
    inquirers: ['court', 'procuratorate', 'police'],
    disclosure: 'full-file',
    addressees: ['court', 'procuratorate', 'police', 'justice'],
  },
];

export function legalBasisById(id: string): LegalBasis | undefined {
  return LEGAL_BASES.find((basis) => basis.id === id);
}

/**
 * The category of an offence named in a judgment when the court gave none: the Criminal
 * Law's own offence names (CL arts. 232–262, 236–237, 240, 260) mapped to the categories of
 * Minors Protection Law art. 62. An explicit category on the record always wins.
 */
export const OFFENCE_NAME_CATEGORIES: readonly { pattern: RegExp; category: OffenceCategory }[] = [
  { pattern: /强奸|猥亵|性侵|卖淫|rape|indecen|sexual/i, category: 'sexual-assault' },
  { pattern: /虐待|遗弃|abuse|maltreat/i, category: 'abuse' },
  { pattern: /拐卖|拐骗|收买被拐卖|traffick|abduct/i, category: 'trafficking' },
  {
    pattern: /故意伤害|故意杀人|抢劫|绑架|暴力|injur|homicide|murder|robbery|kidnap|violen/i,
    category: 'violent-injury',
  },
];

export function categoriesOfOffence(offence: {
  name: string;
  category?: OffenceCategory;
}): OffenceCategory[] {
  if (offence.category) return [offence.category];
  return OFFENCE_NAME_CATEGORIES.filter(({ pattern }) => pattern.test(offence.name)).map(
    ({ category }) => category,
  );
}
