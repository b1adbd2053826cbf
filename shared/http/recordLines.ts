/**
 * Bulk import lines (API.md, Bulk import): each line is one `POST /v1/records` body, checked
 * by the same schema and answered by the same problem table. A line the endpoint would
 * answer with a 4xx is *rejected* — reported by its line number, its problem `code` and its
 * field errors (`path`, `message`), never its content. A 5xx is no fault of the line: the
 * import retries it and, failing that, stops (nothing half-done; running it again resumes).
 */
import { RecordConflictError, RecordTypeNotAllowedError } from '../errors.ts';
import {
  type FieldError,
  type HttpProblem,
  problems,
  toProblem,
  validationProblem,
} from './problem.ts';
import { type RecordSubmission, recordSubmissionSchema } from './schemas/recordSubmission.ts';

/** The largest line: the body limit of `POST /v1/records` (functions/ingest-record). */
export const MAX_RECORD_LINE_BYTES = 64 * 1024;

/** Why a line was not imported: the problem's `code` and its field errors. */
export type LineRejection = { code: string; errors: FieldError[] };

/** One line of `FILE.rejects.ndjson`. */
export type RejectEntry = { line: number } & LineRejection;

export type ParsedLine = { submission: RecordSubmission } | { rejection: LineRejection };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The rejection for a problem, with errors that name fields and rules only. */
function rejectionFromProblem(problem: HttpProblem): LineRejection {
  return {
    code: problem.code,
    errors: problem.extra.errors ?? [{ path: '', message: problem.title }],
  };
}

/** A line's bytes (without its line break) as a submission, or why not. */
export function parseRecordLine(bytes: Uint8Array): ParsedLine {
  if (bytes.byteLength > MAX_RECORD_LINE_BYTES) return { rejection: lineTooLong() };
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return { rejection: rejectionFromProblem(problems.invalidJson()) };
  }
  return parseRecordValue(value);
}

/** An already parsed line (Step Functions reads JSON Lines itself) as a submission, or why not. */
export function parseRecordValue(value: unknown): ParsedLine {
  const parsed = recordSubmissionSchema.safeParse(value);
  if (parsed.success) return { submission: parsed.data };
  const rejection = rejectionFromProblem(validationProblem(parsed.error));
  // zod names unknown keys in its message; a key is the line's content too.
  const { issues } = parsed.error;
  rejection.errors = rejection.errors.map((error, i) =>
    issues[i]?.code === 'unrecognized_keys'
      ? { path: error.path, message: 'has a field that is not defined' }
      : error,
  );
  return { rejection: capped(rejection) };
}

/**
 * Field errors a reject lists at most: a batch's answer must fit Step Functions' 256 KiB
 * state limit, and a line with a hundred bad co-defendants would otherwise fill it alone.
 */
export const MAX_ERRORS_PER_REJECT = 10;

function capped(rejection: LineRejection): LineRejection {
  const { errors } = rejection;
  if (errors.length <= MAX_ERRORS_PER_REJECT) return rejection;
  const more = errors.length - MAX_ERRORS_PER_REJECT;
  return {
    ...rejection,
    errors: [
      ...errors.slice(0, MAX_ERRORS_PER_REJECT),
      { path: '', message: `and ${more} more ${more === 1 ? 'error' : 'errors'}` },
    ],
  };
}

/** The rejection of a line longer than the endpoint's body limit; its bytes are never read. */
export function lineTooLong(): LineRejection {
  return {
    code: 'content-too-large',
    errors: [{ path: '', message: `must be at most ${MAX_RECORD_LINE_BYTES} bytes` }],
  };
}

/**
 * What the ingestion's error says about the line: a rejection when `POST /v1/records` would
 * answer it with a 4xx, `undefined` when it is a failure to retry (a 5xx). The problems of
 * this table that carry no field errors get one naming the rule, so that a reject says
 * which field to look at without repeating anything the line holds.
 */
export function rejectionOf(error: unknown): LineRejection | undefined {
  if (error instanceof RecordConflictError) {
    return {
      code: 'record-conflict',
      errors: [
        {
          path: '',
          message:
            'a record with the same case number, subject, record type and effective date ' +
            'exists with different content',
        },
      ],
    };
  }
  if (error instanceof RecordTypeNotAllowedError) {
    return {
      code: 'record-type-not-allowed',
      errors: [{ path: 'recordType', message: `is not decided by the role '${error.role}'` }],
    };
  }
  const problem = toProblem(error);
  return problem.status < 500 ? rejectionFromProblem(problem) : undefined;
}
