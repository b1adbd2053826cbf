/**
 * Printed certificates and letters from the running local API (`POST /v1/documents/pdf`), read
 * back as a verifier meets them: the PDF rendered to an image by poppler at 150 dpi, the QR
 * code decoded from the pixels, the decoded text verified offline against the trust bundle.
 * A person whose only record is sealed and a person with none get the same paper apart from
 * their own request's values; the CJK text is drawn from the embedded font, not by a fallback.
 */

import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarfBuzzFontSubsetter } from '#shared/adapters/fonts/harfbuzzFontSubsetter.ts';
import { readConfig } from '#shared/config.ts';
import { parseTrustBundle, type TrustBundle } from '#shared/domain/credential/didDocument.ts';
import type { VerifiedCertificate } from '#shared/domain/credential/verifyCredential.ts';
import { verifyDocument } from '#shared/domain/credential/verifyDocument.ts';
import type { VerifiedLetter } from '#shared/domain/credential/verifyLetter.ts';
import { maskNationalId } from '#shared/domain/nationalId.ts';
import { printableCertificate, printableLetter } from '#shared/domain/paper/printableDocument.ts';
import { documentText, PDF_PRODUCER, renderPdf } from '#shared/domain/paper/renderPdf.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import {
  drawnByReaders,
  inkDifference,
  pdfTool,
  renderFirstPage,
  scanQr,
} from '../support/paper.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let bundle: TrustBundle;
let fonts: HarfBuzzFontSubsetter;
const people = {} as Record<'sealedOnly' | 'none', Person>;
const certificates = {} as Record<keyof typeof people, string>;
const letters = {} as Record<keyof typeof people, string>;

async function certificateFor(person: Person): Promise<string> {
  const token = await stack.token('citizen', { person });
  const issued = await stack.post('/v1/certificates', token, { purpose: 'employment' });
  expect(issued.status, issued.text).toBe(201);
  return String(issued.json.credential);
}

async function letterFor(person: Person): Promise<string> {
  const school = await stack.token('unit', { org: 'kindergarten-1', sub: 'hr-officer-1' });
  const police = await stack.token('police', { org: 'psb-1', sub: 'police-officer-1' });
  const applied = await stack.post('/v1/inquiries', school, {
    subject: { nationalId: person.nationalId, name: person.name },
    agency: { role: 'police', org: 'psb-1' },
    legalBasis: 'teachers-law-14',
    reason: 'Applicant for a teaching post at our kindergarten.',
    purpose: 'Recruitment of a kindergarten teacher',
  });
  expect(applied.status, applied.text).toBe(202);
  const inquiry = `/v1/inquiries/${String(applied.json.inquiryId)}`;
  expect((await stack.post(`${inquiry}/decision`, police, { decision: 'approve' })).status).toBe(
    200,
  );
  expect((await stack.post(`${inquiry}/acknowledgement`, school, { accepted: true })).status).toBe(
    200,
  );
  const result = await stack.request('GET', `${inquiry}/result`, { token: school });
  expect(result.status, result.text).toBe(200);
  return String(result.json.letter);
}

async function print(token: string, document: string) {
  const response = await fetch(`${stack.url}/v1/documents/pdf`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/pdf',
    },
    body: JSON.stringify({ document }),
  });
  return {
    status: response.status,
    headers: response.headers,
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

async function printAs(person: Person | 'unit', document: string): Promise<Uint8Array> {
  const token =
    person === 'unit'
      ? await stack.token('unit', { org: 'kindergarten-1', sub: 'hr-officer-1' })
      : await stack.token('citizen', { person });
  const printed = await print(token, document);
  expect(printed.status, new TextDecoder().decode(printed.bytes)).toBe(200);
  expect(printed.headers.get('content-type')).toBe('application/pdf');
  return printed.bytes;
}

async function verified(document: string) {
  const verdict = await verifyDocument(document, bundle);
  if (!verdict.valid) throw new Error(`not valid: ${JSON.stringify(verdict.reasons)}`);
  return verdict;
}

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  bundle = parseTrustBundle((await stack.request('GET', '/v1/trust-bundle')).json);
  fonts = await HarfBuzzFontSubsetter.load({
    font: readConfig().paper.fontFile,
    harfbuzzWasm: readConfig().paper.harfbuzzWasm,
  });
  const court = await stack.token('court');
  people.sealedOnly = syntheticPerson('2004-06-15');
  await submitRecord(
    stack,
    court,
    judgment({ person: people.sealedOnly, offenceDate: '2021-08-01', months: 24 }),
    { sealed: true },
  );
  people.none = syntheticPerson('2003-02-11');
  await stack.drainSealingQueue();
  for (const key of ['sealedOnly', 'none'] as const) {
    certificates[key] = await certificateFor(people[key]);
    letters[key] = await letterFor(people[key]);
  }
}, 120_000);

afterAll(() => stack?.close());

describe('POST /v1/documents/pdf', () => {
  it('prints a certificate whose QR code, scanned from a 150-dpi image, is the credential and verifies offline', async () => {
    const pdf = await printAs(people.sealedOnly, certificates.sealedOnly);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    const scanned = await scanQr(pdf, 150);
    expect(scanned).toBe(certificates.sealedOnly);
    const verdict = await verifyDocument(scanned, bundle);
    expect(verdict.kind).toBe('certificate');
    expect(verdict.valid).toBe(true);
  });

  it('prints a letter whose QR code, scanned from a 150-dpi image, is the letter and verifies offline', async () => {
    const pdf = await printAs('unit', letters.sealedOnly);
    const scanned = await scanQr(pdf, 150);
    expect(scanned).toBe(letters.sealedOnly);
    const verdict = await verifyDocument(scanned, bundle);
    expect(verdict).toMatchObject({ kind: 'letter', valid: true });
    const text = await pdfTool('pdftotext', pdf);
    expect(text).toContain('犯罪记录查询结果函');
    expect(text).toContain('无犯罪记录');
  });

  it('prints the same credential to the same bytes, dated by the credential and not the clock', async () => {
    const first = await printAs(people.none, certificates.none);
    const second = await printAs(people.none, certificates.none);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    const info = await pdfTool('pdfinfo', first);
    expect(info).toMatch(new RegExp(`Producer:\\s+${PDF_PRODUCER}`));
    const certificate = await verified(certificates.none);
    if (certificate.kind !== 'certificate') throw new Error('kind');
    const loaded = await PDFDocument.load(first, { updateMetadata: false });
    expect(loaded.getCreationDate()).toEqual(certificate.credential.notBefore);
    expect(loaded.getModificationDate()).toEqual(certificate.credential.notBefore);
  });

  it('gives a sealed-only person and a no-record person the same certificate apart from their request fields', async () => {
    const sealed = await verified(certificates.sealedOnly);
    const none = await verified(certificates.none);
    if (sealed.kind !== 'certificate' || none.kind !== 'certificate') throw new Error('kind');
    // The no-record person's verified certificate with only the sealed-only person's request
    // values put in: if anything else differed (issuer, statement, validity rule, layout), the
    // paper would not come out byte for byte as the sealed-only person's own.
    const requestFields = (c: VerifiedCertificate) => ({
      name: c.name,
      nationalIdMasked: c.nationalIdMasked,
      purpose: c.purpose,
      checkedAt: c.checkedAt,
      notBefore: c.notBefore,
      expires: c.expires,
      certificateId: c.certificateId,
    });
    // The validity period is not a request field: the no-record person's, from the other's start.
    const period = none.credential.expires.getTime() - none.credential.notBefore.getTime();
    const swapped = printableCertificate(
      {
        ...none.credential,
        ...requestFields(sealed.credential),
        expires: new Date(sealed.credential.notBefore.getTime() + period),
      },
      certificates.sealedOnly,
    );
    const rendered = await renderPdf(swapped, await fonts.subset(documentText(swapped)));
    const printed = await printAs(people.sealedOnly, certificates.sealedOnly);
    expect(Buffer.from(rendered.bytes).equals(Buffer.from(printed))).toBe(true);
    expect(requestFields(none.credential)).not.toEqual(requestFields(sealed.credential));
  });

  it('gives a sealed-only person and a no-record person the same letter apart from its request fields', async () => {
    const sealed = await verified(letters.sealedOnly);
    const none = await verified(letters.none);
    if (sealed.kind !== 'letter' || none.kind !== 'letter') throw new Error('kind');
    const requestFields = (l: VerifiedLetter) => ({
      nameAsStated: l.nameAsStated,
      recipient: l.recipient,
      nationalIdMasked: l.nationalIdMasked,
      inquiryId: l.inquiryId,
      legalBasis: l.legalBasis,
      purpose: l.purpose,
      checkedAt: l.checkedAt,
      notBefore: l.notBefore,
      expires: l.expires,
      letterId: l.letterId,
    });
    const period = none.letter.expires.getTime() - none.letter.notBefore.getTime();
    const swapped = printableLetter(
      {
        ...none.letter,
        ...requestFields(sealed.letter),
        expires: new Date(sealed.letter.notBefore.getTime() + period),
      },
      letters.sealedOnly,
    );
    const rendered = await renderPdf(swapped, await fonts.subset(documentText(swapped)));
    const printed = await printAs('unit', letters.sealedOnly);
    expect(Buffer.from(rendered.bytes).equals(Buffer.from(printed))).toBe(true);
  });

  it('embeds the CJK face as a subset whose every character maps to a real glyph (no tofu), drawn without any system font', async () => {
    const pdf = await printAs(people.none, certificates.none);
    const fontsTable = await pdfTool('pdffonts', pdf);
    const row = fontsTable.split('\n').find((line) => line.includes('NotoSansCJKsc-Regular'));
    // name, type, encoding, embedded, subset, unicode map
    expect(row).toMatch(
      /^[A-Z]{6}\+NotoSansCJKsc-Regular\s+CID Type 0C \(OT\)\s+Identity-H\s+yes\s+yes\s+yes/,
    );
    expect(fontsTable.trim().split('\n')).toHaveLength(3);

    const text = await pdfTool('pdftotext', pdf);
    for (const expected of [
      '无犯罪记录证明',
      people.none.name,
      maskNationalId(people.none.nationalId),
    ]) {
      expect(text).toContain(expected);
    }
    // Every character on the paper has a glyph of its own in the embedded subset: none falls
    // back to .notdef, the empty box readers draw for a missing glyph.
    const document = printableCertificate(
      ((await verified(certificates.none)) as { credential: VerifiedCertificate }).credential,
      certificates.none,
    );
    const subset = fontkit.create(Buffer.from(await fonts.subset(documentText(document))));
    for (const character of documentText(document).replace(/\s/g, '')) {
      expect(subset.glyphForCodePoint(character.codePointAt(0) ?? 0).id, character).toBeGreaterThan(
        0,
      );
    }
    // With no font configuration at all, poppler can only draw what the PDF carries: the page
    // comes out the same as with every system font available.
    const withSystemFonts = await renderFirstPage(pdf, 75, 'gray');
    const withoutFonts = await renderFirstPage(pdf, 75, 'gray', {
      ...process.env,
      FONTCONFIG_FILE: '/dev/null',
    });
    expect(withoutFonts.equals(withSystemFonts)).toBe(true);
  });

  it('reads the same in two independent readers, poppler and MuPDF, neither of which warns about it', async () => {
    for (const pdf of [
      await printAs(people.none, certificates.none),
      await printAs('unit', letters.sealedOnly),
    ]) {
      const { poppler, mupdf } = await drawnByReaders(pdf, 100);
      expect(poppler.warnings).toEqual([]);
      expect(mupdf.warnings).toEqual([]);
      // A reader drawing other glyphs than the font's own, or none, inks the page elsewhere
      // (0.18 and more when the font was declared TrueType); the same page differs by its
      // antialiasing alone (about 0.05).
      expect(inkDifference(poppler.gray, mupdf.gray)).toBeLessThan(0.1);
    }
  });

  it("refuses someone else's certificate (403), a forged one (422) and a certificate to a unit (403)", async () => {
    const stranger = await stack.token('citizen', { person: people.none });
    const notYours = await print(stranger, certificates.sealedOnly);
    expect(notYours.status).toBe(403);
    const problem = JSON.parse(new TextDecoder().decode(notYours.bytes));
    expect(problem.code).toBe('not-your-document');
    expect(JSON.stringify(problem)).not.toContain(people.sealedOnly.name);

    const [header, payload, signature] = certificates.none.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    claims.exp += 365 * 86_400;
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const own = await stack.token('citizen', { person: people.none });
    const refused = await print(own, forged);
    expect(refused.status).toBe(422);
    expect(JSON.parse(new TextDecoder().decode(refused.bytes))).toMatchObject({
      code: 'document-not-valid',
      errors: [{ path: 'document', message: 'is not valid: bad-signature' }],
    });

    const unit = await stack.token('unit', { org: 'kindergarten-1', sub: 'hr-officer-1' });
    expect((await print(unit, certificates.none)).status).toBe(403);
    const citizen = await stack.token('citizen', { person: people.none });
    expect((await print(citizen, letters.none)).status).toBe(403);
  });
});
