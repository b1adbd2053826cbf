/** The query of a paged list (API.md, Lists): `cursor` from the previous page, `limit` 1–100. */
import * as z from 'zod';

/** At most this many items a page; the default when no `limit` is given. */
export const LIST_PAGE_MAX = 100;
export const LIST_PAGE_DEFAULT = 50;

export const listPageQuerySchema = z.strictObject({
  cursor: z.string().min(1).max(512).optional().meta({
    description: 'The `cursor` of the previous page; absent for the first.',
  }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(LIST_PAGE_MAX)
    .default(LIST_PAGE_DEFAULT)
    .meta({
      description: `Items a page, 1–${LIST_PAGE_MAX}; ${LIST_PAGE_DEFAULT} when absent.`,
    }),
});
