/**
 * `npm run build:web` — builds the offline verification page, the citizen's page
 * (`citizen.html`, built the same way from `web/citizen.ts`) and the desks (`desk.html`, …,
 * which share `web/lib/`) into `web/dist/`:
 *
 * - `verify.html`: `web/verify.html` with `web/verify.ts` and everything it imports (the
 *   shared verifier, jose, zod) bundled by esbuild for the browser as one minified ES module
 *   and inlined with the stylesheet, their SHA-256 hashes written into the page's
 *   Content-Security-Policy. One self-contained file: it works from file:// (where Chromium
 *   refuses to load a module script from another file) as well as from any static host, and
 *   its policy allows exactly its own script and style and no network access at all.
 *
 * Only the pages are written: the bundle never touches the disk on its own (a `verify.js`
 * an earlier build left is removed), so `web/dist/` holds exactly what is to be published.
 *
 * A `node:` import reached from a page fails the build (platform `browser`), with one
 * exception: the supervisor's desk verifies audit exports with the very code `npm run
 * audit:verify` runs (`shared/domain/audit/`), which hashes and verifies with `node:crypto` and
 * `Buffer`; for that page `node:crypto` resolves to `web/lib/nodeCryptoForBrowser.ts` (SHA-256
 * and P-256 from `@noble/hashes` and `@noble/curves`) and `Buffer` to the `buffer` package.
 *
 * The desks' common stylesheet, `web/lib/desk.css`, takes the place of the marker
 * `/*__DESK_STYLE__*\/` in a page's one `<style>` element before its hash is taken.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const repositoryRoot = resolve(import.meta.dirname, '..');
/** The pages: `web/<name>.html` with `web/<name>.ts` bundled into it. */
export type PageName = 'verify' | 'citizen' | 'desk' | 'inquire' | 'oversight';
export const pageNames: readonly PageName[] = ['verify', 'citizen', 'desk', 'inquire', 'oversight'];
/** The pages served by `npm start` beside the API, by path. */
export const servedPages = {
  '/citizen': 'citizen',
  '/desk': 'desk',
  '/inquire': 'inquire',
  '/oversight': 'oversight',
} as const satisfies Record<string, PageName>;
/** Pages that run the audit verifier in the browser (see above). */
const nodeCryptoPages: readonly PageName[] = ['oversight'];
const DESK_STYLE = '/*__DESK_STYLE__*/';
const SCRIPT_HASH = '__SCRIPT_HASH__';
const STYLE_HASH = '__STYLE_HASH__';

export type WebBuild = {
  /** Absolute path of the written page. */
  html: string;
  sizes: { html: number; script: number; scriptGzip: number };
};

export async function buildWeb(
  options: { outDir?: string; root?: string } = {},
): Promise<WebBuild> {
  return buildPage('verify', options);
}

export async function buildPage(
  page: PageName,
  options: { outDir?: string; root?: string } = {},
): Promise<WebBuild> {
  const SCRIPT_TAG = `<script type="module" src="${page}.js"></script>`;
  const root = options.root ?? repositoryRoot;
  const outDir = resolve(root, options.outDir ?? 'web/dist');
  mkdirSync(outDir, { recursive: true });

  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, `web/${page}.ts`)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    // ASCII output (esbuild's default charset) and `</script` escaped in strings (its default
    // for the browser): safe to inline whatever the page's meta charset says.
    write: false,
    outfile: join(outDir, `${page}.js`),
    logLevel: 'silent',
    ...(nodeCryptoPages.includes(page)
      ? {
          inject: [join(repositoryRoot, 'web/lib/bufferGlobal.ts')],
          plugins: [
            {
              name: 'node-crypto-for-browser',
              setup(plugin) {
                plugin.onResolve({ filter: /^node:crypto$/ }, () => ({
                  path: join(repositoryRoot, 'web/lib/nodeCryptoForBrowser.ts'),
                }));
              },
            },
          ],
        }
      : {}),
  });
  const output = result.outputFiles[0];
  if (output === undefined || result.outputFiles.length !== 1) {
    throw new Error(`esbuild produced ${result.outputFiles.length} files, expected 1`);
  }
  const script = output.text;
  // The HTML parser ends an inline script at `</script` and treats `<!--` and `<script`
  // specially inside it; esbuild escapes the first, and the others must not occur at all.
  if (/<\/script|<!--|<script/i.test(script)) {
    throw new Error('the bundled script contains </script, <!-- or <script and cannot be inlined');
  }

  const source = withDeskStyle(readFileSync(join(root, `web/${page}.html`), 'utf8'), root);
  const styles = [...source.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  const style = styles[0]?.[1];
  if (style === undefined || styles.length !== 1) {
    throw new Error(`web/${page}.html must have exactly one <style> element`);
  }
  for (const marker of [SCRIPT_TAG, SCRIPT_HASH, STYLE_HASH]) {
    if (source.split(marker).length !== 2) {
      throw new Error(`web/${page}.html must contain ${marker} exactly once`);
    }
  }
  const html = source
    .replace(SCRIPT_HASH, `'${cspHash(script)}'`)
    .replace(STYLE_HASH, `'${cspHash(style)}'`)
    // A function, so that `$&` and the like in the minified code are not replacement patterns.
    .replace(SCRIPT_TAG, () => `<script type="module">${script}</script>`);

  const htmlPath = join(outDir, `${page}.html`);
  writeFileSync(htmlPath, html);
  rmSync(join(outDir, `${page}.js`), { force: true });
  return {
    html: htmlPath,
    sizes: {
      html: Buffer.byteLength(html),
      script: Buffer.byteLength(script),
      scriptGzip: gzipSync(script).length,
    },
  };
}

/** The page with the desks' stylesheet in place of its marker, if it has one. */
function withDeskStyle(source: string, root: string): string {
  if (!source.includes(DESK_STYLE)) return source;
  const style = readFileSync(join(root, 'web/lib/desk.css'), 'utf8');
  return source.replace(DESK_STYLE, () => style);
}

/** A CSP source expression for an inline element's exact text. */
function cspHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const page of pageNames) {
    const { html, sizes } = await buildPage(page);
    process.stdout.write(
      `${relative(process.cwd(), html)}  ${kilobytes(sizes.html)} (script and style inlined; ` +
        `script ${kilobytes(sizes.script)}, ${kilobytes(sizes.scriptGzip)} gzip)\n`,
    );
  }
}
