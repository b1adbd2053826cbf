/**
 * The desks in a real headless Chromium (a context of its own in the run's browser,
 * test/support/browser.ts), served by a local stack as `npm start` serves them:
 * each test file builds its page with `buildPage`, starts an in-memory stack with the page
 * beside the API, and opens it signed in with a dev token. Every request the browser makes
 * off the stack's origin, every page error and every console error is collected: a desk calls
 * only the API of its own origin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { buildPage, type PageName } from '../../scripts/build-web.ts';
import { newBrowserContext } from './browser.ts';
import { startTestStack, type TestStack } from './stack.ts';

/** The two languages each desk's main path runs in: the label of each control, in that language. */
export type Language = 'zh' | 'en';
export const languages: readonly Language[] = ['zh', 'en'];

/** `zh` or `en` of a bilingual label, as a pattern for accessible names and texts. */
export function inLanguage(language: Language, zh: string, en: string): RegExp {
  const text = language === 'zh' ? zh : en;
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/**
 * How long a test waits for the page to show what it waits for: an answer from the stack, or
 * the audit export verified in the browser, takes seconds on a loaded machine — far beyond
 * `expect.poll`'s default of one second — and a wait that ends early fails a working desk.
 */
export const UI_WAIT = { timeout: 20_000, interval: 100 } as const;

/**
 * With `DESK_SCREENSHOTS=DIR`, the part of a desk a test has reached is saved as `DIR/NAME`
 * (the README's pictures: `DESK_SCREENSHOTS=docs npx vitest run test/e2e/*-page.test.ts -t zh`).
 */
export async function keepScreenshot(part: Locator, name: string): Promise<void> {
  const dir = process.env.DESK_SCREENSHOTS;
  if (dir) await part.screenshot({ path: join(dir, name) });
}

export type DeskBrowser = {
  stack: TestStack;
  context: BrowserContext;
  /** Requests off the stack's origin, page errors and console errors, in order. */
  foreignRequests: string[];
  errors: string[];
  open(path: string, token: string): Promise<Page>;
  close(): Promise<void>;
};

export async function startDeskBrowser(pages: Record<string, PageName>): Promise<DeskBrowser> {
  const outDir = mkdtempSync(join(tmpdir(), 'desk-dist-'));
  const html: Record<string, string> = {};
  for (const [path, page] of Object.entries(pages)) {
    html[path] = readFileSync((await buildPage(page, { outDir })).html, 'utf8');
  }
  rmSync(outDir, { recursive: true, force: true });
  const stack = await startTestStack({ inMemory: true, pages: html });
  const context = await newBrowserContext({
    locale: 'zh-CN',
    viewport: { width: 1000, height: 800 },
    acceptDownloads: true,
  });
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(stack.url) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      foreignRequests.push(url);
    }
  });
  return {
    stack,
    context,
    foreignRequests,
    errors,
    async open(path, token) {
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        // The applicant's desk asks for the agency directory and, where a deployment has none
        // yet, offers a free field: that one 404 is expected, and Chromium logs it.
        const probe = message.location().url.endsWith('/v1/agencies');
        if (probe && message.text().includes('404')) return;
        errors.push(message.text());
      });
      await page.goto(`${stack.url}${path}`);
      await page.fill('#token', token);
      await page.click('#sign-in-form button[type=submit]');
      await page.locator('#sign-in-message.ok').waitFor();
      return page;
    },
    async close() {
      await context.close();
      await stack.close();
    },
  };
}
