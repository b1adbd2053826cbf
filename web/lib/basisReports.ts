/**
 * What a letter under a legal basis reports, in words, from the registry's entry (API.md,
 * `GET /v1/legal-bases`: `filter` — Criminal Law articles, runs of articles, intentional
 * offences only, a least penalty, a period; absent: every unsealed conviction). Older
 * registries carried `offenceCategories` instead; both are read.
 */
import { penaltyLabels } from '#shared/domain/paper/labels.ts';

export type LetterFilter = {
  articles?: readonly string[];
  articleRanges?: readonly { from: number; to: number; title?: string }[];
  intentionalOnly?: boolean;
  negligentArticles?: readonly string[];
  minimumPenalty?: string;
  period?: { yearsAfterExecution?: number; yearsAfterProbation?: number };
};

export type RegistryBasis = {
  id: string;
  statute: string;
  article: string;
  title: string;
  bar?: string;
  inquirers: readonly string[];
  disclosure: 'letter' | 'full-file';
  addressees: readonly string[];
  filter?: LetterFilter;
  offenceCategories?: readonly string[];
  readings?: readonly { question: string; reading: string }[];
  unverified?: string;
};

const categoryLabels: Record<string, readonly [string, string]> = {
  'sexual-assault': ['性侵害', 'sexual assault'],
  abuse: ['虐待', 'abuse'],
  trafficking: ['拐卖', 'trafficking'],
  'violent-injury': ['暴力伤害', 'violent injury'],
};

/** One line per thing the letter reports, each `[zh, en]`. */
export function reportsOf(basis: RegistryBasis): [string, string][] {
  if (basis.disclosure === 'full-file') {
    return [
      [
        '受理机关保存的该人全部记录（包括已封存的），仅供办案使用。',
        'The whole file the addressed organisation holds on the person, sealed records included, for handling the case.',
      ],
    ];
  }
  const lines: [string, string][] = [];
  const filter = basis.filter;
  if (filter?.articles?.length) {
    const list = filter.articles.join('、');
    lines.push([
      `刑法第 ${list} 条之罪`,
      `Offences under Criminal Law arts. ${filter.articles.join(', ')}`,
    ]);
  }
  for (const range of filter?.articleRanges ?? []) {
    lines.push([
      `刑法第 ${range.from}–${range.to} 条${range.title ? `（${range.title}）` : ''}`,
      `Criminal Law arts. ${range.from}–${range.to}${range.title ? ` (${range.title})` : ''}`,
    ]);
  }
  if (filter?.intentionalOnly) {
    const except = filter.negligentArticles?.length
      ? [
          `（过失犯罪仅限第 ${filter.negligentArticles.join('、')} 条）`,
          ` (negligent ones only under arts. ${filter.negligentArticles.join(', ')})`,
        ]
      : ['', ''];
    lines.push([`仅故意犯罪${except[0]}`, `Intentional offences only${except[1]}`]);
  }
  if (filter?.minimumPenalty) {
    const [zh, en] = penaltyLabels[filter.minimumPenalty as keyof typeof penaltyLabels] ?? [
      filter.minimumPenalty,
      filter.minimumPenalty,
    ];
    lines.push([`刑罚不轻于：${zh}`, `Punishment at least: ${en}`]);
  }
  if (filter?.period?.yearsAfterExecution !== undefined) {
    const years = filter.period.yearsAfterExecution;
    lines.push([`刑罚执行完毕后 ${years} 年内`, `Within ${years} years after the punishment`]);
  }
  if (filter?.period?.yearsAfterProbation !== undefined) {
    const years = filter.period.yearsAfterProbation;
    lines.push([`缓刑考验期满后 ${years} 年内`, `Within ${years} years after probation`]);
  }
  if (basis.offenceCategories?.length) {
    const labels = basis.offenceCategories.map((code) => categoryLabels[code] ?? [code, code]);
    lines.push([
      `仅限：${labels.map(([zh]) => zh).join('、')}`,
      `Only: ${labels.map(([, en]) => en).join(', ')}`,
    ]);
  }
  if (lines.length === 0) {
    lines.push(['所有未封存的定罪记录', 'Every unsealed conviction']);
  }
  lines.push([
    '已封存的记录一律不报告；结果函与无记录者的相同。',
    'Sealed records are never reported: such a letter is the one a person without a record gets.',
  ]);
  return lines;
}
