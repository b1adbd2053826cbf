/** `npm run build:web` leaves exactly the pages in its output directory: no intermediates. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPage } from '../../scripts/build-web.ts';

describe('build:web', () => {
  it('writes the two self-contained pages and nothing else, removing a bundle an older build left', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    writeFileSync(join(outDir, 'verify.js'), '// left by an older build');
    for (const page of ['verify', 'citizen'] as const) await buildPage(page, { outDir });
    expect(readdirSync(outDir).sort()).toEqual(['citizen.html', 'verify.html']);
    for (const page of ['verify', 'citizen']) {
      const html = readFileSync(join(outDir, `${page}.html`), 'utf8');
      expect(html).toContain('<script type="module">');
      expect(html).not.toMatch(/<script[^>]+src=/);
    }
  });
});
