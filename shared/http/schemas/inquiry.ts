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
    agency: z.strictObject({ role: z.enum(agencyRoles), org: line(100) }).meta({
      description:
        'The organisation whose records the application concerns; its officials decide it.',
    }),
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
    scope: z
      .strictObject({
        details: z.boolean().meta({
          description:
            "Also read the records' free-form details (counselling notes, witnesses): only " +
            'when the case needs them, and only if the approval grants it.',
        }),
      })
      .optional()
      .meta({ description: 'Full-file bases only: what beyond the structured facts to read.' }),
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
    if (
      basis !== undefined &&
      basis.disclosure !== 'full-file' &&
      application.scope !== undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: 'is for full-file bases only: a letter states no details',
      });
    }
  });

export const inquiryDecisionSchema = z
  .strictObject({
    decision: z.enum(['approve', 'refuse']),
    reasons: text(2000).optional(),
    scope: z
      .strictObject({
        details: z.boolean().meta({
          description: 'Grant the free-form details the application asked for.',
        }),
      })
      .optional()
      .meta({
        description:
          'What an approval grants of the scope asked for; absent: the structured facts only.',
      }),
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
  cursor: z.string().min(1).max(512).optional().meta({
    description: 'The `cursor` of the previous page.',
  }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const inquiryIdSchema = z.uuid();
