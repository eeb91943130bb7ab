import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { saveFile } from '../../app/save-file.ts';
import { defaultReportMonth, reportFile, useMonthlyReport } from '../../data/report.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ReportCharts } from './ReportCharts.tsx';
import { ReportDefinitions } from './ReportDefinitions.tsx';
import { ReportMonthInput } from './ReportMonthInput.tsx';
import { ReportTable } from './ReportTable.tsx';

/** 一月一通报: the township's monthly figures per village, with charts, for print and export. */
export default function ReportPage() {
  const { t } = useI18n();
  const [month, setMonth] = useState(defaultReportMonth);
  const { report, error } = useMonthlyReport(month);
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [year, mon] = month.split('-');

  async function download(format: 'csv' | 'xlsx') {
    setNotice(undefined);
    setActionError(undefined);
    try {
      const file = await reportFile(month, format);
      saveFile(file.blob, file.name);
      setNotice(t('report.saved', { name: file.name }));
    } catch (e) {
      setActionError(describeError(e, t));
    }
  }

  return (
    <section className="report-page">
      <h1 className="no-print">{t('report.heading')}</h1>
      <div className="actions-row no-print">
        <ReportMonthInput month={month} onChange={setMonth} />
        <button type="button" onClick={() => window.print()} disabled={!report}>
          {t('report.print')}
        </button>
        <button type="button" onClick={() => void download('csv')} disabled={!report}>
          {t('report.csv')}
        </button>
        <button type="button" onClick={() => void download('xlsx')} disabled={!report}>
          {t('report.xlsx')}
        </button>
      </div>
      <Feedback notice={notice} error={actionError ?? (error === undefined ? undefined : describeError(error, t))} />
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
