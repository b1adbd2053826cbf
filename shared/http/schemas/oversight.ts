/** Request bodies of the oversight routes (API.md, Oversight and accountability). */
import * as z from 'zod';
import { agencyRoles } from '../../domain/agencies.ts';
import { isCivilDate } from '../../domain/calendar.ts';
import { opinionKinds } from '../../domain/oversight/opinions.ts';

import { paragraphText, singleLineText } from './text.ts';

const text = (max: number) => paragraphText({ max });
/** An agency, or a unit that misused a letter (RULES.md §6: complaints and opinions may name one). */
const agency = z.strictObject({
  role: z.enum([...agencyRoles, 'unit']),
  org: singleLineText({ max: 100 }),
});

export const opinionSchema = z.strictObject({
  agency,
  kind: z.enum(opinionKinds),
  findings: text(8000),
  replyDue: z
    .string()
    .refine(isCivilDate, 'must be a real calendar date written YYYY-MM-DD')
    .meta({ format: 'date' }),
});

export const opinionReplySchema = z.strictObject({ measures: text(8000) });
export const opinionReviewRequestSchema = z.strictObject({ grounds: text(8000) });
export const opinionReviewDecisionSchema = z.strictObject({
  decision: z.enum(['upheld', 'withdrawn']),
  reasons: text(8000),
});

export const complaintSchema = z.strictObject({
  inquiryId: z.uuid().optional(),
  against: agency,
  description: text(8000),
});

export const complaintResponseSchema = z.strictObject({ response: text(8000) });
export const complaintResolutionSchema = z.strictObject({ resolution: text(8000) });

export const documentIdSchema = z.uuid();
