import { useState } from 'react';
import { defaultReportMonth, useCountyReport } from '../../data/report.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ReportActions } from '../report/ReportActions.tsx';
import { ReportDefinitions } from '../report/ReportDefinitions.tsx';
import { ReportTable } from '../report/ReportTable.tsx';

/** 全县月度通报: each township's monthly figures and the county's total, for print and export. */
export function CountyReportPage() {
  const { t } = useI18n();
  const [month, setMonth] = useState(defaultReportMonth);
  const { report, error } = useCountyReport(month);
  const [year, mon] = month.split('-');

  return (
    <section className="report-page">
      <h1 className="no-print">{t('county.report.title')}</h1>
      <ReportActions month={month} onMonth={setMonth} ready={!!report} scope="county" loadError={error} />
      {!report && error === undefined && <p className="loading">{t('common.loading')}</p>}
      {report && (
        <article className="report-sheet">
          <h2>{t('report.title', { township: report.countyName, year: year ?? '', month: Number(mon) })}</h2>
          <p className="hint">
            {t('report.asOf', { date: report.asOf })}
            {report.partial && ` · ${t('report.partial')}`}
          </p>
          <ReportTable
            rowHeading={t('county.report.township')}
            rows={report.townships.map((r) => ({ code: r.townshipCode, name: r.townshipName, figures: r }))}
            totalLabel={t('county.report.total')}
            total={report.total}
          />
          <ReportDefinitions />
        </article>
      )}
    </section>
  );
}
