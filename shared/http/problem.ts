/**
 * RFC 9457 problem details: every error response of the API, built in one place. Messages
 * name fields and rules; they never carry personal data or stack traces.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { InvalidRecordFactsError } from '../domain/record.ts';
import {
  ApprovalNotVerifiedError,
  AuditEventConflictError,
  DependencyUnavailableError,
  DocumentNotPrintableError,
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
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      /** Extension members a protocol's clients read (OAuth 2.0: `error`, `error_description`). */
      members?: Record<string, string>;
    } = {},
  ) {
    super(`${code}: ${detail}`);
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

/**
 * Powertools idempotency errors, by name. Every state of another request's record is a 409:
 * still running (or changed under this request — the retry will find it settled), or the
 * key reused with another body. Anything else of Powertools' is a failure of the store.
 */
const idempotencyErrors: Record<string, () => HttpProblem> = {
  IdempotencyAlreadyInProgressError: problems.requestInProgress,
  IdempotencyInconsistentStateError: problems.requestInProgress,
  IdempotencyItemAlreadyExistsError: problems.requestInProgress,
  IdempotencyItemNotFoundError: problems.requestInProgress,
  IdempotencyValidationError: problems.idempotencyKeyReused,
  IdempotencyKeyError: () =>
    problems.invalid([{ path: 'headers.Idempotency-Key', message: 'is required' }]),
};

/** The one table from errors to answers. Unknown errors become a bare 500. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof z.ZodError) return validationProblem(error);
  if (error instanceof InvalidRecordFactsError) {
    return problems.invalid(error.issues.map(({ path, message }) => ({ path, message })));
  }
  if (error instanceof DependencyUnavailableError) {
    return problems.dependencyUnavailable(error.retryAfterSeconds);
  }
  if (error instanceof AuditEventConflictError) {
    return new HttpProblem(
      409,
      'audit-event-conflict',
      'Conflict',
      'This action was already recorded with different content; nothing more was done.',
    );
  }
  if (error instanceof RecordConflictError) {
    return new HttpProblem(
      409,
      'record-conflict',
      'Record Conflict',
      `Record ${error.recordId} already exists for this agency, case, subject, type and date with different content.`,
    );
  }
  if (error instanceof RecordTypeNotAllowedError) {
    return new HttpProblem(
      403,
      'record-type-not-allowed',
      'Forbidden',
      `The role '${error.role}' does not decide records of type '${error.recordType}'.`,
    );
  }
  if (error instanceof SupersessionNotApplicableError) {
    return new HttpProblem(
      422,
      'supersession-not-applicable',
      'Unprocessable Content',
      'supersedesRecordId must name a judgment or acquittal of the same person.',
      {
        errors: [
          { path: 'supersedesRecordId', message: 'is not a judgment or acquittal of this subject' },
        ],
      },
    );
  }
  if (error instanceof ApprovalNotVerifiedError) {
    return new HttpProblem(
      403,
      'approval-not-verified',
      'Forbidden',
      'The approval of this application could not be verified; nothing was disclosed.',
    );
  }
  if (error instanceof InquiryScopeNotAskedError) {
    return problems.invalid([
      { path: 'scope.details', message: 'the application did not ask for details' },
    ]);
  }
  if (error instanceof InvalidCursorError) {
    return problems.invalid([{ path: 'cursor', message: 'is not a cursor this list handed out' }]);
  }
  if (error instanceof NoLegalBasisError) {
    return new HttpProblem(
      422,
      'no-legal-basis',
      'No Legal Basis',
      'The legal basis is unknown or does not allow this role to inquire; nothing was stored.',
      { errors: [{ path: 'legalBasis', message: 'is not a basis this role may invoke' }] },
    );
  }
  if (error instanceof InquiryNotFoundError) return problems.notFound();
  if (error instanceof OversightNotFoundError) return problems.notFound();
  if (error instanceof OversightStateError) {
    const answers = {
      'out-of-order': [
        409,
        'transition-not-allowed',
        'This step does not follow from the current status.',
      ],
      'not-yours-to-take': [403, 'forbidden', 'This step belongs to another party.'],
      'reply-due-in-the-past': [400, 'invalid-request', 'The request has 1 invalid field.'],
    } as const;
    const [status, code, detail] = answers[error.code];
    return new HttpProblem(
      status,
      code,
      status === 409 ? 'Conflict' : status === 403 ? 'Forbidden' : 'Invalid Request',
      detail,
      error.code === 'reply-due-in-the-past'
        ? { errors: [{ path: 'replyDue', message: 'must not be in the past' }] }
        : {},
    );
  }
  if (error instanceof InquiryActionForbiddenError) {
    const details = {
      'own-application': 'An official may not decide an application they made.',
      'not-addressed-agency':
        'Only an official of the agency the application is addressed to may decide it.',
      'not-inquirer': 'Only the inquirer may do this.',
    } as const;
    return new HttpProblem(403, error.code, 'Forbidden', details[error.code]);
  }
  if (error instanceof InquiryStateError) {
    const details = {
      'inquiry-not-approved': 'The application has not been approved.',
      'inquiry-refused': 'The application was refused; see its reasons.',
      'acknowledgement-required':
        'Accept the notice first: POST /v1/inquiries/{id}/acknowledgement {"accepted": true}.',
      'inquiry-already-decided': 'The application has already been decided.',
      'inquiry-already-acknowledged': 'The notice has already been accepted.',
    } as const;
    return new HttpProblem(409, error.code, 'Conflict', details[error.code]);
  }
  if (error instanceof DocumentNotPrintableError) {
    if (error.code === 'not-your-document') {
      return new HttpProblem(
        403,
        error.code,
        'Forbidden',
        "Only a certificate about the caller themself, or a letter for an inquirer's role, is printed.",
      );
    }
    if (error.code === 'too-large-to-print') {
      return new HttpProblem(
        422,
        error.code,
        'Unprocessable Content',
        'The document does not fit in a QR code, and paper without its code could not be verified.',
        { errors: [{ path: 'document', message: 'is larger than a QR code holds' }] },
      );
    }
    return new HttpProblem(
      422,
      error.code,
      'Unprocessable Content',
      'The document is not a valid, current certificate or letter of this issuer; nothing was printed.',
      { errors: [{ path: 'document', message: `is not valid: ${error.reasons.join(', ')}` }] },
    );
  }
  if (error instanceof RecordOnFileError) {
    return new HttpProblem(
      409,
      'record-on-file',
      'Record On File',
      'A certificate of no criminal record cannot be issued: a criminal record is on file. ' +
        'A refusal notice can be obtained from the public security organ.',
    );
  }
  if (error instanceof JustificationRequiredError) {
    return problems.invalid([
      {
        path: 'justification',
        message: 'is required from the fourth request in a calendar year',
      },
    ]);
  }
  const name = (error as Error | undefined)?.name ?? '';
  const idempotency = idempotencyErrors[name];
  if (idempotency) return idempotency();
  // The store's own failures (persistence layer, invalid stored status): fail closed.
  if (name.startsWith('Idempotency')) return problems.dependencyUnavailable(2);
  return problems.internal();
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
