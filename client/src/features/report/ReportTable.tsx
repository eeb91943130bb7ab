import { type MonthlyReport, REPORT_COLUMNS, type ReportColumn, type ReportFigures } from '@daiban/schemas';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

function cell(f: ReportFigures, key: ReportColumn, none: string): string {
  const value = f[key];
  if (value === null) return none;
  if (key === 'satisfiedShare') return `${(value * 100).toFixed(1)}%`;
  if (key === 'avgWorkingDays') return value.toFixed(1);
  if (key === 'avgRating') return value.toFixed(2);
  return String(value);
}

/** One row per village and the township total, as published. */
export function ReportTable({ report }: { report: MonthlyReport }) {
  const { t } = useI18n();
  const none = t('report.none');
  const row = (name: string, f: ReportFigures, testId: string) => (
    <tr key={testId} data-testid={testId}>
      <th scope="row">{name}</th>
      {REPORT_COLUMNS.map((key) => (
        <td key={key} data-column={key}>
          {cell(f, key, none)}
        </td>
      ))}
    </tr>
  );
  return (
    <div className="report-table-wrap">
      <table className="report-table">
        <thead>
          <tr>
            <th scope="col">{t('report.col.village')}</th>
            {REPORT_COLUMNS.map((key) => (
              <th key={key} scope="col">
                {t(`report.col.${key}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{report.villages.map((v) => row(v.villageName, v, `report-row-${v.villageCode}`))}</tbody>
        <tfoot>{row(t('report.total'), report.total, 'report-row-total')}</tfoot>
      </table>
    </div>
  );
}
