import { Link } from 'wouter';
import { useMissingCalendarYears } from '../../data/township-calendar.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** Warns the township centre on every page while the current or next year has no holiday calendar. */
export function CalendarGapNotice() {
  const { t } = useI18n();
  const years = useMissingCalendarYears();
  if (years.length === 0) return null;
  return (
    <div className="card notice-card" role="note" data-testid="calendar-gap">
      {t('calendar.missingYears', { years: years.join('、') })} <Link href="/calendar">{t('calendar.enterYears')}</Link>
    </div>
  );
}
