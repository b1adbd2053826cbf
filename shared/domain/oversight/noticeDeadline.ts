/**
 * When an agency must have confirmed a notice (IM arts. 11–13: within three days): the period
 * in the unit its source states (parameters.ts, `noticeAcknowledgement`: calendar days),
 * counted from the day after the event, ending on the next working day when its last day is
 * a holiday or rest day (CPL art. 105), at the end of that day in China. On a year whose
 * schedule is not yet announced the deadline is provisional, and restated — never earlier —
 * when it is (RULES.md §5).
 */
import { chinaToday, endOfChinaDay } from '../calendar.ts';
import {
  type CalendarSource,
  prcWorkingDays,
  restateDeadline,
  type WorkingDayCalendar,
} from '../inquiry/workingDays.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../law/parameters.ts';

export type AcknowledgementDeadline = { acknowledgeBy: string; calendar: CalendarSource };

export function acknowledgementDeadline(
  at: string,
  calendar: WorkingDayCalendar = prcWorkingDays,
  params: LegalParameters = LEGAL_PARAMETERS,
): AcknowledgementDeadline {
  const { date, calendar: source } = calendar.deadline(
    chinaToday(new Date(at)),
    params.noticeAcknowledgement,
  );
  return { acknowledgeBy: endOfChinaDay(date).toISOString(), calendar: source };
}

/** The deadline as it stands today; notices stored without a calendar were stated officially. */
export function currentAcknowledgementDeadline(
  notice: { at: string; acknowledgeBy: string; calendar?: CalendarSource },
  calendar: WorkingDayCalendar = prcWorkingDays,
  params: LegalParameters = LEGAL_PARAMETERS,
): AcknowledgementDeadline {
  if (notice.calendar !== 'provisional') {
    return { acknowledgeBy: notice.acknowledgeBy, calendar: 'official' };
  }
  const stated = { date: chinaToday(new Date(notice.acknowledgeBy)), calendar: notice.calendar };
  const { date, calendar: source } = restateDeadline(stated, () =>
    calendar.deadline(chinaToday(new Date(notice.at)), params.noticeAcknowledgement),
  );
  return { acknowledgeBy: endOfChinaDay(date).toISOString(), calendar: source };
}
