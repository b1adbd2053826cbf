/**
 * What the API answers to a request body, for every request schema: the problem document
 * (status, code, detail, field errors and their messages — zod's English ones) or the parsed
 * value. zodBundled.test.ts runs this module as it is and bundled as the functions are (zod
 * without its locales) and compares the answers; `walletProbe.ts` does the same where the
 * OpenID4VCI libraries are loaded.
 */
import { toProblem } from '#shared/http/problem.ts';
import {
  certificateOfferRequestSchema,
  certificateRequestSchema,
} from '#shared/http/schemas/certificateRequest.ts';
import {
  inquiryAcknowledgementSchema,
  inquiryApplicationSchema,
  inquiryDecisionSchema,
  inquiryIdSchema,
  inquiryListQuerySchema,
} from '#shared/http/schemas/inquiry.ts';
import {
  complaintResolutionSchema,
  complaintSchema,
  opinionReplySchema,
  opinionReviewDecisionSchema,
  opinionReviewRequestSchema,
  opinionSchema,
} from '#shared/http/schemas/oversight.ts';
import { recordSubmissionSchema } from '#shared/http/schemas/recordSubmission.ts';
import { reviewDecisionSchema, reviewListQuerySchema } from '#shared/http/schemas/review.ts';

/** The request schemas by the route whose body (or query, or path ID) they read. */
export const requestSchemas = {
  'POST /v1/records': recordSubmissionSchema,
  'POST /v1/certificates': certificateRequestSchema,
  'POST /v1/certificates/offers': certificateOfferRequestSchema,
  'POST /v1/inquiries': inquiryApplicationSchema,
  'GET /v1/inquiries?': inquiryListQuerySchema,
  'GET /v1/inquiries/{id}': inquiryIdSchema,
  'POST /v1/inquiries/{id}/decision': inquiryDecisionSchema,
  'POST /v1/inquiries/{id}/acknowledgement': inquiryAcknowledgementSchema,
  'GET /v1/reviews?': reviewListQuerySchema,
  'POST /v1/reviews/{id}/decision': reviewDecisionSchema,
  'POST /v1/opinions': opinionSchema,
  'POST /v1/opinions/{id}/reply': opinionReplySchema,
  'POST /v1/opinions/{id}/review-request': opinionReviewRequestSchema,
  'POST /v1/opinions/{id}/review-decision': opinionReviewDecisionSchema,
  'POST /v1/complaints': complaintSchema,
  'POST /v1/complaints/{id}/resolution': complaintResolutionSchema,
} as const;

export type Probe = { route: keyof typeof requestSchemas; input: unknown };

/** The answer to one request: the parsed value, or the problem document. */
export function answerTo(probe: Probe): unknown {
  try {
    return { ok: requestSchemas[probe.route].parse(probe.input) };
  } catch (error) {
    const { status, code, title, detail, extra } = toProblem(error);
    return { status, code, title, detail, errors: extra.errors };
  }
}

/** Each probe's answer, as JSON. */
export function answers(probes: readonly Probe[]): string {
  return JSON.stringify(probes.map(answerTo));
}
