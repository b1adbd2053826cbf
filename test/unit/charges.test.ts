import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  articleOfCharge,
  baseArticleOf,
  CHARGE_SOURCES,
  CHARGES,
  CHARGES_OUTSIDE_CRIMINAL_LAW,
  CHARGES_UNVERIFIED,
  CHARGES_VERSION,
  CRIMINAL_LAW_ARTICLES,
  isCriminalLawArticle,
  OFFICIAL_CHARGE_COUNT,
} from '#shared/domain/law/charges.ts';

describe('Data: CHARGES', () => {
  it('holds the 483 charges of the official list: 482 with a Criminal Law article, 骗购外汇罪 outside it', () => {
    expect(CHARGES).toHaveLength(482);
    expect(CHARGES_OUTSIDE_CRIMINAL_LAW.map(({ name }) => name)).toEqual(['骗购外汇罪']);
    expect(CHARGES.length + CHARGES_OUTSIDE_CRIMINAL_LAW.length).toBe(OFFICIAL_CHARGE_COUNT);
    expect(OFFICIAL_CHARGE_COUNT).toBe(483);
  });

  it('lists every name once, each a whole charge name ending in 罪 with no stray whitespace', () => {
    const names = [...CHARGES, ...CHARGES_OUTSIDE_CRIMINAL_LAW].map(({ name }) => name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^\S+罪$/u);
      expect(name).not.toMatch(/[(),]/);
    }
  });

  it('gives every charge a well-formed article within 1–452', () => {
    for (const { name, article } of CHARGES) {
      expect(isCriminalLawArticle(article), `${name}: ${article}`).toBe(true);
    }
  });

  it('follows the Criminal Law order, so a misplaced or mistyped article stands out', () => {
    const order = (article: string): number => {
      const [, number, sub] = /^(\d+)(?:-(\d+))?/.exec(article) ?? [];
      return Number(number) * 100 + Number(sub ?? 0);
    };
    const orders = CHARGES.map(({ article }) => order(article));
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('counts the charges of each chapter as the official list does', () => {
    const chapters: [number, number, number][] = [
      [102, 113, 12],
      [114, 139, 54],
      [140, 231, 109], // 110 in the official list, 骗购外汇罪 being outside the Criminal Law
      [232, 262, 43],
      [263, 276, 13],
      [277, 367, 146],
      [368, 381, 23],
      [382, 396, 14],
      [397, 419, 37],
      [420, 451, 31],
    ];
    for (const [first, last, count] of chapters) {
      const inChapter = CHARGES.filter(({ article }) => {
        const number = Number.parseInt(article, 10);
        return number >= first && number <= last;
      });
      expect(inChapter, `articles ${first}–${last}`).toHaveLength(count);
    }
  });

  it('gives a paragraph only to 301 and 359, and then to every charge of that article', () => {
    const withParagraph = CHARGES.filter(({ article }) => article.includes('('));
    expect(withParagraph).toEqual([
      { name: '聚众淫乱罪', article: '301(1)' },
      { name: '引诱未成年人聚众淫乱罪', article: '301(2)' },
      { name: '引诱、容留、介绍卖淫罪', article: '359(1)' },
      { name: '引诱幼女卖淫罪', article: '359(2)' },
    ]);
    const bases = new Set(withParagraph.map(({ article }) => baseArticleOf(article)));
    for (const { name, article } of CHARGES) {
      if (bases.has(baseArticleOf(article))) expect(article, name).toMatch(/\(\d\)$/);
    }
  });

  it('keeps its version, the provisions it follows and its doubts beside the data', () => {
    const dates = CHARGE_SOURCES.map(({ inForceFrom }) => inForceFrom);
    expect(dates).toEqual([...dates].sort());
    expect(CHARGE_SOURCES).toHaveLength(10);
    expect(CHARGE_SOURCES.at(-1)?.documentNumber).toBe('法释〔2024〕3号');
    expect(CHARGES_VERSION.startsWith(dates.at(-1) ?? '-')).toBe(true);
    expect(CHARGE_SOURCES.some(({ documentNumber }) => documentNumber === '法释〔2021〕2号')).toBe(
      true,
    );
    for (const { name } of CHARGES_UNVERIFIED) expect(articleOfCharge(name)).toBeDefined();
  });
});

describe('Function: articleOfCharge', () => {
  it.each([
    ['背叛国家罪', '102'],
    ['煽动颠覆国家政权罪', '105'],
    ['间谍罪', '110'],
    ['放火罪', '114'],
    ['爆炸罪', '114'],
    ['投放危险物质罪', '114'],
    ['以危险方法危害公共安全罪', '114'],
    ['失火罪', '115'],
    ['帮助恐怖活动罪', '120-1'],
    ['交通肇事罪', '133'],
    ['危险驾驶罪', '133-1'],
    ['妨害安全驾驶罪', '133-2'],
    ['重大责任事故罪', '134'],
    ['生产、销售伪劣产品罪', '140'],
    ['生产、销售、提供假药罪', '141'],
    ['走私普通货物、物品罪', '153'],
    ['非国家工作人员受贿罪', '163'],
    ['伪造货币罪', '170'],
    ['非法吸收公众存款罪', '176'],
    ['妨害信用卡管理罪', '177-1'],
    ['洗钱罪', '191'],
    ['集资诈骗罪', '192'],
    ['信用卡诈骗罪', '196'],
    ['逃税罪', '201'],
    ['虚开增值税专用发票、用于骗取出口退税、抵扣税款发票罪', '205'],
    ['假冒注册商标罪', '213'],
    ['侵犯著作权罪', '217'],
    ['合同诈骗罪', '224'],
    ['组织、领导传销活动罪', '224-1'],
    ['非法经营罪', '225'],
    ['故意杀人罪', '232'],
    ['过失致人死亡罪', '233'],
    ['故意伤害罪', '234'],
    ['强奸罪', '236'],
    ['负有照护职责人员性侵罪', '236-1'],
    ['强制猥亵、侮辱罪', '237'],
    ['猥亵儿童罪', '237'],
    ['非法拘禁罪', '238'],
    ['绑架罪', '239'],
    ['拐卖妇女、儿童罪', '240'],
    ['收买被拐卖的妇女、儿童罪', '241'],
    ['侵犯公民个人信息罪', '253-1'],
    ['虐待罪', '260'],
    ['虐待被监护、看护人罪', '260-1'],
    ['遗弃罪', '261'],
    ['拐骗儿童罪', '262'],
    ['组织残疾人、儿童乞讨罪', '262-1'],
    ['组织未成年人进行违反治安管理活动罪', '262-2'],
    ['抢劫罪', '263'],
    ['盗窃罪', '264'],
    ['诈骗罪', '266'],
    ['抢夺罪', '267'],
    ['职务侵占罪', '271'],
    ['敲诈勒索罪', '274'],
    ['故意毁坏财物罪', '275'],
    ['妨害公务罪', '277'],
    ['袭警罪', '277'],
    ['帮助信息网络犯罪活动罪', '287-2'],
    ['聚众斗殴罪', '292'],
    ['寻衅滋事罪', '293'],
    ['组织、领导、参加黑社会性质组织罪', '294'],
    ['开设赌场罪', '303'],
    ['伪证罪', '305'],
    ['窝藏、包庇罪', '310'],
    ['掩饰、隐瞒犯罪所得、犯罪所得收益罪', '312'],
    ['偷越国（边）境罪', '322'],
    ['走私、贩卖、运输、制造毒品罪', '347'],
    ['非法持有毒品罪', '348'],
    ['容留他人吸毒罪', '354'],
    ['组织卖淫罪', '358'],
    ['强迫卖淫罪', '358'],
    ['协助组织卖淫罪', '358'],
    ['引诱、容留、介绍卖淫罪', '359(1)'],
    ['引诱幼女卖淫罪', '359(2)'],
    ['传播淫秽物品罪', '364'],
    ['贪污罪', '382'],
    ['挪用公款罪', '384'],
    ['受贿罪', '385'],
    ['行贿罪', '389'],
    ['滥用职权罪', '397'],
    ['玩忽职守罪', '397'],
    ['徇私枉法罪', '399'],
    ['逃离部队罪', '435'],
    ['虐待俘虏罪', '448'],
  ])('%s → %s', (name, article) => {
    expect(articleOfCharge(name)).toBe(article);
  });

  it('accepts an official name with surrounding whitespace, full-width included', () => {
    expect(articleOfCharge('  盗窃罪\n')).toBe('264');
    expect(articleOfCharge('\u3000抢劫罪\u3000')).toBe('263');
  });

  it.each([
    ['盗窃', 'without 罪'],
    ['偷窃罪', 'a colloquial name'],
    ['抢劫', 'without 罪'],
    ['盗 窃罪', 'whitespace inside'],
    ['强制猥亵、侮辱妇女罪', 'the name before 补充规定（六）'],
    ['嫖宿幼女罪', 'abolished in 2015'],
    ['徇私舞弊低价折股、出售国有资产罪', 'the name before 补充规定（八）'],
    ['转化的抢劫罪', 'not a charge name'],
    ['偷越国(边)境罪', 'half-width parentheses'],
    ['拐卖妇女,儿童罪', 'a comma for 、'],
    ['骗购外汇罪', 'no Criminal Law article'],
    ['', 'empty'],
    ['罪', 'a bare 罪'],
  ])('%s (%s) → undefined', (name) => {
    expect(articleOfCharge(name)).toBeUndefined();
  });

  it('gives every listed name its own article, and nothing to the name without its 罪', () => {
    for (const { name, article } of CHARGES) {
      expect(articleOfCharge(name)).toBe(article);
      expect(articleOfCharge(name.slice(0, -1))).toBeUndefined();
    }
  });
});

describe('Function: isCriminalLawArticle', () => {
  it.each([
    ['1', true],
    ['264', true],
    ['236-1', true],
    ['287-2', true],
    ['120-6', true],
    ['359(1)', true],
    ['359(2)', true],
    ['452', true],
    ['453', false],
    ['999', false],
    ['0', false],
    ['', false],
    ['0264', false],
    ['264-0', false],
    ['264(0)', false],
    ['1000', false],
    ['236之一', false],
    ['236-1-1', false],
    ['359（1）', false],
    ['359()', false],
    [' 264', false],
    ['264 ', false],
    ['第264条', false],
    ['236-100', false],
  ])('%j → %s', (article, expected) => {
    expect(isCriminalLawArticle(article)).toBe(expected);
  });

  it('accepts every article number of the Law and none past it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.option(fc.integer({ min: 1, max: 99 })),
        fc.option(fc.integer({ min: 1, max: 99 })),
        (number, sub, paragraph) => {
          const article = `${number}${sub === null ? '' : `-${sub}`}${paragraph === null ? '' : `(${paragraph})`}`;
          expect(isCriminalLawArticle(article)).toBe(number <= CRIMINAL_LAW_ARTICLES);
        },
      ),
    );
  });
});

describe('Function: baseArticleOf', () => {
  it.each([
    ['359(1)', '359'],
    ['359(2)', '359'],
    ['301(2)', '301'],
    ['236-1', '236-1'],
    ['264', '264'],
    ['120-6(12)', '120-6'],
  ])('%s → %s', (article, base) => {
    expect(baseArticleOf(article)).toBe(base);
  });

  it('gives a well-formed article for every charge', () => {
    for (const { article } of CHARGES) {
      const base = baseArticleOf(article);
      expect(isCriminalLawArticle(base)).toBe(true);
      expect(base).not.toContain('(');
    }
  });
});

describe('Data: CHARGES, every charge under each article a rule reads', () => {
  /**
   * The articles of the letter filters (legalBases.ts) and of CL 17 (parameters.ts): exactly
   * the charges the official list files under each. A charge moved to or from one of these
   * articles changes what a letter reports or which age answers for it.
   */
  const byArticle: Record<string, string[]> = {
    // CL 17 §2: arson, explosion, poisoning (114); their negligent forms (115)
    '114': ['放火罪', '决水罪', '爆炸罪', '投放危险物质罪', '以危险方法危害公共安全罪'],
    '115': [
      '失火罪',
      '过失决水罪',
      '过失爆炸罪',
      '过失投放危险物质罪',
      '过失以危险方法危害公共安全罪',
    ],
    '263': ['抢劫罪'],
    '347': ['走私、贩卖、运输、制造毒品罪'],
    // Minors Protection Law art. 62
    '232': ['故意杀人罪'],
    '234': ['故意伤害罪'],
    '236': ['强奸罪'],
    '236-1': ['负有照护职责人员性侵罪'],
    '237': ['强制猥亵、侮辱罪', '猥亵儿童罪'],
    '240': ['拐卖妇女、儿童罪'],
    '241': ['收买被拐卖的妇女、儿童罪'],
    '242': ['聚众阻碍解救被收买的妇女、儿童罪'],
    '260': ['虐待罪'],
    '260-1': ['虐待被监护、看护人罪'],
    '262-2': ['组织未成年人进行违反治安管理活动罪'],
    // Notaries Law art. 20: negligent crimes of office
    '167': ['签订、履行合同失职被骗罪'],
    '168': ['国有公司、企业、事业单位人员失职罪', '国有公司、企业、事业单位人员滥用职权罪'],
    '397': ['滥用职权罪', '玩忽职守罪'],
    '398': ['故意泄露国家秘密罪', '过失泄露国家秘密罪'],
    '399': [
      '徇私枉法罪',
      '民事、行政枉法裁判罪',
      '执行判决、裁定失职罪',
      '执行判决、裁定滥用职权罪',
    ],
    '400': ['私放在押人员罪', '失职致使在押人员脱逃罪'],
    '406': ['国家机关工作人员签订、履行合同失职被骗罪'],
    '408': ['环境监管失职罪'],
    '408-1': ['食品、药品监管渎职罪'],
    '409': ['传染病防治失职罪'],
    '412': ['商检徇私舞弊罪', '商检失职罪'],
    '413': ['动植物检疫徇私舞弊罪', '动植物检疫失职罪'],
    '419': ['失职造成珍贵文物损毁、流失罪'],
    '425': ['擅离、玩忽军事职守罪'],
    '432': ['故意泄露军事秘密罪', '过失泄露军事秘密罪'],
    // Company Law art. 178: 贪污, 贿赂, 侵占财产, 挪用财产
    '163': ['非国家工作人员受贿罪'],
    '164': ['对非国家工作人员行贿罪', '对外国公职人员、国际公共组织官员行贿罪'],
    '270': ['侵占罪'],
    '271': ['职务侵占罪'],
    '272': ['挪用资金罪'],
    '273': ['挪用特定款物罪'],
    '382': ['贪污罪'],
    '384': ['挪用公款罪'],
    '385': ['受贿罪'],
    '387': ['单位受贿罪'],
    '388-1': ['利用影响力受贿罪'],
    '389': ['行贿罪'],
    '390-1': ['对有影响力的人行贿罪'],
    '391': ['对单位行贿罪'],
    '392': ['介绍贿赂罪'],
    '393': ['单位行贿罪'],
  };

  it.each(Object.entries(byArticle))('CL %s: %j', (article, names) => {
    expect(CHARGES.filter((charge) => charge.article === article).map(({ name }) => name)).toEqual(
      names,
    );
    for (const name of names) expect(articleOfCharge(name), name).toBe(article);
  });
});
