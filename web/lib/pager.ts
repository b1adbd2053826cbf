/**
 * Paging of a list the API answers a page at a time (`cursor`, `limit`): the cursors of the
 * pages seen so far are kept, so "previous" goes back without the API knowing about it.
 */
import { bilingual, make } from './dom.ts';

export class Pager {
  private readonly load: (cursor: string | undefined) => Promise<unknown>;
  /** Cursors of the pages before the current one; the first page has none. */
  private readonly before: (string | undefined)[] = [];
  private current: string | undefined;
  private next: string | undefined;
  readonly controls: HTMLElement;
  private readonly previousButton: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  private readonly position: HTMLElement;

  constructor(label: [string, string], load: (cursor: string | undefined) => Promise<unknown>) {
    this.load = load;
    this.previousButton = make(
      'button',
      { className: 'secondary', attributes: { type: 'button' } },
      bilingual('上一页', 'Previous page'),
    );
    this.nextButton = make(
      'button',
      { className: 'secondary', attributes: { type: 'button' } },
      bilingual('下一页', 'Next page'),
    );
    this.position = make('span', { className: 'hint', attributes: { 'aria-live': 'polite' } });
    this.controls = make(
      'nav',
      { className: 'pager', attributes: { 'aria-label': `${label[0]} ${label[1]}` } },
      this.previousButton,
      this.nextButton,
      this.position,
    );
    this.previousButton.addEventListener('click', () => void this.back());
    this.nextButton.addEventListener('click', () => void this.forward());
    this.update();
  }

  /** The cursor of the page on show, to reload it after a change. */
  get cursor(): string | undefined {
    return this.current;
  }

  /** Called by the loader with the answer's `cursor` (absent on the last page). */
  loaded(nextCursor: string | undefined): void {
    this.next = nextCursor;
    this.update();
  }

  /** Back to the first page (after signing in again, or a refresh). */
  reset(): void {
    this.before.length = 0;
    this.current = undefined;
    this.next = undefined;
    this.update();
  }

  private async forward(): Promise<void> {
    if (this.next === undefined) return;
    this.before.push(this.current);
    this.current = this.next;
    await this.load(this.current);
  }

  private async back(): Promise<void> {
    if (this.before.length === 0) return;
    this.current = this.before.pop();
    await this.load(this.current);
  }

  private update(): void {
    this.previousButton.disabled = this.before.length === 0;
    this.nextButton.disabled = this.next === undefined;
    const page = this.before.length + 1;
    this.position.textContent = `第 ${page} 页 · Page ${page}`;
  }
}

/**
 * The query of one page of a list: `limit`, the page's `cursor` (none for the first page) and
 * any filters, as every paged list of the API takes them.
 */
export function pageQuery(
  limit: number,
  cursor: string | undefined,
  filters: Record<string, string> = {},
): URLSearchParams {
  const query = new URLSearchParams({ ...filters, limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return query;
}
