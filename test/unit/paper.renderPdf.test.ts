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
import {
  type PrintableDocument,
  printableCertificate,
  printableLetter,
} from '#shared/domain/paper/printableDocument.ts';
import {
  documentText,
  PDF_PRODUCER,
  type RenderedPdf,
  renderPdf,
} from '#shared/domain/paper/renderPdf.ts';

const { paper } = readConfig();
const fonts = lazyHarfBuzzFontSubsetter({ font: paper.fontFile, harfbuzzWasm: paper.harfbuzzWasm });
const render = async (document: PrintableDocument) =>
  renderPdf(document, await fonts.subset(documentText(document)));

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
    offences: [`测试罪名${i}`],
    penalty: 'fixed-term-imprisonment' as const,
    months: 12 + i,
    effectiveDate: '2020-05-01',
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

let printed: RenderedPdf;
let long: RenderedPdf;
beforeAll(async () => {
  printed = await render(printableCertificate(certificate, signedCertificate));
  long = await render(printableLetter(letter, `eyJ${'d'.repeat(2600)}`));
}, 120_000);

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

describe('a printed letter with many convictions', () => {
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
