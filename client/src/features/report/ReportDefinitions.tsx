import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

const DEFINITIONS: MessageKey[] = [
  'report.def.month',
  'report.def.received',
  'report.def.submitted',
  'report.def.accepted',
  'report.def.completed',
  'report.def.overdue',
  'report.def.returned',
  'report.def.rejected',
  'report.def.avgWorkingDays',
  'report.def.satisfaction',
];

/** How each figure of the monthly report is counted (the same for a township and the county). */
export function ReportDefinitions() {
  const { t } = useI18n();
  return (
    <>
      <h3>{t('report.definitions')}</h3>
      <ol className="report-definitions">
        {DEFINITIONS.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ol>
    </>
  );
}
