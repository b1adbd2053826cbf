/**
 * The official list of charge names (确定罪名) and the Criminal Law article of each, so that a
 * record naming a charge exactly gets its article without anyone reading words in a name
 * (API.md, Records: `offences[].article`). Every rule that depends on the kind of offence reads
 * the article; this table is only how an exact official name becomes one.
 *
 * Bump `CHARGES_VERSION` on any change to the table; the data sits in `charges.data.ts`.
 */
import { CHARGE_ROWS } from './charges.data.ts';

/**
 * The in-force date of the latest provision the table follows (补充规定（八）, 2024-03-01), and
 * the table's own revision for corrections made without a new provision.
 */
export const CHARGES_VERSION = '2024-03-01.r1';

/** A provision on charge names: the 1997 lists and every supplementary provision since. */
export type ChargeSource = {
  readonly title: string;
  readonly documentNumber: string;
  readonly inForceFrom: string;
};

/**
 * The SPC/SPP provisions the table follows, oldest first. The two 1997 lists differed in two
 * names; the 2002 supplementary provision made them one list, which the later ones amend.
 */
export const CHARGE_SOURCES: readonly ChargeSource[] = [
  {
    title: '最高人民法院关于执行《中华人民共和国刑法》确定罪名的规定',
    documentNumber: '法释〔1997〕9号',
    inForceFrom: '1997-12-16',
  },
  {
    title: '最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见',
    documentNumber: '高检发释字〔1997〕3号',
    inForceFrom: '1997-12-25',
  },
  ...(
    [
      ['', '法释〔2002〕7号', '2002-03-26'],
      ['（二）', '法释〔2003〕12号', '2003-08-21'],
      ['（三）', '法释〔2007〕16号', '2007-11-06'],
      ['（四）', '法释〔2009〕13号', '2009-10-16'],
      ['（五）', '法释〔2011〕10号', '2011-05-01'],
      ['（六）', '法释〔2015〕20号', '2015-11-01'],
      ['（七）', '法释〔2021〕2号', '2021-03-01'],
      ['（八）', '法释〔2024〕3号', '2024-03-01'],
    ] as const
  ).map(([ordinal, documentNumber, inForceFrom]) => ({
    title: `最高人民法院、最高人民检察院关于执行《中华人民共和国刑法》确定罪名的补充规定${ordinal}`,
    documentNumber,
    inForceFrom,
  })),
];

/** How many charges the official list holds today, the one below outside the Criminal Law included. */
export const OFFICIAL_CHARGE_COUNT = 483;

/**
 * Entries whose exact wording rests on secondary sources only. How the table was checked: the
 * names and articles were compiled from the provisions as the authors know them, then compared
 * name by name with two independent secondary compilations (one built from the provisions'
 * text in the national laws and regulations database), and every article was looked up in the
 * current text of the Criminal Law (each exists; 301 and 359 each have the two paragraphs
 * given). The gazette text of the provisions was not at hand.
 */
export const CHARGES_UNVERIFIED: readonly { name: string; doubt: string }[] = [
  {
    name: '徇私舞弊低价折股、出售公司、企业资产罪',
    doubt:
      'the 169 rename by 补充规定（八） (replacing 徇私舞弊低价折股、出售国有资产罪) is known from two secondary compilations only',
  },
  {
    name: '违法提供出口退税凭证罪',
    doubt:
      'one secondary list writes 违法提供出口退税证罪; the others and the 405 ¶2 wording give 凭证',
  },
];

/**
 * Charges of the official list whose offence is not in the Criminal Law: 骗购外汇罪 is defined
 * by art. 1 of the NPCSC Decision of 1998-12-29 on foreign exchange crimes. It has no Criminal
 * Law article, so `articleOfCharge` gives it none.
 */
export const CHARGES_OUTSIDE_CRIMINAL_LAW: readonly { name: string; provision: string }[] = [
  {
    name: '骗购外汇罪',
    provision: '全国人民代表大会常务委员会关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定 第一条',
  },
];

/** A charge of the official list and the Criminal Law article that defines it. */
export type Charge = { readonly name: string; readonly article: string };

/** Every charge of the official list that has a Criminal Law article, in the Law's order. */
export const CHARGES: readonly Charge[] = CHARGE_ROWS.map(([name, article]) => ({
  name,
  article,
}));

const articleByName: ReadonlyMap<string, string> = new Map(
  CHARGES.map(({ name, article }) => [name, article]),
);

/**
 * The article of an official charge name, or undefined for anything that is not exactly one
 * (after trimming surrounding whitespace): no abbreviations, no name without its 罪, no
 * half-width punctuation for full-width (API.md: "exactly a charge name of the official list").
 */
export function articleOfCharge(name: string): string | undefined {
  return articleByName.get(name.trim());
}

export { baseArticleOf, CRIMINAL_LAW_ARTICLES, isCriminalLawArticle } from './articles.ts';
