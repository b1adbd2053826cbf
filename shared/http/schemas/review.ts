/** Requests of the review routes (API.md, Reviews). */
import * as z from 'zod';
import { reviewOutcomes } from '../../domain/review/review.ts';
import { paragraphText } from './text.ts';

/** At most this many reviews a page; the first page when no cursor is given. */
export const REVIEW_PAGE_LIMIT = 100;

export const reviewListQuerySchema = z.strictObject({
  cursor: z.uuid().optional().meta({ description: 'From the previous page’s `cursor`.' }),
  limit: z.coerce.number().int().min(1).max(REVIEW_PAGE_LIMIT).default(50),
});

export const reviewDecisionSchema = z.strictObject({
  outcome: z.enum(reviewOutcomes).meta({
    description:
      '`confirmed`: the reading the rules applied stands; `corrected`: the record is corrected ' +
      'by a new submission.',
  }),
  reasons: paragraphText({ max: 8000 }),
});

export const reviewIdSchema = z.uuid();
