import { REPORT_COLUMNS, type ReportColumn, type ReportFigures } from '@daiban/schemas';
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

/** One row of the report: a village of the township's report, or a township of the county's. */
export interface ReportRow {
  code: string;
  name: string;
  figures: ReportFigures;
}

/** The report's figures as published: one row per place (`rowHeading` names what they are), then the total. */
export function ReportTable({
  rowHeading,
  rows,
  totalLabel,
  total,
}: {
  rowHeading: string;
  rows: ReportRow[];
  totalLabel: string;
  total: ReportFigures;
}) {
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
            <th scope="col">{rowHeading}</th>
            {REPORT_COLUMNS.map((key) => (
              <th key={key} scope="col">
                {t(`report.col.${key}` as MessageKey)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rows.map((r) => row(r.name, r.figures, `report-row-${r.code}`))}</tbody>
        <tfoot>{row(totalLabel, total, 'report-row-total')}</tfoot>
      </table>
    </div>
  );
}
