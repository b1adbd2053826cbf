/**
 * RFC 9457 problem details: every error response of the API, built in one place. Messages
 * name fields and rules; they never carry personal data or stack traces.
 */

import {
  IdempotencyAlreadyInProgressError,
  IdempotencyInconsistentStateError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyKeyError,
  IdempotencyUnknownError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { InvalidRecordFactsError } from '../domain/record.ts';
import { WalletProtocolError } from '../domain/wallet/walletProtocolError.ts';
import {
  ApprovalNotVerifiedError,
  AuditEventConflictError,
  ComplaintInquiryNotAboutComplainantError,
  DependencyUnavailableError,
  DocumentNotPrintableError,
  type ErrorClass,
  InquiryActionForbiddenError,
  InquiryNotFoundError,
  InquiryScopeNotAskedError,
  InquiryStateError,
  InvalidCursorError,
  JustificationRequiredError,
  NoLegalBasisError,
  OversightNotFoundError,
  OversightStateError,
  RecordConflictError,
  RecordOnFileError,
  RecordTypeNotAllowedError,
  SupersessionNotApplicableError,
} from '../errors.ts';

export type FieldError = { path: string; message: string };

/** An error that is already an HTTP answer. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly extra: {
    errors?: FieldError[];
    headers?: Record<string, string>;
    /** Extension members a protocol's clients read (OAuth 2.0: `error`, `error_description`). */
    members?: Record<string, string>;
  };
  override name = 'HttpProblem';
  constructor(
    status: number,
    code: string,
    title: string,
    detail: string,
    extra: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      /** Extension members a protocol's clients read (OAuth 2.0: `error`, `error_description`). */
      members?: Record<string, string>;
    } = {},
  ) {
    super(`${code}: ${detail}`);
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.extra = extra;
  }
}

export const problems = {
  /** `errors` names the token's unusable claims (`token.<claim>`), never their values. */
  unauthorized: (errors?: FieldError[]) =>
    new HttpProblem(401, 'unauthorized', 'Unauthorized', 'A valid bearer token is required.', {
      headers: { 'www-authenticate': 'Bearer' },
      ...(errors ? { errors } : {}),
    }),
  forbidden: (role: string) =>
    new HttpProblem(403, 'forbidden', 'Forbidden', `The role '${role}' may not use this endpoint.`),
  /** The edge's answer when the authorizer denies the route to the caller's role. */
  routeForbidden: () =>
    new HttpProblem(403, 'forbidden', 'Forbidden', "The caller's role may not use this endpoint."),
  /** The edge's throttle for this route (or the stage) is reached. */
  tooManyRequests: (retryAfterSeconds: number) =>
    new HttpProblem(429, 'too-many-requests', 'Too Many Requests', 'Retry later.', {
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
  /** The web ACL refused the request. */
  blocked: () =>
    new HttpProblem(403, 'request-blocked', 'Forbidden', 'The request was refused at the edge.'),
  identityNotVerified: () =>
    new HttpProblem(
      403,
      'identity-not-verified',
      'Forbidden',
      'The token carries no verified national ID and name.',
    ),
  unsupportedMediaType: () =>
    new HttpProblem(
      415,
      'unsupported-media-type',
      'Unsupported Media Type',
      'The request body must be application/json.',
    ),
  contentTooLarge: (detail: string, errors?: FieldError[]) =>
    new HttpProblem(
      413,
      'content-too-large',
      'Content Too Large',
      detail,
      errors ? { errors } : {},
    ),
  invalidJson: () =>
    new HttpProblem(400, 'invalid-request', 'Invalid Request', 'The body is not valid JSON.', {
      errors: [{ path: '', message: 'must be a JSON document' }],
    }),
  invalid: (errors: FieldError[]) =>
    new HttpProblem(
      400,
      'invalid-request',
      'Invalid Request',
      `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`,
      { errors },
    ),
  notFound: () => new HttpProblem(404, 'not-found', 'Not Found', 'No such resource.'),
  /** The resource exists, not with this method; `Allow` lists the ones it answers. */
  methodNotAllowed: (allow: readonly string[]) =>
    new HttpProblem(
      405,
      'method-not-allowed',
      'Method Not Allowed',
      `This resource answers ${allow.join(', ')} only.`,
      { headers: { allow: allow.join(', ') } },
    ),
  requestInProgress: () =>
    new HttpProblem(
      409,
      'request-in-progress',
      'Request In Progress',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
      { headers: { 'retry-after': '1' } },
    ),
  idempotencyKeyReused: () =>
    new HttpProblem(
      409,
      'idempotency-key-reused',
      'Idempotency Key Reused',
      'This Idempotency-Key was used with a different request body.',
    ),
  dependencyUnavailable: (retryAfterSeconds: number) =>
    new HttpProblem(
      503,
      'dependency-unavailable',
      'Service Unavailable',
      'A dependency is unavailable; nothing was issued or changed. Retry later.',
      { headers: { 'retry-after': String(retryAfterSeconds) } },
    ),
  /** The server is starting or stopping (not a dependency failure: nothing was attempted). */
  serviceUnavailable: (detail: string, retryAfterSeconds: number) =>
    new HttpProblem(503, 'service-unavailable', 'Service Unavailable', detail, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
  internal: () =>
    new HttpProblem(500, 'internal-error', 'Internal Error', 'The request could not be completed.'),
};

/** Turns zod issues into field errors; `tooLarge` issues make the answer a 413. */
export function validationProblem(error: z.ZodError): HttpProblem {
  const errors = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const tooLarge = error.issues.some(
    (issue) => issue.code === 'custom' && (issue.params as { tooLarge?: boolean })?.tooLarge,
  );
  return tooLarge
    ? problems.contentTooLarge('A field exceeds its size limit.', errors)
    : problems.invalid(errors);
}

type ErrorAnswer<E extends Error> = {
  /** Every status the answer can have, for the OpenAPI document. */
  statuses: readonly number[];
  answer: (error: E) => HttpProblem;
};

/**
 * The one table from errors to answers, keyed by error class: an error answers as its own
 * class's entry, else as its nearest listed ancestor's; anything else is a bare 500. Texts
 * come from the error's own members and the legal parameters, never from literals that
 * could contradict them.
 */
const errorAnswers = new Map<ErrorClass, ErrorAnswer<never>>();

function answer<E extends Error>(
  type: ErrorClass<E>,
  statuses: readonly number[],
  toAnswer: (error: E) => HttpProblem,
): void {
  errorAnswers.set(type, { statuses, answer: toAnswer as (error: never) => HttpProblem });
}

const conflict = (code: string, detail: string) => new HttpProblem(409, code, 'Conflict', detail);
const forbidden = (code: string, detail: string) => new HttpProblem(403, code, 'Forbidden', detail);

answer(HttpProblem, [], (problem) => problem);
answer(z.ZodError, [400, 413], validationProblem);
answer(InvalidRecordFactsError, [400], (error) =>
  problems.invalid(error.issues.map(({ path, message }) => ({ path, message }))),
);
answer(DependencyUnavailableError, [503], (error) =>
  problems.dependencyUnavailable(error.retryAfterSeconds),
);
answer(AuditEventConflictError, [409], () =>
  conflict(
    'audit-event-conflict',
    'This action was already recorded with different content; nothing more was done.',
  ),
);
answer(
  RecordConflictError,
  [409],
  (error) =>
    new HttpProblem(
      409,
      'record-conflict',
      'Record Conflict',
      `Record ${error.recordId} already exists for this agency, case, subject, type and date with different content.`,
    ),
);
answer(RecordTypeNotAllowedError, [403], (error) =>
  forbidden(
    'record-type-not-allowed',
    `The role '${error.role}' does not decide records of type '${error.recordType}'.`,
  ),
);
answer(
  SupersessionNotApplicableError,
  [422],
  () =>
    new HttpProblem(
      422,
      'supersession-not-applicable',
      'Unprocessable Content',
      'supersedesRecordId must name a judgment or acquittal of the same person.',
      {
        errors: [
          { path: 'supersedesRecordId', message: 'is not a judgment or acquittal of this subject' },
        ],
      },
    ),
);
answer(
  NoLegalBasisError,
  [422],
  () =>
    new HttpProblem(
      422,
      'no-legal-basis',
      'No Legal Basis',
      'The legal basis is unknown or does not allow this role to inquire; nothing was stored.',
      { errors: [{ path: 'legalBasis', message: 'is not a basis this role may invoke' }] },
    ),
);
answer(
  ComplaintInquiryNotAboutComplainantError,
  [422],
  () =>
    new HttpProblem(
      422,
      'inquiry-not-about-complainant',
      'Unprocessable Content',
      'inquiryId must name an inquiry about the complainant.',
      { errors: [{ path: 'inquiryId', message: 'is not an inquiry about the complainant' }] },
    ),
);
answer(ApprovalNotVerifiedError, [403], () =>
  forbidden(
    'approval-not-verified',
    'The approval of this application could not be verified; nothing was disclosed.',
  ),
);
answer(InquiryScopeNotAskedError, [400], () =>
  problems.invalid([{ path: 'scope.details', message: 'the application did not ask for details' }]),
);
answer(InvalidCursorError, [400], () =>
  problems.invalid([{ path: 'cursor', message: 'is not a cursor this list handed out' }]),
);
answer(InquiryNotFoundError, [404], problems.notFound);
answer(OversightNotFoundError, [404], problems.notFound);
answer(OversightStateError, [409, 403, 400], (error) => {
  switch (error.code) {
    case 'out-of-order':
      return conflict(
        'transition-not-allowed',
        'This step does not follow from the current status.',
      );
    case 'not-yours-to-take':
      return forbidden('forbidden', 'This step belongs to another party.');
    case 'reply-due-in-the-past':
      return problems.invalid([{ path: 'replyDue', message: 'must not be in the past' }]);
    case 'review-not-available':
      return conflict(
        'review-not-available',
        'Review may be requested only of a written opinion (a correction notice or a recommendation).',
      );
  }
});
answer(InquiryActionForbiddenError, [403], (error) =>
  forbidden(
    error.code,
    {
      'own-application': 'An official may not decide an application they made.',
      'not-addressed-agency':
        'Only an official of the agency the application is addressed to may decide it.',
      'not-inquirer': 'Only the inquirer may do this.',
    }[error.code],
  ),
);
answer(InquiryStateError, [409], (error) =>
  conflict(
    error.code,
    {
      'inquiry-not-approved': 'The application has not been approved.',
      'inquiry-refused': 'The application was refused; see its reasons.',
      'acknowledgement-required':
        'Accept the notice first: POST /v1/inquiries/{id}/acknowledgement {"accepted": true}.',
      'inquiry-already-decided': 'The application has already been decided.',
      'inquiry-already-acknowledged': 'The notice has already been accepted.',
    }[error.code],
  ),
);
answer(DocumentNotPrintableError, [403, 422], (error) => {
  switch (error.code) {
    case 'not-your-document':
      return forbidden(
        error.code,
        "Only a certificate about the caller themself, or a letter for an inquirer's role, is printed.",
      );
    case 'too-large-to-print':
      return new HttpProblem(
        422,
        error.code,
        'Unprocessable Content',
        'The document does not fit in a QR code, and paper without its code could not be verified.',
        { errors: [{ path: 'document', message: 'is larger than a QR code holds' }] },
      );
    case 'document-not-valid':
      return new HttpProblem(
        422,
        error.code,
        'Unprocessable Content',
        'The document is not a valid, current certificate or letter of this issuer; nothing was printed.',
        { errors: [{ path: 'document', message: `is not valid: ${error.reasons.join(', ')}` }] },
      );
  }
});
answer(
  RecordOnFileError,
  [409],
  () =>
    new HttpProblem(
      409,
      'record-on-file',
      'Record On File',
      'A certificate of no criminal record cannot be issued: a criminal record is on file. ' +
        'A refusal notice can be obtained from the public security organ.',
    ),
);
answer(JustificationRequiredError, [400], (error) =>
  problems.invalid([
    {
      path: 'justification',
      message: `is required once ${error.freeApplicationsPerYear} applications have been made in a calendar year`,
    },
  ]),
);
answer(WalletProtocolError, [400, 401], (error) => {
  const title = error.status === 401 ? 'Unauthorized' : 'Invalid Request';
  return new HttpProblem(error.status, error.error.replaceAll('_', '-'), title, error.description, {
    members: { error: error.error, error_description: error.description },
    ...(error.status === 401
      ? { headers: { 'www-authenticate': `Bearer error="${error.error}"` } }
      : {}),
  });
});
// Powertools idempotency: every state of another request's record is a 409 — still running,
// or changed under this request (the retry will find it settled) — or the key reused with
// another body; the key missing is the request's fault; anything else of Powertools' (the
// store, an invalid stored status) is a failure of the store: fail closed.
answer(IdempotencyUnknownError, [503], () => problems.dependencyUnavailable(2));
for (const inProgress of [
  IdempotencyAlreadyInProgressError,
  IdempotencyInconsistentStateError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
]) {
  answer(inProgress, [409], problems.requestInProgress);
}
answer(IdempotencyValidationError, [409], problems.idempotencyKeyReused);
answer(IdempotencyKeyError, [400], () =>
  problems.invalid([{ path: 'headers.Idempotency-Key', message: 'is required' }]),
);

/**
 * The entry an error answers by: its class's, else its nearest listed ancestor's — else the
 * first class it is an `instanceof` (zod 4's errors answer `instanceof` by their traits, not
 * their prototype chain, so a copy of zod bundled twice still finds its entry).
 */
function entryOf(error: unknown): ErrorAnswer<never> | undefined {
  if (!(error instanceof Error)) return undefined;
  for (let type = error.constructor; type; type = Object.getPrototypeOf(type)) {
    const entry = errorAnswers.get(type as ErrorClass);
    if (entry) return entry;
  }
  for (const [type, entry] of errorAnswers) if (error instanceof type) return entry;
  return undefined;
}

/** The answer to an error: by the table; unknown errors become a bare 500. */
export function toProblem(error: unknown): HttpProblem {
  return entryOf(error)?.answer(error as never) ?? problems.internal();
}

/** Every status an error of this class can be answered with (the OpenAPI document). */
export function statusesOf(type: ErrorClass): readonly number[] {
  for (let current = type; current; current = Object.getPrototypeOf(current)) {
    const entry = errorAnswers.get(current);
    if (entry) return entry.statuses;
  }
  return [500];
}

/**
 * What the edge answers itself (API Gateway gateway responses), by response type: the same
 * problem documents the handlers give. The local stand-in answers with them too.
 */
export const edgeProblems = {
  UNAUTHORIZED: problems.unauthorized(),
  ACCESS_DENIED: problems.routeForbidden(),
  // A REST API answers an unknown path 403 "Missing Authentication Token".
  MISSING_AUTHENTICATION_TOKEN: problems.notFound(),
  RESOURCE_NOT_FOUND: problems.notFound(),
  AUTHORIZER_FAILURE: problems.dependencyUnavailable(2),
  AUTHORIZER_CONFIGURATION_ERROR: problems.dependencyUnavailable(2),
  INTEGRATION_FAILURE: problems.dependencyUnavailable(2),
  INTEGRATION_TIMEOUT: problems.dependencyUnavailable(2),
  THROTTLED: problems.tooManyRequests(1),
  QUOTA_EXCEEDED: problems.tooManyRequests(60),
  WAF_FILTERED: problems.blocked(),
  REQUEST_TOO_LARGE: problems.contentTooLarge('The body exceeds the API limit.'),
  DEFAULT_5XX: problems.dependencyUnavailable(2),
} as const satisfies Record<string, HttpProblem>;

export function problemResponse(problem: HttpProblem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.extra.headers },
    body: JSON.stringify({
      ...problem.extra.members,
      type: `urn:sealed-records:problem:${problem.code}`,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
    }),
  };
}
