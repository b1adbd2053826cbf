/**
 * The registry of legal bases for third-party inquiries (IM art. 16; MPS art. 4; RULES.md §5):
 * versioned data, one entry per statute article that lets a party ask about someone's
 * criminal record, and what a letter under it reports — its `filter`, read by Criminal Law
 * article and by the record's own facts, never by words in an offence name. Judicial organs
 * handling a case read the whole file (CPL art. 286). Correct an article here and nowhere else,
 * and bump `REGISTRY_VERSION` with every change: inquiries and audits cite it.
 *
 * Only laws and State Council regulations (国家规定, CL art. 96) are bases for units:
 * departmental rules (e.g. the political examination rules of conscription) are not.
 *
 * How each entry was checked: its bar was compared, clause by clause, with the statute's text
 * as the authors know it (cited in `bar`), the penalty words mapped onto the records' penalties
 * (`letterFilter.ts`), and the offences onto Criminal Law articles. The gazette texts were not
 * at hand; an entry whose article number or list the authors could not confirm says so in
 * `unverified`. Where a statute leaves open a question a letter turns on, `readings` states the
 * reading taken — always the one under which a letter never reports a conviction the bar does
 * not reach — and the deciding official sees it with the application.
 */
import type { AgencyRole } from '../agencies.ts';
import type { LetterFilter } from './letterFilter.ts';

export const REGISTRY_VERSION = '2026-12-06.1';

export type InquirerRole = 'unit' | 'court' | 'procuratorate' | 'police';

/**
 * Flags the deciding official sees with every application under a basis:
 * `sealed-records-unclear` — the statute does not say whether records sealed under CPL art.
 * 286 are reached (RULES.md §5); the registry's reading is that they are not.
 */
export const basisFlags = ['sealed-records-unclear'] as const;
export type BasisFlag = (typeof basisFlags)[number];

/** A question the statute leaves open that a letter under it turns on, and the reading taken. */
export type BasisReading = { question: string; reading: string };

export type LegalBasis = {
  id: string;
  statute: string;
  article: string;
  title: string;
  /** The bar as the statute states it, in its own words, with the clause. */
  bar: string;
  /** Roles that may invoke the basis. */
  inquirers: readonly InquirerRole[];
  /** Who invokes it in practice, where the role alone does not say. */
  invokedBy?: string;
  /** An inquiry result letter, or the whole file (judicial organs handling a case). */
  disclosure: 'letter' | 'full-file';
  /** Agencies an application under this basis may be addressed to. */
  addressees: readonly AgencyRole[];
  /** What its letters report; absent on a letter basis: every unsealed conviction. */
  filter?: LetterFilter;
  readings?: readonly BasisReading[];
  flags?: readonly BasisFlag[];
  /** What the authors could not confirm against the statute's text. */
  unverified?: string;
};

const ALL_AGENCIES: readonly AgencyRole[] = ['police', 'procuratorate', 'court', 'justice'];

/** "Any criminal punishment" (受过刑事处罚), which an exemption from punishment is not. */
const ANY_PUNISHMENT = { minimumPenalty: 'supplementary-only' } as const satisfies LetterFilter;

const EXEMPTION_READING: BasisReading = {
  question:
    'Is a conviction exempted from punishment (免予刑事处罚, CL art. 37) a criminal punishment received?',
  reading:
    'No: CL art. 37 convicts without punishing, and the bar names a punishment; such a conviction is not reported.',
};

const COMBINED_SENTENCE_READING: BasisReading = {
  question:
    'A judgment for several offences carries one combined sentence (CL art. 69): which offence received it?',
  reading:
    'The sentence is the judgment’s as decided; the letter lists only the offences the basis concerns, with that sentence.',
};

const POLITICAL_RIGHTS_READING: BasisReading = {
  question: 'The bar also reaches deprivation of political rights (剥夺政治权利, CL art. 54).',
  reading:
    'Records carry the principal penalty only (a supplementary penalty alone is `supplementary-only`, whichever it is), so that limb cannot be read from them and is not reported on its own.',
};

const PERIOD_READING: BasisReading = {
  question: 'The period runs from the day the punishment was executed (刑罚执行完毕).',
  reading:
    'Records carry the effective date, not the day execution ended (custody credit and commutation can end it any day after), so the period is counted from the effective date; a suspended sentence is reported while its probation runs. A long term served recently can therefore go unreported; a conviction the bar no longer reaches never is.',
};

/**
 * Minors Protection Law art. 62 by article. Sexual assault: CL 236 (强奸罪), 237 (强制猥亵、
 * 侮辱罪, 猥亵儿童罪) — the articles of the 2020 SPP/MOE/MPS opinion on the admission inquiry for
 * school staff (art. 4) — and 236-1 (负有照护职责人员性侵罪, CL Amendment XI, in force after the
 * opinion). Abuse: 260, 260-1. Trafficking: 240, 241, 242. Violent injury: 232, 234. The
 * organisation of minors for public-order violations (262-2) as RULES.md §5 lists it.
 */
const MINORS_PROTECTION_ARTICLES = [
  '232',
  '234',
  '236',
  '236-1',
  '237',
  '240',
  '241',
  '242',
  '260',
  '260-1',
  '262-2',
] as const;

/**
 * Notaries Law art. 20, 职务过失犯罪: the negligent crimes of office of CL chapter 9 (渎职罪) and
 * of state enterprises' staff (167, 168), and servicemen's negligent crimes of duty (425, 432).
 */
const NEGLIGENT_CRIMES_OF_OFFICE = [
  '167',
  '168',
  '397',
  '398',
  '399',
  '400',
  '406',
  '408',
  '408-1',
  '409',
  '412',
  '413',
  '419',
  '425',
  '432',
] as const;

/**
 * Company Law art. 178 ¶1(2): 贪污 (382), 贿赂 (163, 164, 385, 387, 388-1, 389, 390-1, 391, 392,
 * 393), 侵占财产 (270, 271), 挪用财产 (272, 273, 384), and CL chapter 3 破坏社会主义市场经济秩序罪
 * (arts. 140–231).
 */
const COMPANY_LAW_ARTICLES = [
  '163',
  '164',
  '270',
  '271',
  '272',
  '273',
  '382',
  '384',
  '385',
  '387',
  '388-1',
  '389',
  '390-1',
  '391',
  '392',
  '393',
] as const;

export const LEGAL_BASES: readonly LegalBasis[] = [
  {
    id: 'teachers-law-14',
    statute: 'Teachers Law of the PRC (教师法)',
    article: 'art. 14',
    title:
      'Teacher qualification: none after deprivation of political rights, or fixed-term imprisonment or more for an intentional crime',
    bar: '受到剥夺政治权利或者故意犯罪受到有期徒刑以上刑事处罚的，不能取得教师资格 (art. 14)',
    inquirers: ['unit'],
    invokedBy: 'education departments and teacher-qualification bodies, and schools recruiting',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: { intentionalOnly: true, minimumPenalty: 'fixed-term-imprisonment' },
    readings: [POLITICAL_RIGHTS_READING, COMBINED_SENTENCE_READING],
  },
  {
    id: 'civil-servants-law-26',
    statute: 'Civil Servants Law of the PRC (公务员法, 2018)',
    article: 'art. 26',
    title: 'Civil-service recruitment: no one who has received a criminal punishment for a crime',
    bar: '因犯罪受过刑事处罚的 (art. 26(1))',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: ANY_PUNISHMENT,
    readings: [EXEMPTION_READING],
  },
  {
    id: 'lawyers-law-7',
    statute: 'Lawyers Law of the PRC (律师法)',
    article: 'art. 7',
    title:
      'Lawyer’s practising certificate: none after a criminal punishment, negligent crimes excepted',
    bar: '受过刑事处罚的，但过失犯罪的除外 (art. 7(2))',
    inquirers: ['unit'],
    invokedBy:
      'justice bureaus (司法行政部门), which issue practising certificates (arts. 6–7), applying as a unit',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: { ...ANY_PUNISHMENT, intentionalOnly: true },
    readings: [EXEMPTION_READING, COMBINED_SENTENCE_READING],
  },
  {
    id: 'peoples-police-law-26',
    statute: 'People’s Police Law of the PRC (人民警察法)',
    article: 'art. 26',
    title: 'Police recruitment: no one once punished for a crime',
    bar: '曾因犯罪受过刑事处罚的 (art. 26 ¶2(1))',
    inquirers: ['unit', 'police'],
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: ANY_PUNISHMENT,
    readings: [EXEMPTION_READING],
  },
  {
    id: 'judges-law-13',
    statute: 'Judges Law of the PRC (法官法, 2019)',
    article: 'art. 13',
    title: 'Judges: no one who has received a criminal punishment for a crime',
    bar: '因犯罪受过刑事处罚的 (art. 13(1))',
    inquirers: ['court'],
    invokedBy: 'the courts that select judges',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: ANY_PUNISHMENT,
    readings: [EXEMPTION_READING],
  },
  {
    id: 'procurators-law-13',
    statute: 'Procurators Law of the PRC (检察官法, 2019)',
    article: 'art. 13',
    title: 'Procurators: no one who has received a criminal punishment for a crime',
    bar: '因犯罪受过刑事处罚的 (art. 13(1))',
    inquirers: ['procuratorate'],
    invokedBy: 'the procuratorates that select procurators',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: ANY_PUNISHMENT,
    readings: [EXEMPTION_READING],
  },
  {
    id: 'minors-protection-law-62',
    statute: 'Minors Protection Law of the PRC (未成年人保护法, 2020)',
    article: 'art. 62',
    title:
      'Units in close contact with minors: records of sexual assault, abuse, trafficking or violent injury only',
    bar: '查询应聘者是否具有性侵害、虐待、拐卖、暴力伤害等违法犯罪记录 (art. 62 ¶1), asked of the public security organ or the procuratorate',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ['police', 'procuratorate'],
    filter: { articles: MINORS_PROTECTION_ARTICLES },
    readings: [
      {
        question:
          'Does art. 62 reach records sealed under CPL art. 286 (a sexual offence committed as a minor)?',
        reading:
          'Not said. IM art. 17 and MPS art. 10 give a unit the letter of a person with no record for sealed records unless the basis explicitly provides otherwise, and art. 62 does not: sealed records are not reported (letters read the disclosable set only). Every application under this basis is flagged to the deciding official.',
      },
      {
        question: 'Which offences are "sexual assault" (性侵害)?',
        reading:
          'Those of CL 236 and 237 — 强奸, 强制猥亵、侮辱 (237 ¶1–2, insult included), 猥亵儿童 — as the 2020 SPP/MOE/MPS opinion on the admission inquiry for school staff (art. 4) reads them, and 236-1 (负有照护职责人员性侵, in force 2021-03-01). The prostitution offences (CL 358–360, 介绍卖淫 359(1) and 引诱幼女卖淫 359(2) included) are not reported as sexual assault.',
      },
      {
        question: 'Which offences are abuse, trafficking and violent injury?',
        reading:
          'Abuse: 260, 260-1. Trafficking: 240, 241, 242 (child abduction, 262, is not trafficking). Violent injury: 232, 234 (the negligent 233 and 235 are not). And 262-2. Robbery, kidnapping and the other offences "等" could add are not reported.',
      },
    ],
    flags: ['sealed-records-unclear'],
  },
  {
    id: 'notaries-law-20',
    statute: 'Notaries Law of the PRC (公证法)',
    article: 'art. 20',
    title:
      'Notaries: no one punished for an intentional crime or a negligent crime of office (职务过失犯罪)',
    bar: '因故意犯罪或者职务过失犯罪受过刑事处罚的 (art. 20(2))',
    inquirers: ['unit'],
    invokedBy:
      'justice bureaus (司法行政部门), which appoint notaries (art. 21), applying as a unit',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: {
      ...ANY_PUNISHMENT,
      intentionalOnly: true,
      negligentArticles: NEGLIGENT_CRIMES_OF_OFFICE,
    },
    readings: [
      EXEMPTION_READING,
      {
        question: 'Which negligent crimes are crimes of office?',
        reading: `The negligent offences under CL ${NEGLIGENT_CRIMES_OF_OFFICE.join(', ')}; professional negligence outside an office (e.g. 133, 134, 335) is not reported.`,
      },
    ],
    unverified: 'the list of negligent crimes of office is the authors’ reading of 职务过失犯罪',
  },
  {
    id: 'security-service-regulations-8',
    statute: 'Security Service Regulations (保安服务管理条例, State Council)',
    article: 'art. 8',
    title:
      'Security service companies: legal representative and principal managers without a record of criminal punishment',
    bar: '无被刑事处罚…等不良记录 (art. 8)',
    inquirers: ['unit'],
    invokedBy: 'public security organs licensing security service companies',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: ANY_PUNISHMENT,
    readings: [EXEMPTION_READING],
    unverified:
      'the article number and wording as amended in 2020 and 2022; the guards’ own bar (intentional crimes) is the next entry',
  },
  {
    id: 'security-service-regulations-17',
    statute: 'Security Service Regulations (保安服务管理条例, State Council)',
    article: 'art. 17',
    title: 'Security guards: no one punished for an intentional crime',
    bar: '曾因故意犯罪被刑事处罚的 (art. 17(2))',
    inquirers: ['unit'],
    invokedBy: 'security service companies and units recruiting their own guards',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: { ...ANY_PUNISHMENT, intentionalOnly: true },
    readings: [EXEMPTION_READING, COMBINED_SENTENCE_READING],
    unverified: 'the article number as amended in 2020 and 2022',
  },
  {
    id: 'school-bus-safety-regulations-23',
    statute: 'School Bus Safety Regulations (校车安全管理条例, State Council)',
    article: 'art. 23',
    title: 'School bus drivers: no criminal record',
    bar: '无犯罪记录 (art. 23(5))',
    inquirers: ['unit'],
    invokedBy: 'public security traffic administration and school bus operators',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
  },
  {
    id: 'physicians-law-16',
    statute: 'Physicians Law of the PRC (医师法, 2021)',
    article: 'art. 16',
    title: 'Physician registration: none within two years after a criminal punishment was executed',
    bar: '受刑事处罚，刑罚执行完毕不满二年 (art. 16(2))',
    inquirers: ['unit'],
    invokedBy: 'health departments registering physicians',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: { ...ANY_PUNISHMENT, period: { yearsAfterExecution: 2 } },
    readings: [
      EXEMPTION_READING,
      PERIOD_READING,
      {
        question: 'The bar also reaches an occupational ban not yet expired (CL art. 37-1).',
        reading: 'Records do not carry occupational bans; that limb is not reported.',
      },
    ],
  },
  {
    id: 'cpa-law-10',
    statute: 'Certified Public Accountants Law of the PRC (注册会计师法)',
    article: 'art. 10',
    title: 'CPA registration: none within five years after a criminal punishment was executed',
    bar: '因受刑事处罚，自刑罚执行完毕之日起至申请注册之日止不满五年的 (art. 10(2))',
    inquirers: ['unit'],
    invokedBy: 'the institutes of certified public accountants registering CPAs',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: { ...ANY_PUNISHMENT, period: { yearsAfterExecution: 5 } },
    readings: [EXEMPTION_READING, PERIOD_READING],
  },
  {
    id: 'company-law-178',
    statute: 'Company Law of the PRC (公司法, 2023)',
    article: 'art. 178',
    title:
      'Directors, supervisors and senior managers: none within five years after a punishment for corruption, bribery, embezzlement, misappropriation or economic crimes (two after probation)',
    bar: '因贪污、贿赂、侵占财产、挪用财产或者破坏社会主义市场经济秩序，被判处刑罚…执行期满未逾五年，被宣告缓刑的，自缓刑考验期满之日起未逾二年 (art. 178 ¶1(2))',
    inquirers: ['unit'],
    invokedBy: 'companies and market regulation departments',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: {
      ...ANY_PUNISHMENT,
      articles: COMPANY_LAW_ARTICLES,
      articleRanges: [
        { from: 140, to: 231, title: '第三章 破坏社会主义市场经济秩序罪 (CL arts. 140–231)' },
      ],
      period: { yearsAfterExecution: 5, yearsAfterProbation: 2 },
    },
    readings: [
      EXEMPTION_READING,
      PERIOD_READING,
      POLITICAL_RIGHTS_READING,
      COMBINED_SENTENCE_READING,
    ],
  },
  {
    id: 'peoples-assessors-law-7',
    statute: 'People’s Assessors Law of the PRC (人民陪审员法)',
    article: 'art. 7',
    title: 'People’s assessors: no one who has received a criminal punishment',
    bar: '受过刑事处罚的 (art. 7(1))',
    inquirers: ['unit', 'court'],
    invokedBy:
      'the basic courts and justice bureaus that select assessors (arts. 9–10), a justice bureau applying as a unit',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: ANY_PUNISHMENT,
    readings: [EXEMPTION_READING],
  },
  {
    id: 'auction-law-15',
    statute: 'Auction Law of the PRC (拍卖法)',
    article: 'art. 15',
    title: 'Auctioneers: no one who has received a criminal punishment for an intentional crime',
    bar: '因故意犯罪受过刑事处罚的，不得担任拍卖师 (art. 15 ¶2)',
    inquirers: ['unit'],
    invokedBy: 'the auction industry association and auction companies',
    disclosure: 'letter',
    addressees: ALL_AGENCIES,
    filter: { ...ANY_PUNISHMENT, intentionalOnly: true },
    readings: [EXEMPTION_READING, COMBINED_SENTENCE_READING],
  },
  {
    id: 'cpl-286-case-handling',
    statute: 'Criminal Procedure Law of the PRC (刑事诉讼法)',
    article: 'art. 286',
    title: 'Judicial organs handling a case: the whole file, sealed records included',
    bar: '司法机关为办案需要…进行查询的除外 (art. 286)',
    inquirers: ['court', 'procuratorate', 'police'],
    disclosure: 'full-file',
    addressees: ALL_AGENCIES,
  },
];

/**
 * Statutes considered and not made bases, with why: a registry entry whose letter could not
 * state the statute's bar would tell a unit "no criminal record" when it does not know.
 */
export const BASES_NOT_ADDED: readonly { statute: string; why: string }[] = [
  {
    statute:
      'Military Service Law of the PRC (兵役法, 2021) and the Conscription Regulations (征兵工作条例)',
    why: 'Their bars — not conscripted while being prosecuted or serving a sentence, none for those deprived of political rights — turn on the state of execution and on supplementary penalties, which records do not carry; the bar on any criminal punishment is in the political examination rules for conscripts, departmental rules and not 国家规定 (CL art. 96). Article numbers after the 2021 revision were not verified.',
  },
];

export function legalBasisById(id: string): LegalBasis | undefined {
  return LEGAL_BASES.find((basis) => basis.id === id);
}
