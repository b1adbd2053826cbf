/**
 * A printable document as a PDF (shared/domain/paper/renderPdf.ts): A4, the document's title,
 * issuer and dates in its metadata, one CJK face embedded as a tagged subset, a QR code of half a millimetre a module and never over 80 mm, a
 * long letter running onto more pages — and the same credential printing to the same bytes.
 * Few renders, shared by the tests: each takes a while.
 */
import { createHash } from 'node:crypto';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { lazyHarfBuzzFontSubsetter } from '#shared/adapters/fonts/harfbuzzFontSubsetter.ts';
import { readConfig } from '#shared/config.ts';
import type { VerifiedCertificate } from '#shared/domain/credential/verifyCredential.ts';
import type { VerifiedLetter } from '#shared/domain/credential/verifyLetter.ts';
import { penaltyLabels } from '#shared/domain/paper/labels.ts';
import {
  type PrintableDocument,
  printableCertificate,
  printableLetter,
} from '#shared/domain/paper/printableDocument.ts';
import { qrSymbolOf } from '#shared/domain/paper/qrSymbol.ts';
import {
  documentText,
  PDF_PRODUCER,
  type RenderedPdf,
  renderPdf,
} from '#shared/domain/paper/renderPdf.ts';
import type { Penalty } from '#shared/domain/record.ts';
import { type DrawnText, drawnOn, MARGIN, MM, PAGE } from './paper.pdfPage.ts';

const { paper } = readConfig();
const fonts = lazyHarfBuzzFontSubsetter({ font: paper.fontFile, harfbuzzWasm: paper.harfbuzzWasm });
const render = async (document: PrintableDocument) =>
  renderPdf(document, await fonts.subset(documentText(document)));

const penalties = Object.keys(penaltyLabels) as Penalty[];
const issuedAt = new Date('2026-12-01T02:00:00.000Z');
const certificate: VerifiedCertificate = {
  name: '测试甲',
  nationalIdMasked: '990105********1230',
  purpose: 'employment',
  checkedAt: '2026-12-01T01:59:00.000Z',
  issuer: 'did:web:credentials.example.gov.cn',
  notBefore: issuedAt,
  expires: new Date('2027-03-01T02:00:00.000Z'),
  certificateId: 'urn:uuid:3f1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0b',
};
const letter: VerifiedLetter = {
  nameAsStated: '测试乙',
  recipient: { role: 'unit', org: 'kindergarten-1' },
  nationalIdMasked: '990105********2341',
  statement: 'criminal-record-on-file',
  convictions: Array.from({ length: 40 }, (_, i) => ({
    offences: i % 5 === 0 ? [`测试罪名${i}`, `测试罪名${i}乙`] : [`测试罪名${i}`],
    penalty: penalties[i % penalties.length] as Penalty,
    ...(i % 7 === 3 ? {} : { months: 12 + i }),
    effectiveDate: `2020-05-${String(1 + (i % 28)).padStart(2, '0')}`,
  })),
  inquiryId: 'inquiry-1',
  legalBasis: 'Law on the Protection of Minors art. 62',
  purpose: 'Hiring a kindergarten teacher',
  checkedAt: '2026-12-01T01:59:00.000Z',
  issuer: 'did:web:credentials.example.gov.cn',
  notBefore: issuedAt,
  expires: new Date('2027-03-01T02:00:00.000Z'),
  letterId: 'urn:uuid:5a1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0c',
};
/** A compact JWS of about the size a certificate has. */
const signedCertificate = `eyJ${'a'.repeat(500)}.eyJ${'b'.repeat(400)}.${'c'.repeat(86)}`;

const INK = '0.1 0.1 0.1';
const MUTED = '0.33 0.33 0.33';
const GREEN = '0.04 0.42 0.18';
const RED = '0.64 0.09 0.1';
const FOOTER_BAND = MARGIN + 12 * MM;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const close = (a: number, b: number) => Math.abs(a - b) < 1e-3;

const certificateDocument = printableCertificate(certificate, signedCertificate);
const letterDocument = printableLetter(letter, `eyJ${'d'.repeat(2600)}`);
let printed: RenderedPdf;
let long: RenderedPdf;
let certificatePdf: PDFDocument;
let letterPdf: PDFDocument;
let certificatePage: ReturnType<typeof drawnOn>;
let letterPages: ReturnType<typeof drawnOn>[];
beforeAll(async () => {
  printed = await render(certificateDocument);
  long = await render(letterDocument);
  certificatePdf = await PDFDocument.load(printed.bytes, { updateMetadata: false });
  letterPdf = await PDFDocument.load(long.bytes, { updateMetadata: false });
  certificatePage = drawnOn(certificatePdf, 0);
  letterPages = Array.from({ length: long.pages }, (_, i) => drawnOn(letterPdf, i));
}, 120_000);

/** Every text keeps within the margins, and only the footer is drawn in the footer band. */
function expectWithinMargins(texts: readonly DrawnText[], footer: string) {
  for (const t of texts) {
    expect(t.x, t.text).toBeGreaterThanOrEqual(MARGIN - 1e-6);
    expect(t.x, t.text).toBeLessThan(PAGE.width - MARGIN);
    expect(t.y, t.text).toBeGreaterThanOrEqual(MARGIN - 1e-6);
    expect(t.y + t.size, t.text).toBeLessThanOrEqual(PAGE.height - MARGIN + 1e-6);
  }
  expect(texts.filter((t) => t.y < FOOTER_BAND)).toEqual([
    {
      text: footer,
      x: expect.closeTo(MARGIN, 6),
      y: expect.closeTo(MARGIN, 6),
      size: 7.5,
      color: MUTED,
    },
  ]);
}

describe('a printed certificate', () => {
  it('is one A4 page whose metadata names the document, its issuer and its date', async () => {
    expect(printed.pages).toBe(1);
    const pdf = await PDFDocument.load(printed.bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect([Math.round(width / (72 / 25.4)), Math.round(height / (72 / 25.4))]).toEqual([210, 297]);
    expect(pdf.getTitle()).toBe('无犯罪记录证明 · Certificate of no criminal record');
    expect(pdf.getAuthor()).toBe('did:web:credentials.example.gov.cn');
    expect(pdf.getProducer()).toBe(PDF_PRODUCER);
    expect(pdf.getCreator()).toBe(PDF_PRODUCER);
    expect(pdf.getCreationDate()?.toISOString()).toBe(issuedAt.toISOString());
    expect(pdf.getModificationDate()?.toISOString()).toBe(issuedAt.toISOString());
    expect(String(pdf.catalog.get(PDFName.of('Lang')))).toBe('(zh-CN)');
  });

  it('embeds one face, as a subset under a six-capital tag', async () => {
    const pdf = await PDFDocument.load(printed.bytes, { updateMetadata: false });
    const fonts = pdf.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (object): object is PDFDict =>
          object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Font'),
      )
      .filter((font) => font.get(PDFName.of('Subtype')) === PDFName.of('Type0'));
    expect(fonts).toHaveLength(1);
    const type0 = fonts[0] as PDFDict;
    expect(String(type0.get(PDFName.of('BaseFont')))).toMatch(
      /^\/[A-Z]{6}\+NotoSansCJKsc-Regular$/,
    );
  });

  it('has a PDF ID derived from the credential’s ID alone (no clock, no randomness)', async () => {
    const pdf = await PDFDocument.load(printed.bytes, { updateMetadata: false });
    const id = String(pdf.context.trailerInfo.ID);
    const derived = createHash('sha256')
      .update(`pdf-id:${certificate.certificateId}`)
      .digest('hex')
      .slice(0, 32);
    expect(id).toBe(`[ <${derived}> <${derived}> ]`);
    const letterPdf = await PDFDocument.load(long.bytes, { updateMetadata: false });
    expect(String(letterPdf.context.trailerInfo.ID)).not.toBe(id);
  });

  it('carries a QR code of half a millimetre a module, quiet zone included', () => {
    expect(printed.qr).toEqual({
      version: printed.qr.version,
      ecc: 'medium',
      modules: 17 + 4 * printed.qr.version,
      sizeMm: expect.closeTo((17 + 4 * printed.qr.version + 8) * 0.5, 6),
    });
    expect(printed.qr.sizeMm).toBeLessThan(80);
  });
});

describe('the page of a printed certificate', () => {
  const texts = () => certificatePage.texts;
  const one = (text: string) => {
    const found = texts().filter((t) => t.text === text);
    expect(found, text).toHaveLength(1);
    return found[0] as DrawnText;
  };

  it('keeps within its margins, its footer naming the page and the certificate', () => {
    expectWithinMargins(
      texts(),
      '第 1 页 共 1 页 · Page 1 of 1 · urn:uuid:3f1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0b',
    );
  });

  it('is headed by the title, then the statement set apart in green', () => {
    const title = one('无犯罪记录证明');
    expect(title).toMatchObject({ size: 22, color: INK, x: expect.closeTo(MARGIN, 6) });
    expect(Math.max(...texts().map((t) => t.y + t.size))).toBeCloseTo(title.y + 22, 6);
    const english = one('Certificate of no criminal record');
    expect(english).toMatchObject({ size: 12, color: MUTED });
    const statement = one('经核查，未发现持证人有犯罪记录。');
    expect(statement).toMatchObject({
      size: 15,
      color: GREEN,
      x: expect.closeTo(MARGIN + 3 * MM, 6),
    });
    const statementEn = one('No criminal record is on file for the holder.');
    expect(statementEn).toMatchObject({ size: 10, color: GREEN });
    expect(english.y).toBeLessThan(title.y);
    expect(statement.y).toBeLessThan(english.y - 6 * MM);
    expect(statementEn.y).toBeLessThan(statement.y);
    const box = certificatePage.paths.find((p) => p.paint === 'S' && p.color === GREEN);
    const xs = box?.points.map(([x]) => x) ?? [];
    const ys = box?.points.map(([, y]) => y) ?? [];
    expect(Math.min(...xs)).toBeCloseTo(MARGIN, 6);
    expect(Math.max(...ys)).toBeGreaterThan(statement.y + 15);
    expect(Math.min(...ys)).toBeLessThan(statementEn.y);
  });

  it('lists each fact in order: the label in Chinese over English, the value beside it', () => {
    let above = Number.POSITIVE_INFINITY;
    for (const { label, value } of certificateDocument.facts) {
      const zh = one(label[0]);
      const en = one(label[1]);
      expect(zh).toMatchObject({ size: 10, color: INK, x: expect.closeTo(MARGIN, 6) });
      expect(en).toMatchObject({ size: 8, color: MUTED, x: expect.closeTo(MARGIN, 6) });
      expect(en.y).toBeLessThan(zh.y);
      expect(zh.y).toBeLessThan(above);
      above = zh.y;
      const size = label[1] === 'Name' ? 14 : 10;
      const first = texts().find(
        (t) => close(t.x, MARGIN + 52 * MM) && close(t.y + t.size, zh.y + 10),
      );
      expect(first, value).toMatchObject({ size, color: INK });
      expect(value.startsWith(first?.text ?? '\u0000'), value).toBe(true);
    }
    const note = one(certificateDocument.notes[0]?.[0] as string);
    expect(note).toMatchObject({ size: 9, color: INK, x: expect.closeTo(MARGIN, 6) });
    expect(note.y).toBeLessThan(above - 4 * MM);
    expect(one(certificateDocument.notes[0]?.[1] as string)).toMatchObject({
      size: 8,
      color: MUTED,
    });
  });

  it('draws exactly the QR symbol of the signed document, in the top right corner with four modules of quiet zone', () => {
    const modules = printed.qr.modules;
    const size = printed.qr.sizeMm * MM;
    const module = size / (modules + 8);
    const left = PAGE.width - MARGIN - size;
    const top = PAGE.height - MARGIN;
    const grid = Array.from({ length: modules }, () => Array<boolean>(modules).fill(false));
    for (const { points, paint, color } of certificatePage.paths) {
      if (paint !== 'f' || color !== '0 0 0') continue;
      const xs = points.map(([x]) => x);
      const ys = points.map(([, y]) => y);
      const column = Math.round((Math.min(...xs) - left) / module) - 4;
      const row = Math.round((top - Math.max(...ys)) / module) - 4;
      const run = Math.round((Math.max(...xs) - Math.min(...xs)) / module);
      expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(module, 6);
      for (let c = column; c < column + run; c++) (grid[row] as boolean[])[c] = true;
    }
    expect(grid).toEqual(qrSymbolOf(signedCertificate).modules);
    const caption = one('扫码离线核验 · Scan to verify offline');
    expect(caption).toMatchObject({ size: 8, color: MUTED });
    expect(caption.y).toBeCloseTo(top - size - 8, 6);
    expect(caption.x).toBeGreaterThan(left);
  });
});

describe('a printed letter with many convictions', () => {
  const allTexts = () => letterPages.flatMap((page) => page.texts);

  it('keeps every page within its margins, each footer naming its page of all', () => {
    for (let i = 0; i < long.pages; i++) {
      expectWithinMargins(
        letterPages[i]?.texts ?? [],
        `第 ${i + 1} 页 共 ${long.pages} 页 · Page ${i + 1} of ${long.pages} · urn:uuid:5a1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0c`,
      );
    }
  });

  it('sets a statement of convictions on file apart in red', () => {
    const statement = allTexts().filter((t) => t.text.startsWith('有犯罪记录：40 项定罪记录'));
    expect(statement).toMatchObject([{ size: 15, color: RED }]);
  });

  it('tabulates every conviction in order: offences, penalty, term, effective date', () => {
    const columns = [0, 0.4, 0.65, 0.8].map((share) => MARGIN + share * CONTENT_WIDTH);
    const headings = ['罪名 Offences', '刑罚 Penalty', '刑期 Term', '判决生效日期 Effective'];
    const heading = headings.map((text) => allTexts().find((t) => t.text === text));
    heading.forEach((cell, i) => {
      expect(cell, headings[i]).toMatchObject({ size: 8.5, color: MUTED });
      expect(cell?.x).toBeCloseTo(columns[i] as number, 6);
      expect(cell?.y).toBeCloseTo(heading[0]?.y as number, 6);
    });
    const rows = allTexts().filter((t) => t.text.startsWith('测试罪名'));
    expect(rows.map((t) => t.text)).toEqual(letter.convictions.map((c) => c.offences.join('、')));
    const starts = letterPages.map((page) =>
      page.texts.filter((t) => t.text.startsWith('测试罪名')),
    );
    const rowsOnPages = starts.flatMap((row, p) => row.map((offences) => ({ offences, p })));
    letter.convictions.forEach((conviction, i) => {
      const { offences, p } = rowsOnPages[i] as { offences: DrawnText; p: number };
      const next = rowsOnPages[i + 1];
      const below = next?.p === p ? next.offences.y : Number.NEGATIVE_INFINITY;
      /** A cell's lines, between this row's top and the next row's, joined as wrapped. */
      const cell = (column: number) =>
        (letterPages[p]?.texts ?? [])
          .filter(
            (t) =>
              close(t.x, columns[column] as number) &&
              t.y <= offences.y + 1e-6 &&
              t.y > below + 1e-6 &&
              t.y > FOOTER_BAND,
          )
          .map((t) => t.text)
          .join(' ');
      const [zh, en] = penaltyLabels[conviction.penalty];
      expect([offences.size, offences.color, offences.x]).toEqual([
        10,
        INK,
        expect.closeTo(MARGIN, 6),
      ]);
      expect(cell(1), `row ${i}`).toBe(`${zh} ${en}`);
      expect(cell(2), `row ${i}`).toBe(
        conviction.months === undefined
          ? '—'
          : `${conviction.months} 个月 · ${conviction.months} months`,
      );
      expect(cell(3), `row ${i}`).toBe(conviction.effectiveDate);
    });
  });

  it('runs onto further A4 pages', async () => {
    expect(long.pages).toBeGreaterThan(1);
    const pdf = await PDFDocument.load(long.bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBe(long.pages);
    expect(pdf.getTitle()).toBe('犯罪记录查询结果函 · Inquiry result letter');
  });

  it('shrinks the modules of a large QR symbol to keep it within 80 mm', () => {
    expect(long.qr.modules).toBeGreaterThan(152);
    expect(long.qr.sizeMm).toBeCloseTo(80, 6);
  });
});
