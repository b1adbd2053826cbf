/**
 * A printable document as an A4 PDF (pdf-lib): the title, the statement set apart, the facts,
 * a letter's convictions, the notes, and the QR code of the signed document drawn as vector
 * squares, so that it prints sharp at any resolution. One font, embedded as the subset of
 * exactly the characters on the paper (a CJK face of several megabytes becomes tens of
 * kilobytes), given by the caller.
 *
 * The output is a pure function of the document and the font: no clock, no randomness. The
 * producer and creator are fixed, the dates are the credential's `nbf`, the PDF's ID is derived
 * from the credential's ID, the font subset's tag from its characters — so the same credential
 * prints to the same bytes, and two people's papers differ only where their credentials do.
 */
import fontkit from '@pdf-lib/fontkit';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  type PDFPage,
  PDFStream,
  rgb,
} from 'pdf-lib';
import { hasCffOutlines, withIdentityCids } from './identityCids.ts';
import { penaltyLabels } from './labels.ts';
import type { PrintableDocument } from './printableDocument.ts';
import { qrSymbolOf } from './qrSymbol.ts';

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGIN = 20 * MM;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
/** Half a millimetre a module: three pixels at 150 dpi, well within a phone camera's reach. */
const QR_MODULE = 0.5 * MM;
/** Larger symbols shrink their modules so that the code never takes more than this. */
const QR_MAX_SIZE = 80 * MM;
/** ISO/IEC 18004 asks for four modules of quiet zone around the symbol. */
const QR_QUIET_ZONE = 4;
const FOOTER_HEIGHT = 12 * MM;
const LABEL_WIDTH = 52 * MM;

const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.33, 0.33, 0.33);
const LINE = rgb(0.7, 0.7, 0.7);
const OK = rgb(0.04, 0.42, 0.18);
const BAD = rgb(0.64, 0.09, 0.1);

export const PDF_PRODUCER = 'sealed-records print-document';
const FONT_NAME = 'NotoSansCJKsc-Regular';

/** Every character the paper can show: the font is subset to exactly these. */
export function documentText(document: PrintableDocument): string {
  const parts: string[] = [
    ...document.title,
    ...document.statement,
    ...document.facts.flatMap(({ label, value }) => [...label, value]),
    ...document.notes.flat(),
    ...document.convictions.flatMap((conviction) => [
      ...conviction.offences,
      ...penaltyLabels[conviction.penalty],
      conviction.effectiveDate,
    ]),
    ...CONVICTION_HEADINGS.flat(),
    MONTHS_ZH,
    MONTHS_EN,
    QR_CAPTION.join(''),
    footerText(0, 0, document.documentId),
    // Page numbers and conviction terms: every digit, whichever occur.
    '0123456789—、·',
  ];
  return [...new Set([...parts.join('')])].sort().join('');
}

const CONVICTION_HEADINGS = [
  ['罪名', 'Offences'],
  ['刑罚', 'Penalty'],
  ['刑期', 'Term'],
  ['判决生效日期', 'Effective'],
] as const;
const MONTHS_ZH = ' 个月';
const MONTHS_EN = ' months';
const QR_CAPTION = ['扫码离线核验', ' · Scan to verify offline'] as const;

function footerText(page: number, pages: number, documentId: string): string {
  return `第 ${page} 页 共 ${pages} 页 · Page ${page} of ${pages} · ${documentId}`;
}

export type RenderedPdf = {
  bytes: Uint8Array;
  pages: number;
  qr: { version: number; ecc: 'medium' | 'low'; modules: number; sizeMm: number };
};

/**
 * Renders `document` with `font`: an OpenType font holding (at least) the characters of
 * {@link documentText}, as a face subset to them.
 */
export async function renderPdf(
  document: PrintableDocument,
  font: Uint8Array,
): Promise<RenderedPdf> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const tag = await subsetTag(documentText(document));
  // Already a subset: embedded as it is (its CIDs renumbered to its glyph IDs), under the
  // standard six-letter subset tag.
  const program = withIdentityCids(font);
  const embedded = await pdf.embedFont(program, {
    subset: false,
    customName: `${tag}+${FONT_NAME}`,
  });

  const layout = new Layout(pdf, embedded);
  const qr = drawQr(layout, document);
  drawHeading(layout, document, qr.size);
  layout.y = Math.min(layout.y, qr.bottom) - 8 * MM;
  drawFacts(layout, document);
  if (document.convictions.length > 0) drawConvictions(layout, document);
  drawNotes(layout, document);
  layout.footers(document.documentId);

  const title = `${document.title[0]} · ${document.title[1]}`;
  pdf.setTitle(title, { showInWindowTitleBar: true });
  pdf.setAuthor(issuerOf(document));
  pdf.setLanguage('zh-CN');
  pdf.setProducer(PDF_PRODUCER);
  pdf.setCreator(PDF_PRODUCER);
  pdf.setCreationDate(document.issuedAt);
  pdf.setModificationDate(document.issuedAt);
  await embedded.embed();
  declareCffFont(pdf, embedded, program);
  const id = PDFHexString.of(await sha256Hex(`pdf-id:${document.documentId}`, 32));
  pdf.context.trailerInfo.ID = pdf.context.obj([id, id]);
  const bytes = await pdf.save();
  return {
    bytes,
    pages: pdf.getPageCount(),
    qr: { version: qr.version, ecc: qr.ecc, modules: qr.modules, sizeMm: qr.size / MM },
  };
}

function issuerOf(document: PrintableDocument): string {
  return document.facts.find(({ label }) => label[1] === 'Issuer')?.value ?? '';
}

class Layout {
  readonly pdf: PDFDocument;
  readonly font: PDFFont;
  page: PDFPage;
  y: number;
  readonly pages: PDFPage[] = [];

  constructor(pdf: PDFDocument, font: PDFFont) {
    this.pdf = pdf;
    this.font = font;
    this.page = this.newPage();
    this.y = PAGE.height - MARGIN;
  }

  private newPage(): PDFPage {
    const page = this.pdf.addPage([PAGE.width, PAGE.height]);
    this.pages.push(page);
    return page;
  }

  /** Room for `height` more points on this page, or a new page. */
  need(height: number): void {
    if (this.y - height >= MARGIN + FOOTER_HEIGHT) return;
    this.page = this.newPage();
    this.y = PAGE.height - MARGIN;
  }

  width(text: string, size: number): number {
    return this.font.widthOfTextAtSize(text, size);
  }

  /** Draws `text` wrapped to `maxWidth` from (x, y) down; returns the height used. */
  text(
    text: string,
    x: number,
    size: number,
    maxWidth: number,
    options: { color?: ReturnType<typeof rgb>; y?: number; draw?: boolean } = {},
  ): number {
    const lines = wrap(text, (line) => this.width(line, size), maxWidth);
    const leading = size * 1.45;
    let y = options.y ?? this.y;
    for (const line of lines) {
      y -= leading;
      if (options.draw !== false) {
        this.page.drawText(line, {
          x,
          y: y + leading - size,
          size,
          font: this.font,
          color: options.color ?? INK,
        });
      }
    }
    return lines.length * leading;
  }

  footers(documentId: string): void {
    const total = this.pages.length;
    this.pages.forEach((page, index) => {
      const text = footerText(index + 1, total, documentId);
      page.drawText(text, { x: MARGIN, y: MARGIN, size: 7.5, font: this.font, color: MUTED });
    });
  }
}

/**
 * Greedy line breaking: between any two CJK characters, and at spaces between Latin words;
 * a word wider than the line (an ID, a DID) is broken where it must be.
 */
export function wrap(text: string, width: (line: string) => number, maxWidth: number): string[] {
  const tokens =
    text.match(
      /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}]|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u{20000}-\u{3FFFF}]+\s*|\s+/gu,
    ) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (width(line + token.trimEnd()) <= maxWidth) {
      line += token;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = '';
    // A token wider than a whole line: character by character.
    for (const character of token.trimStart()) {
      if (width(line + character) > maxWidth && line !== '') {
        lines.push(line);
        line = '';
      }
      line += character;
    }
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines.length > 0 ? lines : [''];
}

function drawQr(layout: Layout, document: PrintableDocument) {
  const symbol = qrSymbolOf(document.signed);
  const count = symbol.modules.length + 2 * QR_QUIET_ZONE;
  const module = Math.min(QR_MODULE, QR_MAX_SIZE / count);
  const size = module * count;
  const left = PAGE.width - MARGIN - size;
  const top = PAGE.height - MARGIN;
  // One rectangle per run of dark modules in a row: a few thousand instead of ten thousand.
  symbol.modules.forEach((row, r) => {
    let c = 0;
    while (c < row.length) {
      if (!row[c]) {
        c += 1;
        continue;
      }
      const start = c;
      while (c < row.length && row[c]) c += 1;
      layout.page.drawRectangle({
        x: left + (QR_QUIET_ZONE + start) * module,
        y: top - (QR_QUIET_ZONE + r + 1) * module,
        width: (c - start) * module,
        height: module,
        color: rgb(0, 0, 0),
      });
    }
  });
  const captionSize = 8;
  const caption = QR_CAPTION.join('');
  layout.page.drawText(caption, {
    x: left + (size - layout.width(caption, captionSize)) / 2,
    y: top - size - captionSize,
    size: captionSize,
    font: layout.font,
    color: MUTED,
  });
  return {
    size,
    bottom: top - size - captionSize * 2,
    version: symbol.version,
    ecc: symbol.ecc,
    modules: symbol.modules.length,
  };
}

function drawHeading(layout: Layout, document: PrintableDocument, qrSize: number): void {
  const width = CONTENT_WIDTH - qrSize - 8 * MM;
  layout.y -= layout.text(document.title[0], MARGIN, 22, width);
  layout.y -= layout.text(document.title[1], MARGIN, 12, width, { color: MUTED });
  layout.y -= 6 * MM;
  const color = document.recordOnFile ? BAD : OK;
  const padding = 3 * MM;
  const inner = width - 2 * padding;
  const height =
    layout.text(document.statement[0], 0, 15, inner, { draw: false }) +
    layout.text(document.statement[1], 0, 10, inner, { draw: false }) +
    2 * padding;
  layout.page.drawRectangle({
    x: MARGIN,
    y: layout.y - height,
    width,
    height,
    borderColor: color,
    borderWidth: 1.5,
  });
  layout.y -= padding;
  layout.y -= layout.text(document.statement[0], MARGIN + padding, 15, inner, { color });
  layout.y -= layout.text(document.statement[1], MARGIN + padding, 10, inner, { color });
  layout.y -= padding;
}

function drawFacts(layout: Layout, document: PrintableDocument): void {
  const valueX = MARGIN + LABEL_WIDTH;
  const valueWidth = CONTENT_WIDTH - LABEL_WIDTH;
  for (const { label, value } of document.facts) {
    const valueSize = label[1].startsWith('Name') ? 14 : 10;
    const height = Math.max(
      layout.text(label[0], 0, 10, LABEL_WIDTH - 4 * MM, { draw: false }) +
        layout.text(label[1], 0, 8, LABEL_WIDTH - 4 * MM, { draw: false }),
      layout.text(value, 0, valueSize, valueWidth, { draw: false }),
    );
    layout.need(height + 2 * MM);
    const top = layout.y;
    const used = layout.text(label[0], MARGIN, 10, LABEL_WIDTH - 4 * MM);
    layout.text(label[1], MARGIN, 8, LABEL_WIDTH - 4 * MM, { color: MUTED, y: top - used });
    layout.text(value, valueX, valueSize, valueWidth, { y: top });
    layout.y = top - height - 1 * MM;
    layout.page.drawLine({
      start: { x: MARGIN, y: layout.y },
      end: { x: MARGIN + CONTENT_WIDTH, y: layout.y },
      thickness: 0.4,
      color: LINE,
    });
    layout.y -= 1.5 * MM;
  }
}

function drawConvictions(layout: Layout, document: PrintableDocument): void {
  const widths = [0.4, 0.25, 0.15, 0.2].map((share) => share * CONTENT_WIDTH);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  layout.y -= 4 * MM;
  const rows: string[][] = document.convictions.map((conviction) => {
    const [penaltyZh, penaltyEn] = penaltyLabels[conviction.penalty];
    return [
      conviction.offences.join('、'),
      `${penaltyZh} ${penaltyEn}`,
      conviction.months === undefined
        ? '—'
        : `${conviction.months}${MONTHS_ZH} · ${conviction.months}${MONTHS_EN}`,
      conviction.effectiveDate,
    ];
  });
  const heading = CONVICTION_HEADINGS.map(([zh, en]) => `${zh} ${en}`);
  for (const [index, row] of [heading, ...rows].entries()) {
    const size = index === 0 ? 8.5 : 10;
    const height = Math.max(
      ...row.map((cell, i) =>
        layout.text(cell, 0, size, (widths[i] ?? 0) - 2 * MM, { draw: false }),
      ),
    );
    layout.need(height + 2 * MM);
    row.forEach((cell, i) => {
      layout.text(cell, xs[i] ?? MARGIN, size, (widths[i] ?? 0) - 2 * MM, {
        color: index === 0 ? MUTED : INK,
      });
    });
    layout.y -= height + 1 * MM;
    layout.page.drawLine({
      start: { x: MARGIN, y: layout.y },
      end: { x: MARGIN + CONTENT_WIDTH, y: layout.y },
      thickness: index === 0 ? 0.8 : 0.4,
      color: LINE,
    });
    layout.y -= 1.5 * MM;
  }
}

function drawNotes(layout: Layout, document: PrintableDocument): void {
  layout.y -= 4 * MM;
  for (const [zh, en] of document.notes) {
    const height =
      layout.text(zh, 0, 9, CONTENT_WIDTH, { draw: false }) +
      layout.text(en, 0, 8, CONTENT_WIDTH, { draw: false });
    layout.need(height + 2 * MM);
    layout.y -= layout.text(zh, MARGIN, 9, CONTENT_WIDTH);
    layout.y -= layout.text(en, MARGIN, 8, CONTENT_WIDTH, { color: MUTED });
    layout.y -= 2 * MM;
  }
}

/**
 * pdf-lib files every font as TrueType — a `CIDFontType2` with its program under
 * `FontFile2` — because the fontkit it asks cannot tell CFF outlines apart. A font with CFF
 * outlines (Noto Sans CJK) is declared as what it is (ISO 32000 §9.7.4, §9.9): a
 * `CIDFontType0` whose program is an OpenType font under `FontFile3`, addressed by CID —
 * which {@link withIdentityCids} made equal to the glyph IDs pdf-lib writes. Left as TrueType,
 * poppler warned on every text and drew the right glyphs by luck; MuPDF and Ghostscript drew
 * the wrong ones or none.
 */
function declareCffFont(pdf: PDFDocument, font: PDFFont, program: Uint8Array): void {
  if (!hasCffOutlines(program)) return;
  const type0 = pdf.context.lookup(font.ref, PDFDict);
  const cidFont = type0.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
  cidFont.set(PDFName.of('Subtype'), PDFName.of('CIDFontType0'));
  // Only a CIDFontType2 maps CIDs to glyphs this way; a CIDFontType0 uses its charset.
  cidFont.delete(PDFName.of('CIDToGIDMap'));
  const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
  const file = descriptor.get(PDFName.of('FontFile2')) ?? descriptor.get(PDFName.of('FontFile3'));
  if (file === undefined) throw new Error('the embedded font has no program');
  descriptor.delete(PDFName.of('FontFile2'));
  descriptor.set(PDFName.of('FontFile3'), file);
  pdf.context.lookup(file, PDFStream).dict.set(PDFName.of('Subtype'), PDFName.of('OpenType'));
}

/** The subset tag (ISO 32000 §9.6.4): six capitals, here derived from the subset's characters. */
async function subsetTag(characters: string): Promise<string> {
  const hex = await sha256Hex(`subset:${characters}`, 12);
  return [...hex.matchAll(/../g)]
    .map(([pair]) => String.fromCharCode(65 + (Number.parseInt(pair, 16) % 26)))
    .join('');
}

async function sha256Hex(text: string, length: number): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, length);
}
