/** Request bodies and queries of sealing applications (API.md, The person's own view). */
import * as z from 'zod';
import { agencyRoles } from '../../domain/agencies.ts';
import { paragraphText, singleLineText } from './text.ts';

export const sealingApplicationSchema = z.strictObject({
  caseNumber: singleLineText({ max: 100 }),
  agency: z.strictObject({ role: z.enum(agencyRoles), org: singleLineText({ max: 100 }) }),
  grounds: paragraphText({ max: 8000 }),
});

export const sealingApplicationDecisionSchema = z.strictObject({
  decision: z.enum(['seal', 'refuse']),
  reasons: paragraphText({ max: 8000 }),
});

export const sealingApplicationListQuerySchema = z.strictObject({
  status: z.enum(['pending', 'decided']).default('pending'),
  cursor: z.string().min(1).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
