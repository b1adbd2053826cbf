/**
 * The registry of legal bases for third-party inquiries (IM art. 16; MPS art. 4; RULES.md §5),
 * pinned entry by entry: the statute and article, who may invoke it, what it discloses, to whom
 * an application may be addressed, and what its letters report — the Criminal Law articles,
 * intentional offences only, the least punishment, the period. A change to any of these is a
 * change to the law as the system applies it and must show up here.
 */
import { describe, expect, it } from 'vitest';
import type { AgencyRole } from '#shared/domain/agencies.ts';
import {
  BASES_NOT_ADDED,
  basisFlags,
  LEGAL_BASES,
  type LegalBasis,
  legalBasisById,
} from '#shared/domain/inquiry/legalBases.ts';

const ALL: AgencyRole[] = ['police', 'procuratorate', 'court', 'justice'];
/** 受过刑事处罚: any criminal punishment, which an exemption (CL art. 37) is not. */
const ANY = { minimumPenalty: 'supplementary-only' } as const;

/** MPL art. 62: sexual assault, abuse, trafficking, violent injury, and 262-2 (RULES.md §5). */
const MINORS = ['232', '234', '236', '236-1', '237', '240', '241', '242', '260', '260-1', '262-2'];
/** Notaries Law art. 20, 职务过失犯罪. */
const NEGLIGENT_OF_OFFICE = [
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
];
/** Company Law art. 178 ¶1(2): 贪污, 贿赂, 侵占财产, 挪用财产 (chapter 3 as a range). */
const COMPANY = [
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
];

type Expected = Pick<
  LegalBasis,
  'statute' | 'article' | 'inquirers' | 'disclosure' | 'addressees' | 'filter'
>;

const EXPECTED: Record<string, Expected> = {
  // 故意犯罪受到有期徒刑以上刑事处罚
  'teachers-law-14': {
    statute: 'Teachers Law of the PRC (教师法)',
    article: 'art. 14',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: { intentionalOnly: true, minimumPenalty: 'fixed-term-imprisonment' },
  },
  // 因犯罪受过刑事处罚
  'civil-servants-law-26': {
    statute: 'Civil Servants Law of the PRC (公务员法, 2018)',
    article: 'art. 26',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: ANY,
  },
  // 受过刑事处罚的，但过失犯罪的除外
  'lawyers-law-7': {
    statute: 'Lawyers Law of the PRC (律师法)',
    article: 'art. 7',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: { ...ANY, intentionalOnly: true },
  },
  // 曾因犯罪受过刑事处罚的: recruiting units, and the police recruiting their own
  'peoples-police-law-26': {
    statute: 'People’s Police Law of the PRC (人民警察法)',
    article: 'art. 26',
    inquirers: ['unit', 'police'],
    disclosure: 'letter',
    addressees: ALL,
    filter: ANY,
  },
  'judges-law-13': {
    statute: 'Judges Law of the PRC (法官法, 2019)',
    article: 'art. 13',
    inquirers: ['court'],
    disclosure: 'letter',
    addressees: ALL,
    filter: ANY,
  },
  'procurators-law-13': {
    statute: 'Procurators Law of the PRC (检察官法, 2019)',
    article: 'art. 13',
    inquirers: ['procuratorate'],
    disclosure: 'letter',
    addressees: ALL,
    filter: ANY,
  },
  // 性侵害、虐待、拐卖、暴力伤害 — by article, whatever the penalty; asked of police or procuratorate
  'minors-protection-law-62': {
    statute: 'Minors Protection Law of the PRC (未成年人保护法, 2020)',
    article: 'art. 62',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ['police', 'procuratorate'],
    filter: { articles: MINORS },
  },
  // 因故意犯罪或者职务过失犯罪受过刑事处罚
  'notaries-law-20': {
    statute: 'Notaries Law of the PRC (公证法)',
    article: 'art. 20',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: { ...ANY, intentionalOnly: true, negligentArticles: NEGLIGENT_OF_OFFICE },
  },
  // 无被刑事处罚…等不良记录
  'security-service-regulations-8': {
    statute: 'Security Service Regulations (保安服务管理条例, State Council)',
    article: 'art. 8',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: ANY,
  },
  // 曾因故意犯罪被刑事处罚的
  'security-service-regulations-17': {
    statute: 'Security Service Regulations (保安服务管理条例, State Council)',
    article: 'art. 17',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: { ...ANY, intentionalOnly: true },
  },
  // 无犯罪记录: every conviction
  'school-bus-safety-regulations-23': {
    statute: 'School Bus Safety Regulations (校车安全管理条例, State Council)',
    article: 'art. 23',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: undefined,
  },
  // 受刑事处罚，刑罚执行完毕不满二年
  'physicians-law-16': {
    statute: 'Physicians Law of the PRC (医师法, 2021)',
    article: 'art. 16',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: { ...ANY, period: { yearsAfterExecution: 2 } },
  },
  // 自刑罚执行完毕之日起至申请注册之日止不满五年
  'cpa-law-10': {
    statute: 'Certified Public Accountants Law of the PRC (注册会计师法)',
    article: 'art. 10',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: { ...ANY, period: { yearsAfterExecution: 5 } },
  },
  // 贪污、贿赂、侵占财产、挪用财产或者破坏社会主义市场经济秩序…执行期满未逾五年…缓刑…二年
  'company-law-178': {
    statute: 'Company Law of the PRC (公司法, 2023)',
    article: 'art. 178',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: {
      ...ANY,
      articles: COMPANY,
      articleRanges: [
        { from: 140, to: 231, title: '第三章 破坏社会主义市场经济秩序罪 (CL arts. 140–231)' },
      ],
      period: { yearsAfterExecution: 5, yearsAfterProbation: 2 },
    },
  },
  // 受过刑事处罚的: the courts and justice bureaus that select assessors
  'peoples-assessors-law-7': {
    statute: 'People’s Assessors Law of the PRC (人民陪审员法)',
    article: 'art. 7',
    inquirers: ['unit', 'court'],
    disclosure: 'letter',
    addressees: ALL,
    filter: ANY,
  },
  // 因故意犯罪受过刑事处罚的
  'auction-law-15': {
    statute: 'Auction Law of the PRC (拍卖法)',
    article: 'art. 15',
    inquirers: ['unit'],
    disclosure: 'letter',
    addressees: ALL,
    filter: { ...ANY, intentionalOnly: true },
  },
  // CPL art. 286: judicial organs handling a case read the whole file; never a unit
  'cpl-286-case-handling': {
    statute: 'Criminal Procedure Law of the PRC (刑事诉讼法)',
    article: 'art. 286',
    inquirers: ['court', 'procuratorate', 'police'],
    disclosure: 'full-file',
    addressees: ALL,
    filter: undefined,
  },
};

describe('Data: LEGAL_BASES, entry by entry', () => {
  it('holds exactly the bases pinned here, each once', () => {
    const ids = LEGAL_BASES.map(({ id }) => id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))(
    '%s: statute, article, inquirers, disclosure, addressees, filter',
    (id, expected) => {
      const basis = legalBasisById(id);
      expect(basis).toBeDefined();
      const { statute, article, inquirers, disclosure, addressees, filter } = basis as LegalBasis;
      expect({ statute, article, inquirers, disclosure, addressees, filter }).toStrictEqual(
        expected,
      );
    },
  );

  it('cites the article it names in the bar, in the statute’s own words', () => {
    for (const basis of LEGAL_BASES) {
      const number = basis.article.replace('art. ', '');
      expect(basis.bar, basis.id).toMatch(new RegExp(`\\(art\\. ${number}\\b`));
      expect(basis.bar, basis.id).toMatch(/[\u4e00-\u9fff]/u);
    }
  });

  it('lets no unit read the whole file, and gives units nothing the judicial organs alone may invoke', () => {
    for (const basis of LEGAL_BASES) {
      if (basis.disclosure === 'full-file') expect(basis.inquirers, basis.id).not.toContain('unit');
    }
    const unitBases = LEGAL_BASES.filter(({ inquirers }) => inquirers.includes('unit'));
    expect(unitBases.map(({ id }) => id)).not.toContain('judges-law-13');
    expect(unitBases.map(({ id }) => id)).not.toContain('procurators-law-13');
  });

  it('states, where the bar names a punishment, that an exemption from punishment is not one', () => {
    for (const basis of LEGAL_BASES) {
      if (basis.filter?.minimumPenalty !== 'supplementary-only') continue;
      const questions = (basis.readings ?? []).map(({ question }) => question).join('\n');
      expect(questions, basis.id).toMatch(/免予刑事处罚, CL art\. 37/);
    }
  });

  it('states, where a period runs from execution, that it is counted from the effective date', () => {
    for (const basis of LEGAL_BASES) {
      if (basis.filter?.period === undefined) continue;
      const readings = (basis.readings ?? []).map(({ reading }) => reading).join('\n');
      expect(readings, basis.id).toMatch(/counted from the effective date/);
    }
  });

  it('names the negligent crimes of office the Notaries Law reading reports, and those it does not', () => {
    const reading = legalBasisById('notaries-law-20')?.readings?.[1]?.reading;
    expect(reading).toBe(
      `The negligent offences under CL ${NEGLIGENT_OF_OFFICE.join(', ')}; professional negligence outside an office (e.g. 133, 134, 335) is not reported.`,
    );
  });

  it('has one flag, sealed records unclear, raised on Minors Protection Law art. 62 alone', () => {
    expect(basisFlags).toEqual(['sealed-records-unclear']);
    expect(LEGAL_BASES.filter(({ flags }) => flags !== undefined).map(({ id }) => id)).toEqual([
      'minors-protection-law-62',
    ]);
  });

  it('makes no basis of the Military Service Law, and says why', () => {
    expect(BASES_NOT_ADDED).toHaveLength(1);
    expect(BASES_NOT_ADDED[0]?.statute).toMatch(
      /^Military Service Law of the PRC \(兵役法, 2021\)/,
    );
    expect(BASES_NOT_ADDED[0]?.why).toMatch(/not 国家规定 \(CL art\. 96\)/);
  });
});

describe('Function: legalBasisById', () => {
  it('finds a basis by its exact ID and nothing else', () => {
    expect(legalBasisById('judges-law-13')?.article).toBe('art. 13');
    expect(legalBasisById('cpl-286-case-handling')?.disclosure).toBe('full-file');
    for (const id of [
      '',
      'judges-law',
      'Judges-law-13',
      ' judges-law-13',
      'military-service-law',
    ]) {
      expect(legalBasisById(id), JSON.stringify(id)).toBeUndefined();
    }
  });
});
