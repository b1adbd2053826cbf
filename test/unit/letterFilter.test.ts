/**
 * Letters by statute, by article (RULES.md §5): every letter basis × offence article ×
 * intentional/negligent × penalty, against an expectation written here from each statute's
 * own words — not from the registry's filter — and the cases the legal review named.
 */
import { describe, expect, it } from 'vitest';
import { type CivilDate, parseCivilDate as day } from '#shared/domain/calendar.ts';
import {
  BASES_NOT_ADDED,
  LEGAL_BASES,
  legalBasisById,
  REGISTRY_VERSION,
} from '#shared/domain/inquiry/legalBases.ts';
import { convictionsForLetter } from '#shared/domain/inquiry/letterContent.ts';
import type { LetterFacts } from '#shared/domain/inquiry/letterFacts.ts';
import {
  decodeLetterFacts,
  encodeLetterFacts,
  letterFactsOf,
} from '#shared/domain/inquiry/letterFacts.ts';
import {
  barEnds,
  offencesConcerned,
  PENALTY_ORDER,
  reportedOffences,
} from '#shared/domain/inquiry/letterFilter.ts';
import { isCriminalLawArticle } from '#shared/domain/law/articles.ts';
import { articleOfCharge } from '#shared/domain/law/charges.ts';
import { type Penalty, penalties } from '#shared/domain/record.ts';

const EFFECTIVE: CivilDate = day('2024-05-01');
/** A day well inside every period of the registry, for the cross product. */
const SOON: CivilDate = day('2024-06-01');

type Intent = 'intentional' | 'negligent';

/** Articles that exercise every filter: property, violence, sex, prostitution, abuse, duty, economy. */
const ARTICLES = [
  '264', // 盗窃
  '133', // 交通肇事 (negligent)
  '232', // 故意杀人
  '233', // 过失致人死亡
  '234', // 故意伤害
  '236',
  '236-1',
  '237',
  '239', // 绑架
  '240',
  '241',
  '242',
  '260',
  '260-1',
  '261', // 遗弃
  '262', // 拐骗儿童
  '262-2',
  '263', // 抢劫
  '358',
  '359(1)',
  '359(2)',
  '382', // 贪污
  '385', // 受贿
  '271', // 职务侵占
  '140', // 生产、销售伪劣产品 (ch. 3, first)
  '224-1', // 组织、领导传销活动 (ch. 3, 之一)
  '230', // 逃避商检 (ch. 3, last charge)
  '232',
  '397', // 玩忽职守 / 滥用职权
  '335', // 医疗事故
] as const;

const rank = (penalty: Penalty) =>
  [
    'exempted',
    'supplementary-only',
    'public-surveillance',
    'criminal-detention',
    'fixed-term-imprisonment',
    'life-imprisonment',
    'death',
  ].indexOf(penalty);
const punished = (penalty: Penalty) => penalty !== 'exempted';
const baseNumber = (article: string) => Number.parseInt(article, 10);

/**
 * Each letter basis as its statute reads, written independently of the registry's filters.
 * `true`: a conviction for one offence of this article and intent, with this penalty, effective
 * a month ago, is reported.
 */
const STATUTE: Record<string, (article: string, intent: Intent, penalty: Penalty) => boolean> = {
  // 故意犯罪受到有期徒刑以上刑事处罚
  'teachers-law-14': (_a, intent, p) =>
    intent === 'intentional' && rank(p) >= rank('fixed-term-imprisonment'),
  // 因犯罪受过刑事处罚
  'civil-servants-law-26': (_a, _i, p) => punished(p),
  // 受过刑事处罚的，但过失犯罪的除外
  'lawyers-law-7': (_a, intent, p) => punished(p) && intent === 'intentional',
  'peoples-police-law-26': (_a, _i, p) => punished(p),
  'judges-law-13': (_a, _i, p) => punished(p),
  'procurators-law-13': (_a, _i, p) => punished(p),
  // 性侵害、虐待、拐卖、暴力伤害: by article, whatever the penalty
  'minors-protection-law-62': (a) =>
    ['232', '234', '236', '236-1', '237', '240', '241', '242', '260', '260-1', '262-2'].includes(a),
  // 因故意犯罪或者职务过失犯罪受过刑事处罚
  'notaries-law-20': (a, intent, p) => punished(p) && (intent === 'intentional' || a === '397'),
  'security-service-regulations-8': (_a, _i, p) => punished(p),
  'security-service-regulations-17': (_a, intent, p) => punished(p) && intent === 'intentional',
  // 无犯罪记录
  'school-bus-safety-regulations-23': () => true,
  'physicians-law-16': (_a, _i, p) => punished(p),
  'cpa-law-10': (_a, _i, p) => punished(p),
  // 贪污、贿赂、侵占财产、挪用财产或者破坏社会主义市场经济秩序，被判处刑罚
  'company-law-178': (a, _i, p) =>
    punished(p) &&
    (['382', '385', '271'].includes(a) || (baseNumber(a) >= 140 && baseNumber(a) <= 231)),
  'peoples-assessors-law-7': (_a, _i, p) => punished(p),
  // 因故意犯罪受过刑事处罚
  'auction-law-15': (_a, intent, p) => punished(p) && intent === 'intentional',
};

function conviction(
  offences: { article: string; intentional: boolean; name?: string }[],
  penalty: Penalty,
  extra: Partial<LetterFacts> = {},
): LetterFacts {
  return {
    offences: offences.map(({ article, intentional, name }) => ({
      name: name ?? `罪名${article}`,
      article,
      intentional,
    })),
    penalty,
    ...(['fixed-term-imprisonment', 'criminal-detention', 'public-surveillance'].includes(penalty)
      ? { months: penalty === 'criminal-detention' ? 4 : 18 }
      : {}),
    effectiveDate: EFFECTIVE,
    ...extra,
  };
}

const letterBases = LEGAL_BASES.filter((basis) => basis.disclosure === 'letter');

describe('Data: LEGAL_BASES', () => {
  it('has an expectation written from the statute for every letter basis, and no other', () => {
    expect(Object.keys(STATUTE).sort()).toEqual(letterBases.map((basis) => basis.id).sort());
  });

  it('cites a statute, an article and the bar in its own words for every basis', () => {
    for (const basis of LEGAL_BASES) {
      expect(basis.statute, basis.id).toMatch(/\S/);
      expect(basis.article, basis.id).toMatch(/^art\. \d+/);
      expect(basis.bar, basis.id).toMatch(/[\u4e00-\u9fff].*\(art\. \d+/u);
      expect(basis.inquirers.length, basis.id).toBeGreaterThan(0);
    }
  });

  it('names only well-formed Criminal Law articles in its filters', () => {
    for (const basis of LEGAL_BASES) {
      const listed = [
        ...(basis.filter?.articles ?? []),
        ...(basis.filter?.negligentArticles ?? []),
      ];
      for (const article of listed) expect(isCriminalLawArticle(article), article).toBe(true);
    }
  });

  it('gives the Judges Law to courts, the Procurators Law to procuratorates, units none of theirs', () => {
    expect(legalBasisById('judges-law-13')?.inquirers).toEqual(['court']);
    expect(legalBasisById('procurators-law-13')?.inquirers).toEqual(['procuratorate']);
    expect(legalBasisById('lawyers-law-7')?.invokedBy).toMatch(/justice bureaus/);
  });

  it('flags Minors Protection Law art. 62 for the deciding official and states its reading of sealed records', () => {
    const basis = legalBasisById('minors-protection-law-62');
    expect(basis?.flags).toEqual(['sealed-records-unclear']);
    expect(basis?.readings?.[0]?.reading).toMatch(/sealed records are not reported/);
    expect(basis?.addressees).toEqual(['police', 'procuratorate']);
    const flagged = LEGAL_BASES.filter((b) => (b.flags ?? []).length > 0).map((b) => b.id);
    expect(flagged).toEqual(['minors-protection-law-62']);
  });

  it('adds the bases real units use, says which it could not verify, and why the Military Service Law is none', () => {
    for (const id of [
      'notaries-law-20',
      'security-service-regulations-8',
      'security-service-regulations-17',
      'school-bus-safety-regulations-23',
      'physicians-law-16',
      'cpa-law-10',
      'company-law-178',
      'peoples-assessors-law-7',
      'auction-law-15',
    ]) {
      expect(legalBasisById(id), id).toBeDefined();
    }
    expect(legalBasisById('security-service-regulations-8')?.unverified).toMatch(/article number/);
    expect(BASES_NOT_ADDED.map(({ statute }) => statute).join()).toMatch(/Military Service Law/);
    expect(REGISTRY_VERSION).toBe('2026-12-06.1');
  });

  it('reads no words in a name: a renamed offence under the same article is reported alike', () => {
    for (const basis of letterBases) {
      const named = reportedOffences(
        basis.filter,
        conviction(
          [{ article: '237', intentional: true, name: '强制猥亵、侮辱罪' }],
          'criminal-detention',
        ),
        SOON,
      );
      const renamed = reportedOffences(
        basis.filter,
        conviction([{ article: '237', intentional: true, name: 'xyz' }], 'criminal-detention'),
        SOON,
      );
      expect(renamed.length, basis.id).toBe(named.length);
    }
  });
});

describe('Function: reportedOffences, every basis × article × intent × penalty', () => {
  const cases = letterBases.flatMap((basis) =>
    ARTICLES.flatMap((article) =>
      (['intentional', 'negligent'] as const).flatMap((intent) =>
        penalties.map((penalty) => ({ basis, article, intent, penalty })),
      ),
    ),
  );

  it(`agrees with each statute in all ${cases.length} cases`, () => {
    const wrong = cases.filter(({ basis, article, intent, penalty }) => {
      const facts = conviction([{ article, intentional: intent === 'intentional' }], penalty);
      const reported = reportedOffences(basis.filter, facts, SOON).length > 0;
      return reported !== STATUTE[basis.id]?.(article, intent, penalty);
    });
    expect(
      wrong.map(
        ({ basis, article, intent, penalty }) => `${basis.id} ${article} ${intent} ${penalty}`,
      ),
    ).toEqual([]);
  });
});

describe('Function: convictionsForLetter, the review’s cases', () => {
  const mpl = legalBasisById('minors-protection-law-62');
  const teachers = legalBasisById('teachers-law-14');
  const lawyers = legalBasisById('lawyers-law-7');
  if (!mpl || !teachers || !lawyers) throw new Error('bases missing');

  it('under MPL art. 62 reports 强制侮辱 (CL 237), by the article the charge list gives it', () => {
    const article = articleOfCharge('强制猥亵、侮辱罪');
    expect(article).toBe('237');
    const letter = convictionsForLetter(
      [
        conviction(
          [{ article: article ?? '', intentional: true, name: '强制猥亵、侮辱罪' }],
          'criminal-detention',
        ),
      ],
      mpl,
      SOON,
    );
    expect(letter).toEqual([
      {
        offences: ['强制猥亵、侮辱罪'],
        penalty: 'criminal-detention',
        months: 4,
        effectiveDate: EFFECTIVE,
      },
    ]);
  });

  it('under MPL art. 62 does not report 介绍卖淫 (CL 359(1)) — nor 引诱幼女卖淫 (359(2)) — as sexual assault, as its reading states', () => {
    for (const name of ['引诱、容留、介绍卖淫罪', '引诱幼女卖淫罪']) {
      const article = articleOfCharge(name) ?? '';
      expect(article).toMatch(/^359\(\d\)$/);
      expect(
        convictionsForLetter(
          [conviction([{ article, intentional: true, name }], 'fixed-term-imprisonment')],
          mpl,
          SOON,
        ),
      ).toEqual([]);
    }
    expect(mpl.readings?.map(({ reading }) => reading).join()).toMatch(/介绍卖淫 359\(1\)/);
  });

  it('under MPL art. 62 lists only the offences it concerns of a judgment for several', () => {
    const letter = convictionsForLetter(
      [
        conviction(
          [
            { article: '264', intentional: true, name: '盗窃罪' },
            { article: '260-1', intentional: true, name: '虐待被监护、看护人罪' },
          ],
          'fixed-term-imprisonment',
        ),
      ],
      mpl,
      SOON,
    );
    expect(letter.map(({ offences }) => offences)).toEqual([['虐待被监护、看护人罪']]);
  });

  it('under the Teachers and Lawyers Laws does not report a negligent crime', () => {
    const negligent = conviction(
      [{ article: '133', intentional: false, name: '交通肇事罪' }],
      'fixed-term-imprisonment',
    );
    expect(convictionsForLetter([negligent], teachers, SOON)).toEqual([]);
    expect(convictionsForLetter([negligent], lawyers, SOON)).toEqual([]);
    const intentional = conviction(
      [{ article: '264', intentional: true }],
      'fixed-term-imprisonment',
    );
    expect(convictionsForLetter([intentional], teachers, SOON)).toHaveLength(1);
    expect(convictionsForLetter([intentional], lawyers, SOON)).toHaveLength(1);
  });

  it('under the Teachers Law does not report a 4-month criminal detention; the Lawyers Law, whose bar is any punishment, does', () => {
    const detention = conviction([{ article: '264', intentional: true }], 'criminal-detention');
    expect(detention.months).toBe(4);
    expect(convictionsForLetter([detention], teachers, SOON)).toEqual([]);
    expect(convictionsForLetter([detention], lawyers, SOON)).toHaveLength(1);
  });

  it('reports a suspended fixed-term imprisonment under the Teachers Law (still 有期徒刑)', () => {
    const suspended = conviction(
      [{ article: '264', intentional: true }],
      'fixed-term-imprisonment',
      {
        suspended: true,
        probationMonths: 24,
      },
    );
    expect(convictionsForLetter([suspended], teachers, day('2030-01-01'))).toHaveLength(1);
  });

  it('under the Notaries Law reports a negligent crime of office (玩忽职守, 397) but not a negligent traffic offence', () => {
    const notaries = legalBasisById('notaries-law-20');
    const office = conviction([{ article: '397', intentional: false }], 'criminal-detention');
    const traffic = conviction([{ article: '133', intentional: false }], 'criminal-detention');
    expect(convictionsForLetter([office, traffic], notaries ?? {}, SOON)).toHaveLength(1);
  });
});

describe('Function: convictionsForLetter, periods', () => {
  const physicians = legalBasisById('physicians-law-16');
  const cpa = legalBasisById('cpa-law-10');
  const company = legalBasisById('company-law-178');
  if (!physicians || !cpa || !company) throw new Error('bases missing');
  const served = conviction([{ article: '264', intentional: true }], 'fixed-term-imprisonment');
  const fraud = conviction([{ article: '224-1', intentional: true }], 'fixed-term-imprisonment');

  it.each([
    ['physicians-law-16', '2026-04-30', 1],
    ['physicians-law-16', '2026-05-01', 0],
    ['cpa-law-10', '2029-04-30', 1],
    ['cpa-law-10', '2029-05-01', 0],
  ] as const)('%s on %s: %i reported (counted from the effective date)', (id, asOf, count) => {
    expect(convictionsForLetter([served], legalBasisById(id) ?? {}, day(asOf))).toHaveLength(count);
  });

  it('Company Law art. 178: five years for an economic crime served, two after a probation ends, none for theft', () => {
    expect(convictionsForLetter([fraud], company, day('2029-04-30'))).toHaveLength(1);
    expect(convictionsForLetter([fraud], company, day('2029-05-01'))).toHaveLength(0);
    const suspended = { ...fraud, suspended: true, probationMonths: 36 };
    // Probation ends 2027-05-01; the bar two years after.
    expect(convictionsForLetter([suspended], company, day('2029-04-30'))).toHaveLength(1);
    expect(convictionsForLetter([suspended], company, day('2029-05-01'))).toHaveLength(0);
    expect(convictionsForLetter([served], company, SOON)).toHaveLength(0);
  });

  it('Physicians Law: a suspended sentence while its probation runs, not after', () => {
    const suspended = { ...served, suspended: true, probationMonths: 36 };
    expect(convictionsForLetter([suspended], physicians, day('2027-04-30'))).toHaveLength(1);
    expect(convictionsForLetter([suspended], physicians, day('2027-05-01'))).toHaveLength(0);
  });
});

describe('Letter facts', () => {
  it('keep a judgment’s offences, penalty, term, probation and effective date, and round-trip', () => {
    const facts = letterFactsOf({
      recordType: 'judgment',
      dateOfBirth: day('1990-01-01'),
      offenceDate: day('2023-01-01'),
      effectiveDate: EFFECTIVE,
      sentence: {
        penalty: 'fixed-term-imprisonment',
        months: 18,
        suspended: true,
        probationMonths: 24,
      },
      offences: [{ name: '盗窃罪', article: '264', intentional: true }],
    });
    expect(facts).toEqual({
      offences: [{ name: '盗窃罪', article: '264', intentional: true }],
      penalty: 'fixed-term-imprisonment',
      months: 18,
      suspended: true,
      probationMonths: 24,
      effectiveDate: EFFECTIVE,
    });
    expect(decodeLetterFacts(encodeLetterFacts(facts as LetterFacts))).toEqual(facts);
  });

  it('exist for judgments only', () => {
    expect(
      letterFactsOf({
        recordType: 'non-prosecution',
        dateOfBirth: day('1990-01-01'),
        offenceDate: day('2023-01-01'),
        effectiveDate: EFFECTIVE,
        offences: [{ name: '盗窃罪', article: '264', intentional: true }],
      }),
    ).toBeUndefined();
  });

  it('refuse anything not of the form written', () => {
    expect(() => decodeLetterFacts(new TextEncoder().encode('{"offences":[]}'))).toThrow(
      /invalid-letter-facts/,
    );
    expect(() => decodeLetterFacts(new TextEncoder().encode('not json'))).toThrow(
      /invalid-letter-facts/,
    );
  });
});

describe('Function: reportedOffences, each part of a filter alone', () => {
  const asOf = day('2024-06-01');
  const one = (article: string, intentional = true, penalty: Penalty = 'criminal-detention') =>
    conviction([{ article, intentional }], penalty);
  const reported = (filter: Parameters<typeof reportedOffences>[0], facts: LetterFacts) =>
    reportedOffences(filter, facts, asOf).map(({ article }) => article);

  it('no filter: every offence of every conviction, exempted included', () => {
    const facts = conviction(
      [
        { article: '133', intentional: false },
        { article: '264', intentional: true },
      ],
      'exempted',
    );
    expect(reported(undefined, facts)).toEqual(['133', '264']);
    expect(reported({}, facts)).toEqual(['133', '264']);
  });

  it('a bare article covers each of its paragraphs; a paragraph only itself', () => {
    expect(reported({ articles: ['359'] }, one('359(1)'))).toEqual(['359(1)']);
    expect(reported({ articles: ['359'] }, one('359(2)'))).toEqual(['359(2)']);
    expect(reported({ articles: ['359(2)'] }, one('359(2)'))).toEqual(['359(2)']);
    expect(reported({ articles: ['359(2)'] }, one('359(1)'))).toEqual([]);
    expect(reported({ articles: ['359(2)'] }, one('359'))).toEqual([]);
    // 之一 is an article of its own.
    expect(reported({ articles: ['236'] }, one('236-1'))).toEqual([]);
    expect(reported({ articles: ['236-1'] }, one('236'))).toEqual([]);
  });

  it('a range covers both its ends and the 之一 articles between, nothing outside', () => {
    const range = { articleRanges: [{ from: 140, to: 231, title: 'ch. 3' }] };
    for (const article of ['140', '140-1', '231', '231-1', '224-1'])
      expect(reported(range, one(article)), article).toEqual([article]);
    for (const article of ['139', '139-1', '232'])
      expect(reported(range, one(article)), article).toEqual([]);
  });

  it('listed articles and ranges together: either one reports', () => {
    const filter = { articles: ['382'], articleRanges: [{ from: 140, to: 231, title: 'ch. 3' }] };
    expect(reported(filter, one('382'))).toEqual(['382']);
    expect(reported(filter, one('224'))).toEqual(['224']);
    expect(reported(filter, one('264'))).toEqual([]);
    // A range alone, no list.
    expect(reported({ articleRanges: [] }, one('264'))).toEqual([]);
  });

  it('intentional only: a negligent offence is left out unless listed as negligent, by article or paragraph', () => {
    expect(reported({ intentionalOnly: true }, one('133', false))).toEqual([]);
    expect(reported({ intentionalOnly: true }, one('133', true))).toEqual(['133']);
    const office = { intentionalOnly: true as const, negligentArticles: ['397', '359(2)'] };
    expect(reported(office, one('397', false))).toEqual(['397']);
    expect(reported(office, one('398', false))).toEqual([]);
    expect(reported(office, one('359(2)', false))).toEqual(['359(2)']);
    expect(reported(office, one('359(1)', false))).toEqual([]);
    // Listed negligent articles matter only under intentionalOnly.
    expect(reported({ negligentArticles: ['397'] }, one('133', false))).toEqual(['133']);
  });

  it('the least punishment: the penalty itself and heavier, never lighter', () => {
    const filter = { minimumPenalty: 'criminal-detention' as const };
    expect(reported(filter, one('264', true, 'criminal-detention'))).toEqual(['264']);
    expect(reported(filter, one('264', true, 'fixed-term-imprisonment'))).toEqual(['264']);
    expect(reported(filter, one('264', true, 'death'))).toEqual(['264']);
    expect(reported(filter, one('264', true, 'public-surveillance'))).toEqual([]);
    expect(reported(filter, one('264', true, 'exempted'))).toEqual([]);
  });

  it('a period: reported up to the day before it ends, counted from the effective date', () => {
    const filter = { period: { yearsAfterExecution: 1 } };
    const facts = one('264', true, 'fixed-term-imprisonment');
    expect(reportedOffences(filter, facts, day('2025-04-30'))).toHaveLength(1);
    expect(reportedOffences(filter, facts, day('2025-05-01'))).toEqual([]);
    expect(barEnds(filter.period, facts)).toBe('2025-05-01');
  });

  it('a suspended sentence: from the end of its probation, for the years the statute gives after it', () => {
    const facts = {
      ...one('264', true, 'fixed-term-imprisonment'),
      suspended: true,
      probationMonths: 18,
    };
    // Probation ends 2025-11-01.
    expect(barEnds({ yearsAfterExecution: 5, yearsAfterProbation: 2 }, facts)).toBe('2027-11-01');
    expect(barEnds({ yearsAfterExecution: 5 }, facts)).toBe('2025-11-01');
    // No probation stated: the bar is not known to run past the effective date.
    expect(barEnds({ yearsAfterExecution: 5 }, { ...facts, probationMonths: undefined })).toBe(
      '2024-05-01',
    );
    // A sentence not suspended counts from the effective date, its probation ignored.
    expect(barEnds({ yearsAfterExecution: 5 }, { ...facts, suspended: false })).toBe('2029-05-01');
  });

  it('the order of penalties, lightest first (CL arts. 33–34, 37)', () => {
    expect(PENALTY_ORDER).toEqual([
      'exempted',
      'supplementary-only',
      'public-surveillance',
      'criminal-detention',
      'fixed-term-imprisonment',
      'life-imprisonment',
      'death',
    ]);
  });

  it('offencesConcerned reads articles and intent only, not the penalty or the period', () => {
    const filter = {
      articles: ['264'],
      intentionalOnly: true as const,
      minimumPenalty: 'death' as const,
    };
    const facts = conviction(
      [
        { article: '264', intentional: true },
        { article: '264', intentional: false },
        { article: '266', intentional: true },
      ],
      'exempted',
    );
    expect(
      offencesConcerned(filter, facts).map(({ article, intentional }) => [article, intentional]),
    ).toEqual([['264', true]]);
  });
});
