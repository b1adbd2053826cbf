/**
 * The `POST /v1/records` request (API.md, Records): shape and cross-field rules. The
 * OpenAPI document is generated from this schema. Messages name the rule, never echo the
 * value (it may be personal data).
 */
import * as z from 'zod';
import { agencyRoles } from '../../domain/agencies.ts';
import { normalizeCaseNumber } from '../../domain/blindIndex.ts';
import {
  type CivilDate,
  chinaToday,
  compareCivilDates,
  isCivilDate,
} from '../../domain/calendar.ts';
import { isValidNationalId, normalizeNationalId } from '../../domain/nationalId.ts';
import {
  offenceCategories,
  penalties,
  recordFactsIssues,
  recordTypes,
  termPenalties,
} from '../../domain/record.ts';
import { factsOf, type RecordSubmission } from '../../domain/submission.ts';
import { singleLineText } from './text.ts';

export { factsOf, type RecordSubmission };

export const MAX_DETAILS_BYTES = 32 * 1024;

const civilDate = z
  .string()
  .refine(isCivilDate, 'must be a real calendar date written YYYY-MM-DD')
  .meta({ format: 'date', example: '2022-06-14' });

const nationalId = z
  .string()
  .refine(isValidNationalId, 'must be an 18-character PRC resident ID with a valid check digit')
  .meta({
    description: '18-character PRC resident identity card number',
    example: '990105200406150010',
  });

export const sentenceSchema = z.strictObject({
  penalty: z.enum(penalties),
  months: z.number().int().optional().meta({
    description: 'The decided term in months, after combining offences (CL art. 69).',
  }),
  suspended: z.boolean().optional(),
  probationMonths: z.number().int().min(1).max(60).optional(),
});

export const recordSubmissionSchema = z
  .strictObject({
    caseNumber: singleLineText({ max: 100 }),
    recordType: z.enum(recordTypes),
    subject: z.strictObject({
      nationalId,
      name: singleLineText({ max: 100 }),
      dateOfBirth: civilDate,
    }),
    ageEstablished: z
      .boolean()
      .optional()
      .meta({
        description:
          'false when the evidence cannot establish the age at the offence: treated as a ' +
          'minor and flagged for review (SPC-2021 art. 146).',
      }),
    offenceDate: civilDate,
    lastOffenceDate: civilDate.optional(),
    mainConductAsMinor: z.boolean().optional(),
    effectiveDate: civilDate,
    sentence: sentenceSchema.optional(),
    offences: z
      .array(
        z.strictObject({
          name: singleLineText({ max: 200 }),
          intentional: z.boolean(),
          category: z
            .enum(offenceCategories)
            .optional()
            .meta({
              description:
                'Minors Protection Law art. 62 category, when the offence is one; otherwise ' +
                'inferred from the offence name for letters limited to those categories.',
            }),
        }),
      )
      .max(50)
      .default([])
      .meta({ description: 'Required (at least one) for a judgment; optional otherwise.' }),
    coDefendants: z.array(z.strictObject({ nationalId })).max(100).optional(),
    combinedWith: z
      .array(z.strictObject({ caseNumber: singleLineText({ max: 100 }) }))
      .min(1)
      .max(50)
      .optional()
      .meta({
        description:
          'Judgments only: the earlier cases whose sentences this judgment combined (CL arts. ' +
          '69–71). Unsealing grounds 1–2 apply to those records only, whichever arrives first.',
      }),
    supersedesRecordId: z
      .uuid()
      .optional()
      .meta({
        description:
          'Judgments and acquittals (courts only): the record of the same person this retrial ' +
          'or second-instance decision replaces, whatever its status.',
      }),
    notify: z
      .array(z.strictObject({ role: z.enum(agencyRoles), org: singleLineText({ max: 100 }) }))
      .max(20)
      .optional()
      .meta({
        description:
          'Agencies that handled the case: each receives a sealing notice when the record is ' +
          'sealed (IM arts. 11–13).',
      }),
    details: z
      .record(z.string(), z.unknown())
      .refine((details) => JSON.stringify(details).length <= MAX_DETAILS_BYTES, {
        message: `must be at most ${MAX_DETAILS_BYTES} bytes as JSON`,
        params: { tooLarge: true },
      })
      .optional(),
  })
  .superRefine((r, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const dates: [string, string | undefined][] = [
      ['subject.dateOfBirth', r.subject.dateOfBirth],
      ['offenceDate', r.offenceDate],
      ['lastOffenceDate', r.lastOffenceDate],
      ['effectiveDate', r.effectiveDate],
    ];
    if (dates.some(([, d]) => d !== undefined && !isCivilDate(d))) return;

    const today = chinaToday(new Date());
    for (const [path, date] of dates) {
      if (date !== undefined && compareCivilDates(date as CivilDate, today) > 0) {
        issue(path.split('.'), 'must not be in the future (China Standard Time)');
      }
    }
    if (compareCivilDates(r.subject.dateOfBirth as CivilDate, r.offenceDate as CivilDate) >= 0) {
      issue(['offenceDate'], 'must be after the date of birth');
    }
    // The rules' own checks (chronology, straddling, sentence and term ranges) live in the
    // domain, next to the rules they protect; here they are only mapped to request paths.
    for (const found of recordFactsIssues(factsOf(r))) {
      if (found.code === 'offence-before-birth') continue; // reported above, stricter
      issue(requestPath(found.path), found.message);
    }
    if (r.sentence?.months !== undefined && !termPenalties.includes(r.sentence.penalty as never)) {
      issue(['sentence', 'months'], `is not allowed for ${r.sentence.penalty}`);
    }
    if (r.combinedWith !== undefined && r.recordType !== 'judgment') {
      issue(['combinedWith'], 'is allowed on judgments only');
    }
    const cases = new Set([normalizeCaseNumber(r.caseNumber)]);
    r.combinedWith?.forEach((combined, i) => {
      const key = normalizeCaseNumber(combined.caseNumber);
      if (cases.has(key))
        issue(['combinedWith', i, 'caseNumber'], 'is listed twice or is this case');
      cases.add(key);
    });
    if (
      r.supersedesRecordId !== undefined &&
      r.recordType !== 'judgment' &&
      r.recordType !== 'acquittal'
    ) {
      issue(['supersedesRecordId'], 'is allowed on judgments and acquittals only');
    }
    const seen = new Set<string>();
    r.coDefendants?.forEach((co, i) => {
      const id = normalizeNationalId(co.nationalId);
      if (id === normalizeNationalId(r.subject.nationalId)) {
        issue(['coDefendants', i, 'nationalId'], 'must not be the subject');
      }
      if (seen.has(id)) issue(['coDefendants', i, 'nationalId'], 'is listed twice');
      seen.add(id);
    });
  });

/** `RecordFacts` field → request path. */
function requestPath(factsPath: string): string[] {
  return factsPath === 'dateOfBirth' ? ['subject', 'dateOfBirth'] : factsPath.split('.');
}
