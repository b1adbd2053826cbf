/** `npm run build:web` leaves exactly the pages in its output directory: no intermediates. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPage, pageNames } from '../../scripts/build-web.ts';

describe('build:web', () => {
  it('writes the self-contained pages, the desks included, and nothing else, removing a bundle an older build left', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    writeFileSync(join(outDir, 'verify.js'), '// left by an older build');
    for (const page of pageNames) await buildPage(page, { outDir });
    expect(readdirSync(outDir).sort()).toEqual(pageNames.map((page) => `${page}.html`).sort());
    for (const page of pageNames) {
      const html = readFileSync(join(outDir, `${page}.html`), 'utf8');
      expect(html).toContain('<script type="module">');
      expect(html).not.toMatch(/<script[^>]+src=/);
    }
  });
});
