/** Request and response schemas of the agency directory (API.md, `GET /v1/agencies`). */
import * as z from 'zod';
import { directoryEntrySchema } from '../../domain/directory/agencyDirectory.ts';

export const pageQuerySchema = z.strictObject({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const agencyDirectoryPageSchema = z
  .looseObject({
    version: z.string().describe('The directory version these entries were loaded in.'),
    agencies: z.array(directoryEntrySchema),
    cursor: z.string().optional().describe('Pass as `cursor` for the next page; absent: the last.'),
  })
  .describe('The agency directory: org, role, name and 6-digit administrative division.');
