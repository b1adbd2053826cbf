/** Printed documents as a reader meets them: a PDF rendered by poppler, its QR code decoded. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import decodeQR from 'qr/decode.js';

const run = promisify(execFile);

export type GrayImage = { width: number; height: number; data: Uint8Array };

/** Page 1 of `pdf` rendered by `pdftoppm` at `dpi`: as PNG bytes, or as an image to decode. */
export async function renderFirstPage(
  pdf: Uint8Array,
  dpi: number,
  format: 'png' | 'gray',
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'paper-'));
  try {
    writeFileSync(join(dir, 'document.pdf'), pdf);
    await run(
      'pdftoppm',
      [
        '-r',
        String(dpi),
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        `-${format}`,
        'document.pdf',
        'page',
      ],
      { cwd: dir, env },
    );
    return readFileSync(join(dir, format === 'png' ? 'page.png' : 'page.pgm'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The top `height` rows of a grey page as a one-frame Y4M video (YUV 4:2:0, no colour): what
 * Chromium's fake camera (`--use-file-for-fake-video-capture`) shows, looping.
 */
export function pgmToY4m(pgm: Buffer, height: number): Buffer {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not an 8-bit binary PGM');
  const width = Number(header[1]) & ~1;
  const rows = Math.min(height, Number(header[2])) & ~1;
  const stride = Number(header[1]);
  const pixels = pgm.subarray(header[0].length);
  const luma = Buffer.alloc(width * rows);
  for (let row = 0; row < rows; row += 1) {
    pixels.copy(luma, row * width, row * stride, row * stride + width);
  }
  const chroma = Buffer.alloc((width / 2) * (rows / 2) * 2, 128);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${width} H${rows} F10:1 Ip A1:1 C420jpeg\nFRAME\n`),
    luma,
    chroma,
  ]);
}

/** A binary PGM (P5, 8-bit) as RGBA, the shape QR decoders take. */
export function pgmToRgba(pgm: Buffer): { width: number; height: number; data: Uint8Array } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not an 8-bit binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = pgm.subarray(header[0].length);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    const value = pixels[i] ?? 255;
    data.set([value, value, value, 255], i * 4);
  }
  return { width, height, data };
}

/** The text of the QR code on page 1 of `pdf` rendered at `dpi`, as a scanner reads it. */
export async function scanQr(pdf: Uint8Array, dpi = 150): Promise<string> {
  return decodeQR(pgmToRgba(await renderFirstPage(pdf, dpi, 'gray')));
}

export type ReaderPage = { gray: Buffer; warnings: string[] };

/**
 * Page 1 of `pdf` at `dpi` in grey, as two independent readers draw it — poppler
 * (`pdftoppm`) and MuPDF (`mutool draw`) — with what each printed on its error stream
 * (MuPDF's note that this build has no colour management aside).
 */
export async function drawnByReaders(
  pdf: Uint8Array,
  dpi: number,
): Promise<{ poppler: ReaderPage; mupdf: ReaderPage }> {
  const dir = mkdtempSync(join(tmpdir(), 'paper-'));
  const lines = (stderr: string) =>
    stderr
      .split('\n')
      .filter((line) => line.trim() !== '' && !/ICC support is not available/.test(line));
  try {
    writeFileSync(join(dir, 'document.pdf'), pdf);
    const poppler = await run(
      'pdftoppm',
      ['-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', '-gray', 'document.pdf', 'poppler'],
      { cwd: dir },
    );
    const mupdf = await run(
      'mutool',
      ['draw', '-q', '-r', String(dpi), '-c', 'gray', '-o', 'mupdf.pgm', 'document.pdf', '1'],
      { cwd: dir },
    );
    return {
      poppler: { gray: readFileSync(join(dir, 'poppler.pgm')), warnings: lines(poppler.stderr) },
      mupdf: { gray: readFileSync(join(dir, 'mupdf.pgm')), warnings: lines(mupdf.stderr) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * How differently two grey pages of one size are inked, block by block (`block` pixels
 * square): the sum of the blocks' differences in ink over the sum of their ink, 0 for the same
 * page. Antialiasing alone keeps two readers' drawings of one page at a few hundredths.
 */
export function inkDifference(a: Buffer, b: Buffer, block = 8): number {
  const [pa, pb] = [pgmToRgba(a), pgmToRgba(b)];
  if (pa.width !== pb.width || pa.height !== pb.height) return 1;
  let difference = 0;
  let ink = 0;
  for (let top = 0; top < pa.height; top += block) {
    for (let left = 0; left < pa.width; left += block) {
      let [inkA, inkB] = [0, 0];
      for (let y = top; y < Math.min(top + block, pa.height); y++) {
        for (let x = left; x < Math.min(left + block, pa.width); x++) {
          const at = (y * pa.width + x) * 4;
          inkA += 255 - (pa.data[at] ?? 255);
          inkB += 255 - (pb.data[at] ?? 255);
        }
      }
      difference += Math.abs(inkA - inkB);
      ink += inkA + inkB;
    }
  }
  return ink === 0 ? 0 : difference / ink;
}

export async function pdfTool(tool: 'pdffonts' | 'pdftotext' | 'pdfinfo', pdf: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'paper-'));
  try {
    writeFileSync(join(dir, 'document.pdf'), pdf);
    const args = tool === 'pdftotext' ? ['document.pdf', '-'] : ['document.pdf'];
    return (await run(tool, args, { cwd: dir })).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
