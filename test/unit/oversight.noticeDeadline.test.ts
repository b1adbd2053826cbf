/**
 * When an agency must have confirmed a sealing notice (shared/domain/oversight/
 * noticeDeadline.ts; IM arts. 11–13, CPL art. 105, RULES.md §5): three calendar days counted
 * from the day after the event in China, moved to the next working day when the last one is a
 * holiday or rest day, due at the end of that day in China; provisional in a year whose
 * schedule is not announced, and restated — never earlier — once it is.
 */
import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '#shared/domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';
import {
  acknowledgementDeadline,
  currentAcknowledgementDeadline,
} from '#shared/domain/oversight/noticeDeadline.ts';

/** End of a day in China (UTC+8), as an instant. */
const endOf = (date: string) => `${date}T15:59:59.999Z`;

describe('the acknowledgement deadline of a notice', () => {
  it('is the end of the third day after the event, counted in China', () => {
    // Monday 2 March 2026 in UTC, already Tuesday 3 March in China: due Friday 6 March.
    expect(acknowledgementDeadline('2026-03-02T17:00:00Z')).toEqual({
      acknowledgeBy: endOf('2026-03-06'),
      calendar: 'official',
    });
    expect(acknowledgementDeadline('2026-03-02T15:59:59Z').acknowledgeBy).toBe(endOf('2026-03-05'));
  });

  it('moves to the next working day when the third day is a holiday (National Day 2026)', () => {
    expect(acknowledgementDeadline('2026-09-28T02:00:00Z')).toEqual({
      acknowledgeBy: endOf('2026-10-08'),
      calendar: 'official',
    });
  });

  it('is provisional when it falls in a year whose holidays are not yet announced', () => {
    expect(acknowledgementDeadline('2026-12-30T02:00:00Z')).toEqual({
      acknowledgeBy: endOf('2027-01-04'),
      calendar: 'provisional',
    });
  });

  it('counts the period the parameters give', () => {
    const params = {
      ...LEGAL_PARAMETERS,
      noticeAcknowledgement: { count: 5, unit: 'days' as const, basis: 'test' },
    };
    expect(acknowledgementDeadline('2026-03-02T02:00:00Z', undefined, params).acknowledgeBy).toBe(
      endOf('2026-03-09'),
    );
  });
});

describe('the acknowledgement deadline as it stands today', () => {
  // 2029 as announced later: National Day 1–7 October, or (another schedule) no October holiday.
  const longHoliday = new WorkingDayCalendar({
    holidays: Object.fromEntries(
      ['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2029-10-${d}`, 'National Day']),
    ),
    workdays: {},
  });
  const noHoliday = new WorkingDayCalendar({
    holidays: { '2029-01-01': "New Year's Day" },
    workdays: {},
  });
  const at = '2029-09-28T02:00:00Z';
  const stated = acknowledgementDeadline(at);

  it('was stated provisionally from the holidays fixed in law', () => {
    expect(stated).toEqual({ acknowledgeBy: endOf('2029-10-04'), calendar: 'provisional' });
  });

  it('moves later when the announced schedule makes it later', () => {
    expect(currentAcknowledgementDeadline({ at, ...stated }, longHoliday)).toEqual({
      acknowledgeBy: endOf('2029-10-08'),
      calendar: 'official',
    });
  });

  it('never moves earlier than first stated', () => {
    expect(currentAcknowledgementDeadline({ at, ...stated }, noHoliday)).toEqual({
      acknowledgeBy: endOf('2029-10-04'),
      calendar: 'official',
    });
  });

  it('stays as stated when it was official, or stored without a calendar', () => {
    const official = { at, acknowledgeBy: endOf('2029-10-02'), calendar: 'official' as const };
    expect(currentAcknowledgementDeadline(official, longHoliday)).toEqual({
      acknowledgeBy: endOf('2029-10-02'),
      calendar: 'official',
    });
    const { calendar: _calendar, ...unstated } = official;
    expect(currentAcknowledgementDeadline(unstated, longHoliday)).toEqual({
      acknowledgeBy: endOf('2029-10-02'),
      calendar: 'official',
    });
  });

  it('is recounted with the parameters given', () => {
    const params = {
      ...LEGAL_PARAMETERS,
      noticeAcknowledgement: { count: 12, unit: 'days' as const, basis: 'test' },
    };
    expect(currentAcknowledgementDeadline({ at, ...stated }, longHoliday, params)).toEqual({
      acknowledgeBy: endOf('2029-10-10'),
      calendar: 'official',
    });
  });
});
