import { useState } from 'react';
import { defaultReportMonth, useMonthlyReport } from '../../data/report.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ReportActions } from './ReportActions.tsx';
import { ReportCharts } from './ReportCharts.tsx';
import { ReportDefinitions } from './ReportDefinitions.tsx';
import { ReportTable } from './ReportTable.tsx';

/** 一月一通报: the township's monthly figures per village, with charts, for print and export. */
export default function ReportPage() {
  const { t } = useI18n();
  const [month, setMonth] = useState(defaultReportMonth);
  const { report, error } = useMonthlyReport(month);
  const [year, mon] = month.split('-');

  return (
    <section className="report-page">
      <h1 className="no-print">{t('report.heading')}</h1>
      <ReportActions month={month} onMonth={setMonth} ready={!!report} scope="township" loadError={error} />
      {!report && error === undefined && <p>{t('common.loading')}</p>}
      {report && (
        <article className="report-sheet">
          <h2>{t('report.title', { township: report.townshipName, year: year ?? '', month: Number(mon) })}</h2>
          <p className="hint">
            {t('report.asOf', { date: report.asOf })}
            {report.partial && ` · ${t('report.partial')}`}
          </p>
          <ReportTable
            rowHeading={t('report.col.village')}
            rows={report.villages.map((v) => ({ code: v.villageCode, name: v.villageName, figures: v }))}
            totalLabel={t('report.total')}
            total={report.total}
          />
          <ReportCharts report={report} />
          <ReportDefinitions />
          {report.ledgerHead && (
            <p className="hint ledger-head" data-testid="report-ledger-head">
              {t('report.ledgerHead', { seq: report.ledgerHead.seq, hash: report.ledgerHead.hash })}
              <br />
              {t('report.ledgerSignature', { signature: report.ledgerHead.signature })}
            </p>
          )}
        </article>
      )}
    </section>
  );
}
