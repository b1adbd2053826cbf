/**
 * Printed documents without a server: the QR symbol chosen for a credential, line breaking,
 * and the print use case's refusals — a document too long for any QR code, a presentation,
 * someone else's certificate — before anything is drawn.
 */
import { describe, expect, it } from 'vitest';
import { lazyHarfBuzzFontSubsetter } from '#shared/adapters/fonts/harfbuzzFontSubsetter.ts';
import { readConfig } from '#shared/config.ts';
import type { LetterConviction } from '#shared/domain/credential/letter.ts';
import { qrSymbolOf, TooLargeForQrError } from '#shared/domain/paper/qrSymbol.ts';
import { wrap } from '#shared/domain/paper/renderPdf.ts';
import type { AuditEvent, AuditLog } from '#shared/ports/auditLog.ts';
import { DocumentNotPrintableError, PrintDocument } from '#shared/usecases/printDocument.ts';
import { createTestKey, issue, issuer, issueTestLetter, now } from './credential.fixtures.ts';

const key = createTestKey('key-1');
const letterKey = createTestKey('letter-key-1');
/** The audit events the use case appended. */
const printed: AuditEvent[] = [];
const { paper } = readConfig();
const printer = new PrintDocument({
  issuer,
  keys: { listKeys: async () => [key.published] },
  letterKeys: { listKeys: async () => [letterKey.published] },
  fonts: lazyHarfBuzzFontSubsetter({ font: paper.fontFile, harfbuzzWasm: paper.harfbuzzWasm }),
  audit: {
    append: async (event) => {
      printed.push(event);
    },
  } as AuditLog,
  clock: { now: () => now },
});
const holder = {
  subject: 'citizen-1',
  role: 'citizen',
  organisation: '',
  nationalId: '990105200406151230',
  name: '测试甲',
};
const unit = { subject: 'hr-officer-1', role: 'unit', organisation: 'kindergarten-1' };

function conviction(index: number): LetterConviction {
  return {
    offences: [`测试罪名${index}`],
    penalty: 'fixed-term-imprisonment',
    months: 12 + index,
    effectiveDate: '2020-05-01',
  };
}

async function refusal(promise: Promise<unknown>): Promise<DocumentNotPrintableError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DocumentNotPrintableError);
  return error as DocumentNotPrintableError;
}

describe('Function: qrSymbolOf', () => {
  it('holds a certificate at error correction M in a version-23 symbol', async () => {
    const { credential } = await issue(key.signer);
    const symbol = qrSymbolOf(credential);
    expect(symbol).toMatchObject({ ecc: 'medium', version: 23 });
    expect(symbol.modules).toHaveLength(17 + 4 * 23);
    expect(symbol.modules.every((row) => row.length === symbol.modules.length)).toBe(true);
  });

  it('falls back to L where M no longer fits, and refuses what version 40 at L cannot hold', () => {
    expect(qrSymbolOf('x'.repeat(2331))).toMatchObject({ ecc: 'medium', version: 40 });
    expect(qrSymbolOf('x'.repeat(2332))).toMatchObject({ ecc: 'low', version: 36 });
    expect(qrSymbolOf('x'.repeat(2953))).toMatchObject({ ecc: 'low', version: 40 });
    expect(() => qrSymbolOf('x'.repeat(2954))).toThrow(TooLargeForQrError);
  });
});

describe('Function: wrap', () => {
  const width = (line: string) => [...line].length;

  it('breaks between Chinese characters and at spaces, never inside a Latin word that fits', () => {
    expect(wrap('经核查未发现', width, 4)).toEqual(['经核查未', '发现']);
    expect(wrap('No criminal record', width, 10)).toEqual(['No', 'criminal', 'record']);
  });

  it('breaks an identifier longer than the line where it must', () => {
    expect(wrap('urn:uuid:3f1c2b6e', width, 8)).toEqual(['urn:uuid', ':3f1c2b6', 'e']);
  });
});

describe('Class: PrintDocument', () => {
  it("prints the holder's own certificate as a one-page PDF", async () => {
    const { credential } = await issue(key.signer, {
      subject: { name: '测试甲', nationalIdMasked: '990105********1230' },
    });
    const before = printed.length;
    const pdf = await printer.execute(credential, holder);
    expect(pdf).toMatchObject({ kind: 'certificate', pages: 1, qr: { ecc: 'medium' } });
    expect(new TextDecoder().decode(pdf.bytes.subarray(0, 5))).toBe('%PDF-');
    // Audited: who printed which document, by its ID only.
    expect(printed.slice(before)).toEqual([
      expect.objectContaining({
        action: 'document.print',
        actor: { subject: 'citizen-1', role: 'citizen', organisation: '' },
        recordId: pdf.documentId,
      }),
    ]);
    expect(JSON.stringify(printed)).not.toContain('测试甲');
  }, 30_000);

  it("refuses someone else's certificate: another name, or another masked ID (and audits no print)", async () => {
    const before = printed.length;
    const { credential } = await issue(key.signer, {
      subject: { name: '测试甲', nationalIdMasked: '990105********1230' },
    });
    expect((await refusal(printer.execute(credential, { ...holder, name: '测试乙' }))).code).toBe(
      'not-your-document',
    );
    expect(
      (await refusal(printer.execute(credential, { ...holder, nationalId: '990105200406151249' })))
        .code,
    ).toBe('not-your-document');
    expect(printed.length).toBe(before);
  });

  it('prints a letter only for the organisation it was issued to', async () => {
    const letter = await issueTestLetter(letterKey.signer);
    expect((await printer.execute(letter, unit)).kind).toBe('letter');
    for (const other of [
      { ...unit, organisation: 'kindergarten-2' },
      { ...unit, role: 'police' },
      holder,
    ]) {
      expect((await refusal(printer.execute(letter, other))).code).toBe('not-your-document');
    }
  }, 30_000);

  it('refuses a letter too long for a QR code rather than printing it without one', async () => {
    const letter = await issueTestLetter(letterKey.signer, {
      convictions: Array.from({ length: 40 }, (_, index) => conviction(index)),
    });
    const error = await refusal(printer.execute(letter, unit));
    expect(error.code).toBe('too-large-to-print');
  });

  it('refuses an expired document, naming the verifier reason and nothing of its content', async () => {
    const { credential } = await issue(key.signer, {
      now: new Date(now.getTime() - 400 * 86_400_000),
      subject: { name: '测试甲', nationalIdMasked: '990105********1230' },
    });
    const error = await refusal(printer.execute(credential, holder));
    expect(error.code).toBe('document-not-valid');
    expect(error.reasons).toEqual(['expired']);
    expect(error.message).not.toContain('测试甲');
  });
});
