/**
 * A printed document as a PDF (shared/domain/paper/renderPdf.ts), read back from the printed
 * pages: A4, the document's title, issuer and dates in its metadata, one CJK face embedded as
 * it was given under a tagged subset name, and every text, rule and QR module where the layout
 * promises it — the title and the statement box beside a QR code of half a millimetre a module
 * (never over 80 mm), the facts label beside value, a letter's convictions in four columns,
 * the notes, a footer on every page, and a long document running onto further pages only
 * where the next block no longer fits.
 *
 * Every test renders its own document inside the test (not in a shared `beforeAll`), so that
 * each one is run, and can fail, for every change to the renderer (Stryker's per-test
 * coverage sees only what runs inside a test).
 */
import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFRawStream,
  PDFStream,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { lazyHarfBuzzFontSubsetter } from '#shared/adapters/fonts/harfbuzzFontSubsetter.ts';
import { readConfig } from '#shared/config.ts';
import type { VerifiedCertificate } from '#shared/domain/credential/verifyCredential.ts';
import type { VerifiedLetter } from '#shared/domain/credential/verifyLetter.ts';
import { withIdentityCids } from '#shared/domain/paper/identityCids.ts';
import { penaltyLabels } from '#shared/domain/paper/labels.ts';
import {
  type PrintableDocument,
  printableCertificate,
  printableLetter,
} from '#shared/domain/paper/printableDocument.ts';
import { qrSymbolOf } from '#shared/domain/paper/qrSymbol.ts';
import { documentText, PDF_PRODUCER, renderPdf, wrap } from '#shared/domain/paper/renderPdf.ts';
import type { Penalty } from '#shared/domain/record.ts';
import { type DrawnText, drawnOn, MARGIN, MM, PAGE } from './paper.pdfPage.ts';

const { paper } = readConfig();
const fonts = lazyHarfBuzzFontSubsetter({ font: paper.fontFile, harfbuzzWasm: paper.harfbuzzWasm });

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
const certificateDocument = printableCertificate(certificate, signedCertificate);
const letterDocument = printableLetter(letter, `eyJ${'d'.repeat(2600)}`);

/**
 * A document made to reach every corner of the layout: a heading so long that it reaches
 * further down than the code beside it; a title, a statement, labels, values, conviction cells
 * and notes that all wrap; a name on a larger size and a label ending (not starting) in
 * "Name"; an identifier wider than its column; no issuer; notes running onto a second page.
 */
const probeDocument: PrintableDocument = {
  kind: 'letter',
  title: [
    '一份标题很长的测试文书，长得一行放不下，要折到第二行去',
    'A test document whose English title is long enough to need a second line beside the code',
  ],
  statement: [
    '有犯罪记录：这一句陈述写得很长，长到在框里要折成两行才能放下，用来检验框随文字长高。',
    'Criminal record on file: a statement long enough in English to wrap onto a second line inside its box.',
  ],
  recordOnFile: true,
  facts: [
    { label: ['姓名', 'Name'], value: '测试丙'.repeat(12) },
    { label: ['曾用名', 'Former Name'], value: '测试丁' },
    {
      label: [
        '一个长得要在标签栏里折行的事实标签名称',
        'A fact label long enough to wrap in its column',
      ],
      value: 'short',
    },
    { label: ['标识', 'Identifier'], value: `did:example:${'0123456789abcdef'.repeat(7)}` },
    // A label one line wide at 52 mm but two at 48: its height sets the row's.
    { label: ['标签'.repeat(7), 'Label wraps at forty-eight millimetres'], value: 'short' },
    // Enough facts for one to reach the foot of the page with less than its 2 mm to spare.
    ...Array.from({ length: 17 }, (_, i) => ({
      label: [`事实${i + 1}`, `Fact ${i + 1}`] as const,
      value: i === 0 ? '测试值'.repeat(8) : `value ${i + 1}`,
    })),
  ],
  convictions: [
    {
      offences: ['一个名称很长很长很长的测试罪名甲', '测试罪名乙', '测试罪名丙'],
      penalty: 'exempted',
      effectiveDate: '2020-05-01',
    },
    {
      offences: ['测试罪名丁'],
      penalty: 'fixed-term-imprisonment',
      months: 18,
      effectiveDate: '2021-01-31',
    },
  ],
  // Notes of a length that brings one to the foot of a page with less than its 2 mm to spare.
  notes: Array.from({ length: 9 }, (_, i) => [
    `第${i + 1}条说明：${'这是一条较长的说明文字，'.repeat(i === 0 ? 6 : 3)}`,
    `Note ${i + 1}: ${'this is a longer note in English, to be wrapped. '.repeat(5)}`,
  ]),
  signed: signedCertificate,
  documentId: 'urn:uuid:00000000-0000-4000-8000-000000000001',
  issuedAt,
};

const INK = '0.1 0.1 0.1';
const MUTED = '0.33 0.33 0.33';
const GREEN = '0.04 0.42 0.18';
const RED = '0.64 0.09 0.1';
const RULE = '0.7 0.7 0.7';
const BLACK = '0 0 0';
const TOP = PAGE.height - MARGIN;
const FOOTER_BAND = MARGIN + 12 * MM;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const LEADING = 1.45;
const near = (n: number) => expect.closeTo(n, 6);
const samePoint = (a: [number, number], b: [number, number] | undefined) =>
  b !== undefined && a[0] === b[0] && a[1] === b[1];

/** Renders `document` with the font subset to its characters, and reads the pages back. */
async function print(document: PrintableDocument) {
  const font = await fonts.subset(documentText(document));
  const rendered = await renderPdf(document, font);
  const pdf = await PDFDocument.load(rendered.bytes, { updateMetadata: false });
  const pages = pdf.getPages().map((_, i) => drawnOn(pdf, i));
  // The same face, measured as a reader would: the widths the lines must fit in.
  const scratch = await PDFDocument.create();
  scratch.registerFontkit(fontkit);
  const face = await scratch.embedFont(font, { subset: false });
  const width = (text: string, size: number) => face.widthOfTextAtSize(text, size);
  return { document, font, rendered, pdf, pages, width };
}
type Printed = Awaited<ReturnType<typeof print>>;

type Expected = { texts: unknown[]; strokes: unknown[]; fills: unknown[] };

/**
 * What the layout promises for `document`, text by text and rule by rule, page by page: the
 * QR code in the top right corner with its caption centred under it; the title over its
 * English beside the code; the statement boxed 6 mm under it; the facts 8 mm under the lower
 * of the box and the code's caption, each label (Chinese over English) beside its value and
 * ruled off; the convictions 4 mm under them in four columns under a heading row; the notes
 * 4 mm under those; every block wrapped to its column, its lines 1.45 sizes apart; a block
 * that would reach into the footer band moved to the top of a new page; the footer last.
 */
function promisedLayout(
  { document, width }: Pick<Printed, 'document' | 'width'>,
  pageCount: number,
  /** Each block moved to a new page, with how far it would have cleared the footer band without its 2 mm to spare. */
  breaks: { block: string; slack: number }[] = [],
): Expected[] {
  const pages: Expected[] = Array.from({ length: pageCount }, () => ({
    texts: [],
    strokes: [],
    fills: [],
  }));
  let page = 0;
  let y = TOP;
  const lines = (text: string, size: number, maxWidth: number) =>
    wrap(text, (line) => width(line, size), maxWidth);
  const height = (text: string, size: number, maxWidth: number) =>
    lines(text, size, maxWidth).length * size * LEADING;
  const put = (
    text: string,
    x: number,
    top: number,
    size: number,
    maxWidth: number,
    color: string,
  ) => {
    lines(text, size, maxWidth).forEach((line, i) => {
      pages[page]?.texts.push({
        text: line,
        x: near(x),
        y: near(top - size - i * size * LEADING),
        size,
        color,
      });
    });
    return height(text, size, maxWidth);
  };
  const rule = (at: number, thickness: number) =>
    pages[page]?.strokes.push({
      points: [
        [near(MARGIN), near(at)],
        [near(MARGIN + CONTENT_WIDTH), near(at)],
      ],
      paint: 'S',
      color: RULE,
      width: thickness,
    });
  const need = (h: number, block: string) => {
    if (y - h >= FOOTER_BAND) return;
    breaks.push({ block, slack: y - (h - 2 * MM) - FOOTER_BAND });
    page += 1;
    y = TOP;
  };

  // The QR code, a rectangle per run of dark modules, four modules of quiet zone.
  const symbol = qrSymbolOf(document.signed).modules;
  const count = symbol.length + 8;
  const module = Math.min(0.5 * MM, (80 * MM) / count);
  const qrSize = module * count;
  const left = PAGE.width - MARGIN - qrSize;
  symbol.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c] || row[c - 1]) continue;
      let end = c;
      while (row[end]) end += 1;
      const [x0, y0] = [left + (4 + c) * module, TOP - (4 + r + 1) * module];
      const [x1, y1] = [x0 + (end - c) * module, y0 + module];
      pages[0]?.fills.push({
        points: [
          [near(x0), near(y0)],
          [near(x0), near(y1)],
          [near(x1), near(y1)],
          [near(x1), near(y0)],
        ],
        paint: 'f',
        color: BLACK,
      });
    }
  });
  const caption = '扫码离线核验 · Scan to verify offline';
  pages[0]?.texts.push({
    text: caption,
    x: near(left + (qrSize - width(caption, 8)) / 2),
    y: near(TOP - qrSize - 8),
    size: 8,
    color: MUTED,
  });

  // The heading beside the code, the statement in its box.
  const headingWidth = CONTENT_WIDTH - qrSize - 8 * MM;
  y -= put(document.title[0], MARGIN, y, 22, headingWidth, INK);
  y -= put(document.title[1], MARGIN, y, 12, headingWidth, MUTED);
  y -= 6 * MM;
  const color = document.recordOnFile ? RED : GREEN;
  const inner = headingWidth - 6 * MM;
  const box =
    height(document.statement[0], 15, inner) + height(document.statement[1], 10, inner) + 6 * MM;
  pages[0]?.strokes.push({
    points: [
      [near(MARGIN), near(y - box)],
      [near(MARGIN), near(y)],
      [near(MARGIN + headingWidth), near(y)],
      [near(MARGIN + headingWidth), near(y - box)],
    ],
    paint: 'S',
    color,
    width: 1.5,
  });
  y -= 3 * MM;
  y -= put(document.statement[0], MARGIN + 3 * MM, y, 15, inner, color);
  y -= put(document.statement[1], MARGIN + 3 * MM, y, 10, inner, color);
  y -= 3 * MM;
  y = Math.min(y, TOP - qrSize - 16) - 8 * MM;

  // The facts, label beside value, each ruled off.
  const labelWidth = 48 * MM;
  for (const { label, value } of document.facts) {
    const size = label[1].startsWith('Name') ? 14 : 10;
    const valueWidth = CONTENT_WIDTH - 52 * MM;
    const h = Math.max(
      height(label[0], 10, labelWidth) + height(label[1], 8, labelWidth),
      height(value, size, valueWidth),
    );
    need(h + 2 * MM, 'fact');
    const zh = put(label[0], MARGIN, y, 10, labelWidth, INK);
    put(label[1], MARGIN, y - zh, 8, labelWidth, MUTED);
    put(value, MARGIN + 52 * MM, y, size, valueWidth, INK);
    y -= h + 1 * MM;
    rule(y, 0.4);
    y -= 1.5 * MM;
  }

  // A letter's convictions: 40 %, 25 %, 15 % and 20 % of the width, a heading row over them.
  if (document.convictions.length > 0) {
    y -= 4 * MM;
    const shares = [0.4, 0.25, 0.15, 0.2];
    const xs = [0, 0.4, 0.65, 0.8].map((share) => MARGIN + share * CONTENT_WIDTH);
    const rows = [
      ['罪名 Offences', '刑罚 Penalty', '刑期 Term', '判决生效日期 Effective'],
      ...document.convictions.map((c) => [
        c.offences.join('、'),
        penaltyLabels[c.penalty].join(' '),
        c.months === undefined ? '—' : `${c.months} 个月 · ${c.months} months`,
        c.effectiveDate,
      ]),
    ];
    rows.forEach((row, index) => {
      const size = index === 0 ? 8.5 : 10;
      const widths = shares.map((share) => share * CONTENT_WIDTH - 2 * MM);
      const h = Math.max(...row.map((cell, i) => height(cell, size, widths[i] as number)));
      need(h + 2 * MM, 'conviction');
      row.forEach((cell, i) => {
        put(cell, xs[i] as number, y, size, widths[i] as number, index === 0 ? MUTED : INK);
      });
      y -= h + 1 * MM;
      rule(y, index === 0 ? 0.8 : 0.4);
      y -= 1.5 * MM;
    });
  }

  // The notes, Chinese over English.
  y -= 4 * MM;
  for (const [zh, en] of document.notes) {
    need(height(zh, 9, CONTENT_WIDTH) + height(en, 8, CONTENT_WIDTH) + 2 * MM, 'note');
    y -= put(zh, MARGIN, y, 9, CONTENT_WIDTH, INK);
    y -= put(en, MARGIN, y, 8, CONTENT_WIDTH, MUTED);
    y -= 2 * MM;
  }

  // A footer on every page, naming it of all and the document.
  pages.forEach((expected, i) => {
    expected.texts.push({
      text: `第 ${i + 1} 页 共 ${pageCount} 页 · Page ${i + 1} of ${pageCount} · ${document.documentId}`,
      x: near(MARGIN),
      y: near(MARGIN),
      size: 7.5,
      color: MUTED,
    });
  });
  if (pageCount > 0) expect(page + 1, 'pages the layout fills').toBe(pageCount);
  return pages;
}

/** The printed pages hold exactly the promised texts, rules and QR modules, in drawing order. */
function expectAsPromised(printed: Printed) {
  const breaks: { block: string; slack: number }[] = [];
  const promised = promisedLayout(printed, printed.rendered.pages, breaks);
  expect(printed.pages).toHaveLength(promised.length);
  printed.pages.forEach((drawn, i) => {
    const expected = promised[i] as Expected;
    expect(drawn.texts, `texts on page ${i + 1}`).toEqual(expected.texts);
    // A rule is drawn from a repeated start point: compare the points it passes through.
    const strokes = drawn.paths
      .filter((p) => p.paint !== 'f')
      .map((p) => ({ ...p, points: p.points.filter((q, k) => !samePoint(q, p.points[k - 1])) }));
    expect(strokes, `rules on page ${i + 1}`).toEqual(expected.strokes);
    const fills = drawn.paths
      .filter((p) => p.paint === 'f')
      .map(({ points, paint, color }) => ({ points, paint, color }));
    expect(fills, `QR modules on page ${i + 1}`).toEqual(expected.fills);
  });
  return breaks;
}

/** Every text keeps within the margins, and only the footer is drawn in the footer band. */
function expectWithinMargins({ pages, width }: Printed) {
  pages.forEach(({ texts }) => {
    for (const t of texts) {
      expect(t.x, t.text).toBeGreaterThanOrEqual(MARGIN - 1e-6);
      expect(t.x + width(t.text, t.size), t.text).toBeLessThanOrEqual(PAGE.width - MARGIN + 1e-6);
      expect(t.y, t.text).toBeGreaterThanOrEqual(MARGIN - 1e-6);
      expect(t.y + t.size, t.text).toBeLessThanOrEqual(TOP + 1e-6);
    }
    expect(texts.filter((t) => t.y < FOOTER_BAND)).toHaveLength(1);
  });
}

function fontDictionaries(pdf: PDFDocument): PDFDict[] {
  return pdf.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .filter(
      (object): object is PDFDict =>
        object instanceof PDFDict &&
        object.get(PDFName.of('Type')) === PDFName.of('Font') &&
        object.get(PDFName.of('Subtype')) === PDFName.of('Type0'),
    );
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

describe('a printed certificate', () => {
  it('is one A4 page whose metadata names the document, its issuer, its date and its language, and shows the title', async () => {
    const { rendered, pdf } = await print(certificateDocument);
    expect(rendered.pages).toBe(1);
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect([width, height]).toEqual([near(210 * MM), near(297 * MM)]);
    expect(pdf.getTitle()).toBe('无犯罪记录证明 · Certificate of no criminal record');
    expect(pdf.catalog.getOrCreateViewerPreferences().getDisplayDocTitle()).toBe(true);
    expect(pdf.getAuthor()).toBe('did:web:credentials.example.gov.cn');
    expect(pdf.getProducer()).toBe(PDF_PRODUCER);
    expect(pdf.getCreator()).toBe(PDF_PRODUCER);
    expect(pdf.getCreationDate()?.toISOString()).toBe(issuedAt.toISOString());
    expect(pdf.getModificationDate()?.toISOString()).toBe(issuedAt.toISOString());
    expect(String(pdf.catalog.get(PDFName.of('Lang')))).toBe('(zh-CN)');
    // Its ID derived from the credential's ID alone: no clock, no randomness.
    const id = sha256(`pdf-id:${certificate.certificateId}`).toString('hex').slice(0, 32);
    expect(String(pdf.context.trailerInfo.ID)).toBe(`[ <${id}> <${id}> ]`);
  }, 60_000);

  it('embeds the face it is given as a CID-keyed OpenType font, its CIDs its glyph IDs, under a subset tag derived from its characters', async () => {
    const { pdf, font } = await print(certificateDocument);
    const type0s = fontDictionaries(pdf);
    expect(type0s).toHaveLength(1);
    const type0 = type0s[0] as PDFDict;
    // ISO 32000 §9.6.4: six capitals, here the SHA-256 of the characters, a letter a byte.
    const tag = [...sha256(`subset:${documentText(certificateDocument)}`).subarray(0, 6)]
      .map((byte) => String.fromCharCode(65 + (byte % 26)))
      .join('');
    expect(String(type0.get(PDFName.of('BaseFont')))).toBe(`/${tag}+NotoSansCJKsc-Regular`);
    const cidFont = type0.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
    // CFF outlines (ISO 32000 §9.7.4): a CIDFontType0, its glyphs chosen by its own charset.
    expect(cidFont.get(PDFName.of('Subtype'))).toBe(PDFName.of('CIDFontType0'));
    expect(cidFont.get(PDFName.of('CIDToGIDMap'))).toBeUndefined();
    const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
    expect(descriptor.get(PDFName.of('FontFile2'))).toBeUndefined();
    const file = descriptor.lookup(PDFName.of('FontFile3'), PDFStream) as PDFRawStream;
    expect(file.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('OpenType'));
    // The font program as given, not re-subset: only its CIDs renumbered.
    expect(
      Buffer.from(decodePDFRawStream(file).decode()).equals(Buffer.from(withIdentityCids(font))),
    ).toBe(true);
  }, 60_000);

  it('draws every character with its own glyph, found the way the font’s type says', async () => {
    const { pdf } = await print(certificateDocument);
    const [type0] = fontDictionaries(pdf);
    if (!type0) throw new Error('no Type0 font');
    const cidFont = type0.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
    const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
    const program = decodePDFRawStream(
      descriptor.lookup(PDFName.of('FontFile3'), PDFStream) as PDFRawStream,
    ).decode();
    const face = fontkit.create(Buffer.from(program)) as unknown as {
      numGlyphs: number;
      'CFF ': {
        topDict: { charset: { glyphs?: number[]; ranges?: { first: number; nLeft: number }[] } };
      };
      glyphForCodePoint(codePoint: number): { id: number };
    };
    // CID → glyph, through the program's charset (Adobe TN #5176 §13).
    const { charset } = face['CFF '].topDict;
    const cids = [0, ...(charset.glyphs ?? [])];
    for (const { first, nLeft } of charset.ranges ?? []) {
      for (let i = 0; i <= nLeft; i++) cids.push(first + i);
    }
    const glyphOfCid = new Map(cids.slice(0, face.numGlyphs).map((cid, glyph) => [cid, glyph]));
    // Every code the page shows, with the character its ToUnicode map says it is.
    const toUnicode = decodePDFRawStream(
      type0.lookup(PDFName.of('ToUnicode'), PDFStream) as PDFRawStream,
    );
    const pairs = [
      ...new TextDecoder('latin1')
        .decode(toUnicode.decode())
        .matchAll(/^<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]{4})>$/gm),
    ].map(([, code, unicode]) => [
      Number.parseInt(code ?? '', 16),
      Number.parseInt(unicode ?? '', 16),
    ]);
    expect(pairs.length).toBeGreaterThan(20);
    for (const [code = 0, codePoint = 0] of pairs) {
      expect({ character: String.fromCodePoint(codePoint), glyph: glyphOfCid.get(code) }).toEqual({
        character: String.fromCodePoint(codePoint),
        glyph: face.glyphForCodePoint(codePoint).id,
      });
    }
  }, 60_000);

  it('prints every text, rule and QR module where the layout promises, within the margins', async () => {
    const printed = await print(certificateDocument);
    expect(printed.rendered.qr).toEqual({
      version: qrSymbolOf(signedCertificate).version,
      ecc: 'medium',
      modules: qrSymbolOf(signedCertificate).modules.length,
      sizeMm: near((qrSymbolOf(signedCertificate).modules.length + 8) * 0.5),
    });
    expectAsPromised(printed);
    expectWithinMargins(printed);
    const texts = printed.pages[0]?.texts ?? [];
    // The layout's promises, spelt out once for this page.
    const one = (text: string) => texts.find((t) => t.text === text) as DrawnText;
    expect(one('无犯罪记录证明')).toMatchObject({
      size: 22,
      color: INK,
      x: near(MARGIN),
      y: near(TOP - 22),
    });
    expect(one('经核查，未发现持证人有犯罪记录。')).toMatchObject({ size: 15, color: GREEN });
    expect(one('测试甲')).toMatchObject({ size: 14, x: near(MARGIN + 52 * MM) });
    expect(
      one('第 1 页 共 1 页 · Page 1 of 1 · urn:uuid:3f1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0b'),
    ).toMatchObject({
      size: 7.5,
      x: near(MARGIN),
      y: near(MARGIN),
    });
  }, 60_000);
});

describe('a printed letter with many convictions', () => {
  it('runs onto further A4 pages, every conviction in its row, a page broken only where the next block no longer fits', async () => {
    const printed = await print(letterDocument);
    expect(printed.rendered.pages).toBeGreaterThan(1);
    expect(printed.pdf.getPageCount()).toBe(printed.rendered.pages);
    expect(printed.pdf.getTitle()).toBe('犯罪记录查询结果函 · Inquiry result letter');
    expectAsPromised(printed);
    expectWithinMargins(printed);
    const texts = printed.pages.flatMap((page) => page.texts);
    expect(texts.filter((t) => t.text.startsWith('测试罪名')).map((t) => t.text)).toEqual(
      letter.convictions.map((c) => c.offences.join('、')),
    );
    expect(texts.filter((t) => t.text.startsWith('有犯罪记录：40 项定罪记录'))).toMatchObject([
      { size: 15, color: RED },
    ]);
    expect(texts.find((t) => t.text === '测试乙')).toMatchObject({ size: 14 });
    // A symbol this large has its modules shrunk to keep it within 80 mm.
    expect(printed.rendered.qr.modules).toBeGreaterThan(152);
    expect(printed.rendered.qr).toMatchObject({ ecc: 'low', sizeMm: near(80) });
  }, 90_000);
});

describe('a document that wraps everywhere', () => {
  it('wraps every block to its column, grows the statement box with it, and starts the facts under the lower of box and code', async () => {
    const printed = await print(probeDocument);
    const breaks = expectAsPromised(printed);
    // A fact and a note were moved on that would have fitted without their 2 mm to spare.
    for (const block of ['fact', 'note']) {
      expect(
        breaks.some((b) => b.block === block && b.slack > 0.3 * MM && b.slack < 2 * MM),
        block,
      ).toBe(true);
    }
    expectWithinMargins(printed);
    // It reaches what it was made for.
    const lines = printed.pages.flatMap((page) => page.texts);
    const atSize = (size: number, color: string) =>
      lines.filter((t) => t.size === size && t.color === color);
    expect(atSize(22, INK).length, 'title lines').toBeGreaterThan(1);
    expect(atSize(15, RED).length, 'statement lines').toBeGreaterThan(1);
    expect(atSize(10, RED).length, 'statement lines in English').toBeGreaterThan(1);
    expect(atSize(14, INK).length, 'name lines').toBeGreaterThan(1);
    const qrBottom = TOP - printed.rendered.qr.sizeMm * MM - 16;
    expect(Math.min(...atSize(10, RED).map((t) => t.y)), 'the box under the code').toBeLessThan(
      qrBottom,
    );
    expect(printed.rendered.pages).toBe(3);
    expect(lines.find((t) => t.text === '测试丁')).toMatchObject({ size: 10 });
    // No issuer named: no author either.
    expect(printed.pdf.getAuthor()).toBe('');
  }, 60_000);
});
