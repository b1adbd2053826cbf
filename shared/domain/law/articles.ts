/**
 * Criminal Law articles in the API's format (API.md, Records: `offences[].article`), apart
 * from the charge list that maps names to them, so that the rules reading articles do not
 * carry the whole list into every function.
 */

/** The number of articles of the Criminal Law (as amended; 之一… articles do not renumber it). */
export const CRIMINAL_LAW_ARTICLES = 452;

const ARTICLE_FORMAT = /^([1-9]\d{0,2})(-[1-9]\d?)?(\([1-9]\d?\))?$/;

/**
 * Whether a string is a Criminal Law article in the API's format: `"264"`, `"236-1"` for
 * 第二百三十六条之一, optionally a paragraph `"359(2)"`, with the article within 1–452.
 */
export function isCriminalLawArticle(article: string): boolean {
  const match = ARTICLE_FORMAT.exec(article);
  return match !== null && Number(match[1]) <= CRIMINAL_LAW_ARTICLES;
}

/** The article without its paragraph: `"359(1)"` → `"359"`, `"236-1"` → `"236-1"`. */
export function baseArticleOf(article: string): string {
  return article.replace(/\(\d+\)$/, '');
}
