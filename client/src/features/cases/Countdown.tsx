import { type CaseStatus, OPEN_STATUSES, type WorkCalendar, workingDaysBetween } from '@daiban/schemas';
import { useToday } from '../../data/clock.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** Working days left until the statutory deadline of an open case, or how far past it is, by the township's calendar. */
export function Countdown({
  dueDate,
  status,
  calendar,
  withDate = true,
}: {
  dueDate: string | undefined;
  status: CaseStatus;
  calendar: WorkCalendar;
  /** Off where the due date is printed beside it already. */
  withDate?: boolean;
}) {
  const { t } = useI18n();
  const today = useToday();
  if (!dueDate || !OPEN_STATUSES.includes(status)) return null;
  if (status === 'returned') return <span className="due">{t('countdown.paused')}</span>;
  const left = workingDaysBetween(today, dueDate, calendar);
  if (left < 0) return <span className="badge status-rejected">{t('countdown.overdue', { days: -left })}</span>;
  const text = withDate ? t('countdown.left', { days: left, date: dueDate }) : t('countdown.leftDays', { days: left });
  return <span className={left <= 2 ? 'badge pending' : 'due'}>{text}</span>;
}
