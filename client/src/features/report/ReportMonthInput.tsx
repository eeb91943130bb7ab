import { currentReportMonth } from '../../data/report.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** 通报月份: any month up to the current one (counted to today). */
export function ReportMonthInput({ month, onChange }: { month: string; onChange: (month: string) => void }) {
  const { t } = useI18n();
  return (
    <label className="inline">
      {t('report.month')}
      <input type="month" value={month} max={currentReportMonth()} onChange={(e) => e.target.value && onChange(e.target.value)} />
    </label>
  );
}
