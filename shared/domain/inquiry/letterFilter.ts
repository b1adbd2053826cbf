/**
 * What a letter reports under a legal basis, taken from its statute (API.md, Inquiries:
 * `filter`; RULES.md §5): Criminal Law articles, intentional offences only, a least penalty, a
 * period — read by article and by the record's own facts, never by words in an offence name.
 * A letter never reports a conviction that the statute's bar does not reach: where the facts
 * a record carries cannot tell whether the bar still reaches it, the conviction is not reported
 * (each such reading is stated on the basis, see `legalBases.ts`).
 */
import { addCalendarMonths, type CivilDate, compareCivilDates } from '../calendar.ts';
import { baseArticleOf } from '../law/articles.ts';
import type { Penalty } from '../record.ts';
import type { LetterFacts, LetterOffence } from './letterFacts.ts';

/** Consecutive Criminal Law articles, both ends included, with their 之一… articles (`"224-1"`). */
export type ArticleRange = { from: number; to: number; title: string };

export type LetterPeriod = {
  /**
   * Years the bar lasts after the punishment was executed (刑罚执行完毕). The records carry the
   * day the judgment took effect, not the day execution ended (custody credited under CL arts.
   * 41, 44, 47 and commutation can end it any day after), so the period is counted from the
   * effective date: the reading that never reports a conviction the bar no longer reaches.
   */
  yearsAfterExecution: number;
  /**
   * A suspended sentence: years after its probation ended (CL art. 73: the probation runs from
   * the judgment's effective date), where the statute says so (Company Law art. 178); absent,
   * a suspended sentence is reported while its probation runs and not after (CL art. 76: the
   * sentence is then not executed, so no period "after execution" begins).
   */
  yearsAfterProbation?: number;
};

export type LetterFilter = {
  /**
   * Criminal Law articles the statute concerns: a bare article (`"237"`) covers each of its
   * paragraphs (`"237(1)"`), an article with a paragraph (`"359(2)"`) that paragraph only.
   */
  articles?: readonly string[];
  /** Whole runs of articles (a chapter of the Criminal Law's specific provisions). */
  articleRanges?: readonly ArticleRange[];
  /** Intentional offences only (CL art. 14): a negligent one (CL art. 15) is not reported… */
  intentionalOnly?: true;
  /** …unless it is under one of these articles (Notaries Law art. 20: 职务过失犯罪). */
  negligentArticles?: readonly string[];
  /**
   * The least punishment reported, in the order of CL arts. 33–34: `supplementary-only` is
   * "any criminal punishment" (受过刑事处罚) and leaves out an exemption from punishment
   * (免予刑事处罚, CL art. 37), which is a conviction without a punishment.
   */
  minimumPenalty?: Penalty;
  period?: LetterPeriod;
};

/** Lightest first: an exemption, a supplementary penalty alone, then the principal penalties. */
export const PENALTY_ORDER: readonly Penalty[] = [
  'exempted',
  'supplementary-only',
  'public-surveillance',
  'criminal-detention',
  'fixed-term-imprisonment',
  'life-imprisonment',
  'death',
];

function articleMatches(article: string, listed: readonly string[]): boolean {
  return listed.some((entry) => entry === article || entry === baseArticleOf(article));
}

function articleNumber(article: string): number {
  return Number.parseInt(article, 10);
}

function concernsArticle(filter: LetterFilter, article: string): boolean {
  if (filter.articles === undefined && filter.articleRanges === undefined) return true;
  if (filter.articles !== undefined && articleMatches(article, filter.articles)) return true;
  const number = articleNumber(article);
  return (filter.articleRanges ?? []).some(({ from, to }) => number >= from && number <= to);
}

function concernsIntent(filter: LetterFilter, offence: LetterOffence): boolean {
  if (!filter.intentionalOnly || offence.intentional) return true;
  return articleMatches(offence.article, filter.negligentArticles ?? []);
}

/** The offences of a conviction that the statute concerns. */
export function offencesConcerned(filter: LetterFilter, facts: LetterFacts): LetterOffence[] {
  return facts.offences.filter(
    (offence) => concernsArticle(filter, offence.article) && concernsIntent(filter, offence),
  );
}

function meetsPenalty(filter: LetterFilter, facts: LetterFacts): boolean {
  if (filter.minimumPenalty === undefined) return true;
  return PENALTY_ORDER.indexOf(facts.penalty) >= PENALTY_ORDER.indexOf(filter.minimumPenalty);
}

/** The last day (exclusive) on which the bar surely still reaches the conviction. */
export function barEnds(period: LetterPeriod, facts: LetterFacts): CivilDate {
  if (facts.suspended) {
    const probationEnd = addCalendarMonths(facts.effectiveDate, facts.probationMonths ?? 0);
    return addCalendarMonths(probationEnd, 12 * (period.yearsAfterProbation ?? 0));
  }
  return addCalendarMonths(facts.effectiveDate, 12 * period.yearsAfterExecution);
}

function withinPeriod(filter: LetterFilter, facts: LetterFacts, asOf: CivilDate): boolean {
  if (filter.period === undefined) return true;
  return compareCivilDates(asOf, barEnds(filter.period, facts)) < 0;
}

/**
 * The offences a letter reports of one conviction on `asOf` (China Standard Time): none when
 * the statute's bar does not reach it.
 */
export function reportedOffences(
  filter: LetterFilter | undefined,
  facts: LetterFacts,
  asOf: CivilDate,
): LetterOffence[] {
  if (filter === undefined) return facts.offences;
  if (!meetsPenalty(filter, facts) || !withinPeriod(filter, facts, asOf)) return [];
  return offencesConcerned(filter, facts);
}
