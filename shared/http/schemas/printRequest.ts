/** The `POST /v1/documents/pdf` request: the caller's own certificate or letter, verbatim. */
import * as z from 'zod';

export const printRequestSchema = z.strictObject({
  document: z
    .string()
    .min(1)
    .max(16 * 1024)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'must be a compact JWS (a JWT)')
    .meta({
      description:
        'The certificate (`credential` of POST /v1/certificates) or the letter (`letter` of GET /v1/inquiries/{id}/result).',
    }),
});

export type PrintRequest = z.infer<typeof printRequestSchema>;
