/** Request bodies of the inquiry routes (API.md, Inquiries). */
import * as z from 'zod';
import { agencyRoles } from '../../domain/agencies.ts';
import { inquiryStatuses } from '../../domain/inquiry/inquiry.ts';
import { LEGAL_BASES } from '../../domain/inquiry/legalBases.ts';
import { isValidNationalId } from '../../domain/nationalId.ts';

import { paragraphText, singleLineText } from './text.ts';

const text = (max: number) => paragraphText({ max });
const line = (max: number) => singleLineText({ max });

export const inquiryApplicationSchema = z
  .strictObject({
    subject: z.strictObject({
      nationalId: z
        .string()
        .refine(
          isValidNationalId,
          'must be an 18-character PRC resident ID with a valid check digit',
        ),
      name: line(100),
    }),
    agency: z.enum(agencyRoles).meta({ description: 'The agency asked to decide.' }),
    legalBasis: z
      .string()
      .min(1)
      .max(100)
      .meta({
        description: `An id from GET /v1/legal-bases: ${LEGAL_BASES.map((b) => b.id).join(', ')}.`,
      }),
    reason: text(1000),
    purpose: line(500),
    caseNumber: line(100).optional().meta({ description: 'Required when the basis is full-file.' }),
  })
  .superRefine((application, ctx) => {
    const basis = LEGAL_BASES.find((b) => b.id === application.legalBasis);
    if (basis?.disclosure === 'full-file' && application.caseNumber === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['caseNumber'],
        message: 'is required for a judicial organ handling a case',
      });
    }
  });

export const inquiryDecisionSchema = z
  .strictObject({
    decision: z.enum(['approve', 'refuse']),
    reasons: text(2000).optional(),
  })
  .superRefine((decision, ctx) => {
    if (decision.decision === 'refuse' && decision.reasons === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'is required to refuse' });
    }
  });

export const inquiryAcknowledgementSchema = z.strictObject({
  accepted: z.literal(true).meta({ description: 'Accepts the notice (IM art. 17).' }),
});

export const inquiryListQuerySchema = z.strictObject({
  status: z.enum(inquiryStatuses).default('pending'),
});

export const inquiryIdSchema = z.uuid();
