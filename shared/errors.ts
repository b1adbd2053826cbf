/**
 * Errors the use cases and adapters raise. The HTTP layer maps each to one RFC 9457
 * problem in a single table (`shared/http/problem.ts`); none carries personal data.
 */

/** A class of error (its subclasses included), as the HTTP error table and the routes name them. */
// biome-ignore lint/suspicious/noExplicitAny: a constructor of any arity
export type ErrorClass<E extends Error = Error> = abstract new (...args: any[]) => E;

/** Root of every error this system raises on purpose. */
export class SealedRecordsError extends Error {
  override name = 'SealedRecordsError';
}

/**
 * A dependency (DynamoDB, KMS) failed or throttled. Nothing was issued or decided on a
 * guess: the caller answers 503 with `Retry-After` (DESIGN.md invariant 3).
 */
export class DependencyUnavailableError extends SealedRecordsError {
  override name = 'DependencyUnavailableError';
  readonly dependency: string;
  readonly retryAfterSeconds: number;
  constructor(dependency: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(`${dependency} is unavailable`, { cause: options?.cause });
    this.dependency = dependency;
    this.retryAfterSeconds = options?.retryAfterSeconds ?? 2;
  }
}

/**
 * A disclosable entry without its letter facts (written before entries carried them): no
 * letter is issued rather than one that leaves a conviction out; 503 until the sealing
 * service rewrites the entry.
 */
export class LetterFactsMissingError extends DependencyUnavailableError {
  override name = 'LetterFactsMissingError';
  constructor() {
    super('letter-facts', { retryAfterSeconds: 60 });
  }
}

/** The same record (same agency, case, person, type and date) exists with other content. */
export class RecordConflictError extends SealedRecordsError {
  override name = 'RecordConflictError';
  readonly recordId: string;
  constructor(recordId: string) {
    super('a different record with the same case, subject, type and date exists');
    this.recordId = recordId;
  }
}

/** Stored data failed an integrity check (wrong encryption context, unknown format). */
export class IntegrityError extends SealedRecordsError {
  override name = 'IntegrityError';
}

/**
 * An audit event with this ID was written before with other content (a retried request that
 * now decides differently): nothing more is done, and nothing is disclosed.
 */
export class AuditEventConflictError extends SealedRecordsError {
  readonly action: string;
  override name = 'AuditEventConflictError';
  constructor(action: string) {
    super(`the ${action} event was already written with other content`);
    this.action = action;
  }
}

/** An unsealed conviction is on file: the answer is a refusal notice (MPS art. 10). */
export class RecordOnFileError extends SealedRecordsError {
  override name = 'RecordOnFileError';
}

/**
 * Once a person has made `freeApplicationsPerYear` applications in a calendar year, the next
 * needs a justification (MPS; `LEGAL_PARAMETERS.freeCertificateApplicationsPerYear`).
 */
export class JustificationRequiredError extends SealedRecordsError {
  readonly freeApplicationsPerYear: number;
  override name = 'JustificationRequiredError';
  constructor(freeApplicationsPerYear: number) {
    super(`justification required after ${freeApplicationsPerYear} applications in a year`);
    this.freeApplicationsPerYear = freeApplicationsPerYear;
  }
}

/** The caller's role does not decide records of this type (API.md, Records: who submits what). */
export class RecordTypeNotAllowedError extends SealedRecordsError {
  readonly role: string;
  readonly recordType: string;
  override name = 'RecordTypeNotAllowedError';
  constructor(role: string, recordType: string) {
    super(`role ${role} may not submit ${recordType} records`);
    this.role = role;
    this.recordType = recordType;
  }
}

/** `supersedesRecordId` does not name a judgment or acquittal of the same person. */
export class SupersessionNotApplicableError extends SealedRecordsError {
  override name = 'SupersessionNotApplicableError';
}

/** A record changed between reading and writing it; the work is retried from the start. */
export class ConcurrentChangeError extends SealedRecordsError {
  override name = 'ConcurrentChangeError';
}

/** The legal basis is unknown, or does not let the caller's role inquire (IM art. 16). */
export class NoLegalBasisError extends SealedRecordsError {
  override name = 'NoLegalBasisError';
}

/** No such inquiry — or one the caller may not see: the two are answered alike (404). */
export class InquiryNotFoundError extends SealedRecordsError {
  override name = 'InquiryNotFoundError';
}

/** The caller may see the inquiry but not do this with it (e.g. decide their own application). */
export class InquiryActionForbiddenError extends SealedRecordsError {
  readonly code: 'own-application' | 'not-addressed-agency' | 'not-inquirer';
  override name = 'InquiryActionForbiddenError';
  constructor(code: 'own-application' | 'not-addressed-agency' | 'not-inquirer') {
    super(code);
    this.code = code;
  }
}

/**
 * The stored approval of an application does not verify (DESIGN.md invariant 10): forged,
 * signed over another application, copied from another inquiry, by the wrong organisation or
 * by the applicant. Nothing was disclosed (403).
 */
export class ApprovalNotVerifiedError extends SealedRecordsError {
  override name = 'ApprovalNotVerifiedError';
}

/** An approval grants a scope the application did not ask for (400, naming `scope.details`). */
export class InquiryScopeNotAskedError extends SealedRecordsError {
  override name = 'InquiryScopeNotAskedError';
}

/** A list's `cursor` is not one this list handed out (400, naming `cursor`). */
export class InvalidCursorError extends SealedRecordsError {
  override name = 'InvalidCursorError';
}

/** The inquiry is not in a state that allows this step (409). */
export class InquiryStateError extends SealedRecordsError {
  readonly code:
    | 'inquiry-not-approved'
    | 'inquiry-refused'
    | 'acknowledgement-required'
    | 'inquiry-already-decided'
    | 'inquiry-already-acknowledged';
  override name = 'InquiryStateError';
  constructor(
    code:
      | 'inquiry-not-approved'
      | 'inquiry-refused'
      | 'acknowledgement-required'
      | 'inquiry-already-decided'
      | 'inquiry-already-acknowledged',
  ) {
    super(code);
    this.code = code;
  }
}

/** No such opinion, complaint or notice — or one the caller may not see: answered alike (404). */
export class OversightNotFoundError extends SealedRecordsError {
  override name = 'OversightNotFoundError';
}

/** An oversight step taken out of order, or by someone it does not belong to (409). */
export class OversightStateError extends SealedRecordsError {
  readonly code:
    | 'out-of-order'
    | 'not-yours-to-take'
    | 'reply-due-in-the-past'
    | 'review-not-available';
  override name = 'OversightStateError';
  constructor(
    code: 'out-of-order' | 'not-yours-to-take' | 'reply-due-in-the-past' | 'review-not-available',
  ) {
    super(code);
    this.code = code;
  }
}

/**
 * A complaint names an inquiry that is not about the complainant — or none at all: the two
 * are answered alike, so a complaint never tells whether someone else was inquired about.
 */
export class ComplaintInquiryNotAboutComplainantError extends SealedRecordsError {
  override name = 'ComplaintInquiryNotAboutComplainantError';
}

/** Why a document was not printed; `code` is the problem's. */
export class DocumentNotPrintableError extends SealedRecordsError {
  readonly code: 'document-not-valid' | 'not-your-document' | 'too-large-to-print';
  /** For `document-not-valid`: the verifier's reason codes (never the document's content). */
  readonly reasons: readonly string[];
  override name = 'DocumentNotPrintableError';
  constructor(
    code: 'document-not-valid' | 'not-your-document' | 'too-large-to-print',
    reasons: readonly string[] = [],
  ) {
    super(code);
    this.code = code;
    this.reasons = reasons;
  }
}
