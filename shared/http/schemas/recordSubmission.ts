/**
 * The `POST /v1/records` request (API.md, Records): shape and cross-field rules. The
 * OpenAPI document is generated from this schema. Messages name the rule, never echo the
 * value (it may be personal data).
 */
import { z } from 'zod';
import {
  type CivilDate,
  chinaToday,
  compareCivilDates,
  isCivilDate,
} from '../../domain/calendar.ts';
import { LEGAL_PARAMETERS } from '../../domain/law/parameters.ts';
import { isValidNationalId } from '../../domain/nationalId.ts';
import { penalties, recordTypes } from '../../domain/record.ts';
import { straddlesEighteenthBirthday } from '../../domain/sealing/minority.ts';

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
    example: '11010520040615001X',
  });

const monthsNeeded = ['fixed-term-imprisonment', 'criminal-detention', 'public-surveillance'];
const suspendable = ['fixed-term-imprisonment', 'criminal-detention'];

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
    caseNumber: z.string().trim().min(1).max(100),
    recordType: z.enum(recordTypes),
    subject: z.strictObject({
      nationalId,
      name: z.string().trim().min(1).max(100),
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
      .array(z.strictObject({ name: z.string().trim().min(1).max(200), intentional: z.boolean() }))
      .min(1)
      .max(50),
    coDefendants: z.array(z.strictObject({ nationalId })).max(100).optional(),
    supersedesRecordId: z.uuid().optional().meta({
      description: 'The record this retrial or second-instance judgment replaces.',
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
    const dob = r.subject.dateOfBirth as CivilDate;
    const offence = r.offenceDate as CivilDate;
    const last = (r.lastOffenceDate ?? r.offenceDate) as CivilDate;
    const effective = r.effectiveDate as CivilDate;
    const today = chinaToday(new Date());
    for (const [path, date] of dates) {
      if (date !== undefined && compareCivilDates(date as CivilDate, today) > 0) {
        issue(path.split('.'), 'must not be in the future (China Standard Time)');
      }
    }
    if (compareCivilDates(dob, offence) >= 0)
      issue(['offenceDate'], 'must be after the date of birth');
    if (compareCivilDates(offence, last) > 0) {
      issue(['lastOffenceDate'], 'must not be before offenceDate');
    }
    if (compareCivilDates(last, effective) > 0) {
      issue(['effectiveDate'], 'must not be before the offence dates');
    }
    if (
      r.mainConductAsMinor === undefined &&
      straddlesEighteenthBirthday({ dateOfBirth: dob, offenceDate: offence, lastOffenceDate: last })
    ) {
      issue(
        ['mainConductAsMinor'],
        'is required when the offences lie on both sides of the 18th birthday (IM art. 4)',
      );
    }
    if (r.recordType === 'judgment' && !r.sentence) {
      issue(['sentence'], 'is required for a judgment');
    }
    if (r.recordType !== 'judgment' && r.sentence) {
      issue(['sentence'], 'is only allowed for a judgment');
    }
    if (r.sentence) {
      const { penalty, months, suspended } = r.sentence;
      const range =
        LEGAL_PARAMETERS.monthRanges[penalty as keyof typeof LEGAL_PARAMETERS.monthRanges];
      if (monthsNeeded.includes(penalty)) {
        if (months === undefined) issue(['sentence', 'months'], `is required for ${penalty}`);
        else if (range && (months < range.min || months > range.max)) {
          issue(['sentence', 'months'], `must be ${range.min}–${range.max} for ${penalty}`);
        }
      } else if (months !== undefined) {
        issue(['sentence', 'months'], `is not allowed for ${penalty}`);
      }
      if (suspended && !suspendable.includes(penalty)) {
        issue(['sentence', 'suspended'], `a ${penalty} sentence cannot be suspended`);
      }
    }
    const seen = new Set<string>();
    r.coDefendants?.forEach((co, i) => {
      const id = co.nationalId.toUpperCase();
      if (id === r.subject.nationalId.toUpperCase()) {
        issue(['coDefendants', i, 'nationalId'], 'must not be the subject');
      }
      if (seen.has(id)) issue(['coDefendants', i, 'nationalId'], 'is listed twice');
      seen.add(id);
    });
  });

export type RecordSubmission = z.infer<typeof recordSubmissionSchema>;
