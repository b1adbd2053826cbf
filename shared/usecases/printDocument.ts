/**
 * Prints the caller's own certificate or inquiry result letter as a PDF: the document is
 * verified against the issuer's own published keys first — exactly as any offline verifier
 * would — so that the issuer's paper never carries a forged, altered or expired credential,
 * and then rendered from what was verified, with the credential itself in the QR code.
 *
 * Nothing else is read: no record, no signing key; the print itself is audited (who, which
 * document by its ID) like every other act on personal data (DESIGN.md invariant 5). The paper depends on the
 * credential alone, so a person whose records are all sealed and a person who never had one
 * get the same paper apart from their own request's values (DESIGN.md invariant 1).
 */
import { buildDidDocument, buildTrustBundle } from '../domain/credential/didDocument.ts';
import { type DocumentVerdict, verifyDocument } from '../domain/credential/verifyDocument.ts';
import { maskNationalId } from '../domain/nationalId.ts';
import {
  type PrintableDocument,
  printableCertificate,
  printableLetter,
} from '../domain/paper/printableDocument.ts';
import { qrSymbolOf } from '../domain/paper/qrSymbol.ts';
import type { RenderedPdf } from '../domain/paper/renderPdf.ts';
import { DocumentNotPrintableError } from '../errors.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { Clock } from '../ports/clock.ts';
import type { FontSubsetter } from '../ports/fontSubsetter.ts';
import type { PublicKeySource } from '../ports/signer.ts';

export { DocumentNotPrintableError };

export type PrintingCaller = {
  subject: string;
  role: string;
  organisation: string;
  /** A citizen's verified claims, from the token. */
  nationalId?: string;
  name?: string;
};

export type PrintDocumentDependencies = {
  issuer: { did: string };
  /** The certificate's keys and the letter's: each kind verifies only under its own. */
  keys: PublicKeySource;
  letterKeys: PublicKeySource;
  fonts: FontSubsetter;
  audit: AuditLog;
  clock: Clock;
};

export type PrintedDocument = RenderedPdf & { kind: PrintableDocument['kind']; documentId: string };

export class PrintDocument {
  private readonly dependencies: PrintDocumentDependencies;
  constructor(dependencies: PrintDocumentDependencies) {
    this.dependencies = dependencies;
  }

  async execute(document: string, caller: PrintingCaller): Promise<PrintedDocument> {
    const { issuer, keys, letterKeys, fonts, audit, clock } = this.dependencies;
    // The issuer's own DID document, as `GET /v1/trust-bundle` serves it: current and retired keys.
    const bundle = buildTrustBundle([
      buildDidDocument({
        did: issuer.did,
        keys: await keys.listKeys(),
        letterKeys: await letterKeys.listKeys(),
      }),
    ]);
    const verdict = await verifyDocument(document, bundle, { now: clock.now() });
    if (!verdict.valid) {
      throw new DocumentNotPrintableError(
        'document-not-valid',
        verdict.reasons.map(({ code }) => code),
      );
    }
    const printable = printableOf(verdict, document, caller);
    try {
      qrSymbolOf(printable.signed);
    } catch {
      throw new DocumentNotPrintableError('too-large-to-print');
    }
    // Audited before any paper leaves: who printed which document (its ID, never its content).
    const at = clock.now().toISOString();
    await audit.append({
      eventId: `document.print:${printable.documentId}:${caller.subject}:${at}`,
      at,
      actor: { subject: caller.subject, role: caller.role, organisation: caller.organisation },
      action: 'document.print',
      recordId: printable.documentId,
    });
    const { documentText, renderPdf } = await pdfRenderer();
    const rendered = await renderPdf(printable, await fonts.subset(documentText(printable)));
    return { ...rendered, kind: printable.kind, documentId: printable.documentId };
  }
}

/**
 * The PDF renderer (pdf-lib and fontkit, a second and a half to load on a busy machine), loaded
 * on the first print: every local stack starts every function, and most never print.
 */
let renderer: Promise<typeof import('../domain/paper/renderPdf.ts')> | undefined;
function pdfRenderer() {
  renderer ??= import('../domain/paper/renderPdf.ts');
  return renderer;
}

/**
 * The paper for a verified document the caller holds by right: a certificate about the
 * citizen themself (their token's name and masked ID are the credential's), or a letter
 * issued to the caller's own organisation (its `recipient`). A wallet presentation is not
 * paper.
 */
function printableOf(
  verdict: DocumentVerdict & { valid: true },
  signed: string,
  caller: PrintingCaller,
): PrintableDocument {
  if (verdict.kind === 'certificate') {
    const { credential } = verdict;
    const own =
      caller.role === 'citizen' &&
      caller.nationalId !== undefined &&
      caller.name === credential.name &&
      maskNationalId(caller.nationalId) === credential.nationalIdMasked;
    if (!own) throw new DocumentNotPrintableError('not-your-document');
    return printableCertificate(credential, signed);
  }
  if (verdict.kind === 'letter') {
    const { recipient } = verdict.letter;
    if (caller.role !== recipient.role || caller.organisation !== recipient.org) {
      throw new DocumentNotPrintableError('not-your-document');
    }
    return printableLetter(verdict.letter, signed);
  }
  throw new DocumentNotPrintableError('document-not-valid', ['not-printable']);
}
