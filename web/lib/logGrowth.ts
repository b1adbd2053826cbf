/**
 * The audit log's growth as a picture (an inline SVG): one bar for the tree as the export's
 * final checkpoint signs it, the part the supervisor's kept checkpoint covered, the entries
 * added since, the window the export holds, and a tick for every earlier checkpoint in it.
 * A log that shrank or forked since the kept checkpoint is drawn as such, in red.
 */
import { bilingual } from './dom.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const LEFT = 20;
const BAR = WIDTH - 2 * LEFT;

export type Growth = {
  treeSize: number;
  /** Entries [start, end) the export holds. */
  start: number;
  end: number;
  /** The kept checkpoint's size; with `consistent`, whether this tree extends it. */
  previous?: { size: number; consistent: boolean | 'unknown' };
  /** Sizes of the earlier checkpoints the export carries. */
  checkpoints: readonly number[];
  /** The export did not verify: the whole bar is drawn as not to be trusted. */
  tampered?: boolean;
};

function node<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const created = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, String(value));
  if (text !== undefined) created.textContent = text;
  return created;
}

/** What the picture shows, in words: its accessible name. */
export function describeGrowth(growth: Growth): [string, string] {
  const { treeSize, previous } = growth;
  if (growth.tampered) {
    return [
      `审计日志未通过核验（${treeSize} 条）`,
      `The audit log did not verify (${treeSize} entries)`,
    ];
  }
  if (previous === undefined) {
    return [
      `审计日志共 ${treeSize} 条，未提供上次的检查点`,
      `The audit log holds ${treeSize} entries; no kept checkpoint given`,
    ];
  }
  if (previous.consistent === true) {
    const added = treeSize - previous.size;
    return [
      `自上次检查点（${previous.size} 条）以来新增 ${added} 条，共 ${treeSize} 条，只增未改`,
      `${added} entries added since the kept checkpoint (${previous.size}); ${treeSize} in all; it only grew`,
    ];
  }
  if (previous.consistent === 'unknown') {
    return [
      `上次检查点（${previous.size} 条）早于本次导出的范围，无法比较`,
      `The kept checkpoint (${previous.size}) is older than this export's window: not compared`,
    ];
  }
  return [
    `与上次检查点（${previous.size} 条）不一致：日志被缩减或改写`,
    `Inconsistent with the kept checkpoint (${previous.size}): the log shrank or was rewritten`,
  ];
}

export function growthPicture(growth: Growth): SVGSVGElement {
  const { treeSize, start, end, previous } = growth;
  const span = Math.max(treeSize, previous?.size ?? 0, 1);
  const x = (size: number) => LEFT + (BAR * size) / span;
  const [zh, en] = describeGrowth(growth);
  const svg = node('svg', {
    viewBox: `0 0 ${WIDTH} 150`,
    role: 'img',
    'aria-label': `${zh} · ${en}`,
    id: 'growth',
  });
  svg.append(node('title', {}, `${zh} · ${en}`));
  const font = { 'font-size': 12, 'font-family': 'system-ui, "Noto Sans CJK SC", sans-serif' };

  // The tree as the final checkpoint signs it.
  const colour = growth.tampered ? '#a4161a' : '#0b6b2e';
  svg.append(
    node('rect', {
      x: LEFT,
      y: 50,
      width: x(treeSize) - LEFT,
      height: 28,
      fill: colour,
      'data-part': 'tree',
    }),
  );
  // The part the kept checkpoint covered.
  if (previous !== undefined) {
    const kept = previous.consistent === true;
    svg.append(
      node('rect', {
        x: LEFT,
        y: 50,
        width: x(previous.size) - LEFT,
        height: 28,
        fill: kept ? '#8a9a8f' : 'none',
        stroke: kept ? 'none' : '#a4161a',
        'stroke-width': kept ? 0 : 3,
        'stroke-dasharray': kept ? '' : '6 4',
        'data-part': 'kept',
      }),
      node('line', {
        x1: x(previous.size),
        x2: x(previous.size),
        y1: 40,
        y2: 88,
        stroke: kept ? '#1a1a1a' : '#a4161a',
        'stroke-width': 2,
      }),
      node(
        'text',
        {
          x: x(previous.size),
          y: 34,
          'text-anchor': previous.size > span / 2 ? 'end' : 'start',
          ...font,
        },
        `上次 kept: ${previous.size}`,
      ),
    );
  }
  // Earlier checkpoints in the export.
  for (const size of growth.checkpoints) {
    svg.append(
      node('line', {
        x1: x(size),
        x2: x(size),
        y1: 46,
        y2: 50,
        stroke: '#1a5fb4',
        'stroke-width': 2,
        'data-part': 'checkpoint',
      }),
    );
  }
  // The window the export holds.
  if (end > start) {
    svg.append(
      node('path', {
        d: `M ${x(start)} 90 v 8 H ${x(end)} v -8`,
        fill: 'none',
        stroke: '#1a5fb4',
        'stroke-width': 2,
        'data-part': 'window',
      }),
      node(
        'text',
        { x: (x(start) + x(end)) / 2, y: 114, 'text-anchor': 'middle', ...font },
        `导出 export: ${start}–${end - 1}`,
      ),
    );
  }
  svg.append(
    node('text', { x: LEFT, y: 140, ...font }, '0'),
    node('text', { x: x(treeSize), y: 140, 'text-anchor': 'end', ...font }, `${treeSize}`),
  );
  if (previous?.consistent === true && treeSize > previous.size) {
    svg.append(
      node(
        'text',
        {
          x: (x(previous.size) + x(treeSize)) / 2,
          y: 69,
          'text-anchor': 'middle',
          fill: '#fff',
          ...font,
        },
        `+${treeSize - previous.size}`,
      ),
    );
  }
  return svg;
}

/** The picture's caption under it, in both languages. */
export function growthCaption(growth: Growth): DocumentFragment {
  return bilingual(...describeGrowth(growth));
}
