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
import { articleOfCharge, isCriminalLawArticle } from '../../domain/law/charges.ts';
import { isValidNationalId, normalizeNationalId } from '../../domain/nationalId.ts';
import { penalties, recordFactsIssues, recordTypes, termPenalties } from '../../domain/record.ts';
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

/**
 * One offence: its Criminal Law article, or a name that is exactly a charge of the official
 * list (确定罪名), from which the article is derived. Anything else is refused: the rules read
 * articles, never words in a name.
 */
export const offenceSchema = z
  .strictObject({
    name: singleLineText({ max: 200 }),
    article: z
      .string()
      .refine(
        isCriminalLawArticle,
        'must be a Criminal Law article: "264", "236-1" for 第二百三十六条之一, "359(1)" for a paragraph',
      )
      .optional()
      .meta({
        description:
          'The Criminal Law article of the charge ("264", "236-1", "359(1)"). May be left out ' +
          'only when `name` is exactly a charge name of the official list, from which it is derived.',
        example: '264',
      }),
    intentional: z.boolean(),
  })
  .transform((offence, ctx) => {
    const article = offence.article ?? articleOfCharge(offence.name);
    if (article === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['article'],
        message: 'is required unless name is exactly a charge name of the official list',
      });
      return z.NEVER;
    }
    return { name: offence.name, article, intentional: offence.intentional };
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
      .array(offenceSchema)
      .max(50)
      .default([])
      .meta({ description: 'Required (at least one) for a judgment; optional otherwise.' }),
    coDefendants: z.array(z.strictObject({ nationalId })).max(100).optional(),
    combinedWith: z
      .array(
        z.strictObject({
          caseNumber: singleLineText({ max: 100 }),
          offenceDate: civilDate.optional().meta({
            description:
              'The combined case’s (earliest) offence date. Before the subject’s 18th birthday, ' +
              'this judgment cites sealed information and is marked (IM art. 6; CL art. 71).',
          }),
        }),
      )
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
      const date = combined.offenceDate as CivilDate | undefined;
      if (date === undefined || !isCivilDate(date)) return;
      if (compareCivilDates(date, r.subject.dateOfBirth as CivilDate) <= 0) {
        issue(['combinedWith', i, 'offenceDate'], 'must be after the date of birth');
      } else if (compareCivilDates(date, r.effectiveDate as CivilDate) > 0) {
        issue(['combinedWith', i, 'offenceDate'], 'must not be after the effective date');
      }
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
