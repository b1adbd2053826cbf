/**
 * The desks render Chinese as Chinese, not as tofu (the empty boxes a browser draws for
 * characters no installed font has). Screenshots of each desk's heading in headless Chromium
 * are compared glyph by glyph: with a CJK font (Debian `fonts-noto-cjk`, installed by `.ci/run`)
 * every character is drawn differently, and none like the box drawn for a character that no
 * font has; the whole heading differs from the same heading with its Chinese replaced by such
 * characters. The detector is checked against a Chromium that has no CJK font at all: there it
 * must find tofu, or it would pass whatever the fonts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../support/browser.ts';
import { type DeskBrowser, startDeskBrowser } from '../support/deskBrowser.ts';

/** A code point no font maps (unassigned in Unicode): always drawn as the missing-glyph box. */
const TOFU = '\u0378';
const CJK = /[\u3400-\u9fff]/u;
const desks = ['/desk', '/inquire', '/oversight'] as const;

let desk: DeskBrowser;
const scratch = mkdtempSync(join(tmpdir(), 'desk-fonts-'));

beforeAll(async () => {
  desk = await startDeskBrowser({
    '/desk': 'desk',
    '/inquire': 'inquire',
    '/oversight': 'oversight',
  });
}, 120_000);

afterAll(async () => {
  await desk?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A screenshot of `text` set in the heading's own font, size and weight. */
async function glyphs(page: Page, text: string): Promise<Buffer> {
  await page.evaluate((content) => {
    document.getElementById('glyph-probe')?.remove();
    const probe = document.createElement('span');
    probe.id = 'glyph-probe';
    probe.textContent = content;
    document.querySelector('h1')?.after(probe);
    const heading = getComputedStyle(document.querySelector('h1') as Element);
    // No inline style (the page's CSP forbids it): the probe is styled through the CSSOM.
    probe.style.font = heading.font;
    probe.style.display = 'inline-block';
    probe.style.padding = '2px';
    probe.style.background = '#fff';
  }, text);
  return page.locator('#glyph-probe').screenshot();
}

/** What the heading's first Chinese characters look like, one by one, and as tofu. */
async function cjkRendering(page: Page) {
  const heading = String(await page.locator('h1').textContent());
  const characters = [...new Set([...heading].filter((c) => CJK.test(c)))].slice(0, 5);
  expect(characters.length).toBeGreaterThanOrEqual(4);
  const each = [];
  for (const character of characters) each.push(await glyphs(page, character));
  const tofu = await glyphs(page, TOFU);
  const chinese = heading.split(' ')[0] ?? heading;
  const whole = await glyphs(page, chinese);
  const wholeAsTofu = await glyphs(
    page,
    [...chinese].map((c) => (CJK.test(c) ? TOFU : c)).join(''),
  );
  const distinct = new Set(each.map((shot) => shot.toString('base64'))).size;
  return {
    characters,
    /** How many of the characters were drawn differently from one another. */
    distinct,
    /** How many were drawn exactly as the missing-glyph box. */
    asTofu: each.filter((shot) => shot.equals(tofu)).length,
    wholeDiffersFromTofu: !whole.equals(wholeAsTofu),
  };
}

describe('the desks’ Chinese text in Chromium', () => {
  it.each(desks)(
    '%s draws its heading’s Chinese characters as Chinese glyphs',
    async (path) => {
      const page = await desk.context.newPage();
      await page.goto(`${desk.stack.url}${path}`);
      const rendering = await cjkRendering(page);
      expect(rendering.distinct, `${path}: ${rendering.characters.join('')}`).toBe(
        rendering.characters.length,
      );
      expect(rendering.asTofu).toBe(0);
      expect(rendering.wholeDiffersFromTofu).toBe(true);
      await page.close();
    },
    60_000,
  );

  it('finds tofu in a Chromium without CJK fonts (the check can fail)', async () => {
    // Fontconfig limited to DejaVu and Liberation: no font with a single Chinese glyph.
    const config = join(scratch, 'fonts.conf');
    writeFileSync(
      config,
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <dir>/usr/share/fonts/truetype/liberation</dir>
  <cachedir>${join(scratch, 'cache')}</cachedir>
</fontconfig>
`,
    );
    const profile = mkdtempSync(join(scratch, 'profile-'));
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
        env: { ...process.env, FONTCONFIG_FILE: config },
      });
      const page = await context.newPage();
      await page.goto(`${desk.stack.url}/desk`);
      const rendering = await cjkRendering(page);
      expect(rendering.distinct).toBe(1);
      expect(rendering.asTofu).toBe(rendering.characters.length);
      expect(rendering.wholeDiffersFromTofu).toBe(false);
    } finally {
      await context?.close();
    }
  }, 90_000);
});
