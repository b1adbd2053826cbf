/** `GET /v1/audit?from=ISO&to=ISO` (API.md, Oversight): the window of the export. */
import * as z from 'zod';

export const auditWindowQuerySchema = z.strictObject({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'Entries at or after this time (ISO 8601 with offset).' }),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'Entries before this time (ISO 8601 with offset).' }),
});
