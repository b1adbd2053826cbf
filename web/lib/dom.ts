/**
 * DOM helpers of the desks (`web/desk.ts`, `web/inquire.ts`, `web/oversight.ts`): every string
 * from the API reaches the page as text (`textContent`, `append` of a string), never as markup.
 * Each page shows Chinese first and English beside it, as the citizen's page does.
 */

export type Tone = 'ok' | 'bad' | '';

export function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
}

/** `zh` followed by `en` in a span marked `lang="en"`: one label in both languages. */
export function bilingual(zh: string, en: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const english = document.createElement('span');
  english.lang = 'en';
  english.className = 'en';
  english.textContent = en;
  fragment.append(`${zh} `, english);
  return fragment;
}

/** Writes a message into a live region; empty texts clear it. */
export function say(target: HTMLElement | string, tone: Tone, zh: string, en: string): void {
  const region = typeof target === 'string' ? element(target) : target;
  region.className = `message ${tone}`.trim();
  region.replaceChildren();
  if (zh || en) region.append(bilingual(zh, en));
}

type Child = Node | string;

/** An element with a class, attributes and children (strings become text nodes). */
export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; attributes?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (options.className) created.className = options.className;
  for (const [name, value] of Object.entries(options.attributes ?? {})) {
    created.setAttribute(name, value);
  }
  created.append(...children);
  return created;
}

/** A `<dl>` of label → value rows; rows without a value are left out. */
export function definitions(rows: readonly [Child, Child | undefined][]): HTMLDListElement {
  const list = make('dl', { className: 'facts' });
  for (const [term, value] of rows) {
    if (value === undefined || value === '') continue;
    list.append(make('dt', {}, term), make('dd', {}, value));
  }
  return list;
}

/** A table body's rows from cells (strings or nodes). */
export function tableRows(cells: readonly (readonly Child[])[]): HTMLTableRowElement[] {
  return cells.map((row) => {
    const tr = document.createElement('tr');
    for (const value of row) tr.append(make('td', {}, value));
    return tr;
  });
}

/** A unique element ID for generated form controls. */
let sequence = 0;
export function uniqueId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

/** A date-time from the API, in China Standard Time. */
export function chinaTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** Offers bytes as a file download through a link the user can also press again. */
export function offerDownload(link: HTMLAnchorElement, blob: Blob, name: string): void {
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.hidden = false;
  link.click();
}
