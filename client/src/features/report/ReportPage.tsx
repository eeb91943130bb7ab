import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { saveFile } from '../../app/save-file.ts';
import { currentReportMonth, defaultReportMonth, reportFile, useMonthlyReport } from '../../data/report.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { ReportCharts } from './ReportCharts.tsx';
import { ReportTable } from './ReportTable.tsx';

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
        <label className="inline">
          {t('report.month')}
          <input
            type="month"
            value={month}
            max={currentReportMonth()}
            onChange={(e) => e.target.value && setMonth(e.target.value)}
          />
        </label>
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
          <ReportTable report={report} />
          <ReportCharts report={report} />
          <h3>{t('report.definitions')}</h3>
          <ol className="report-definitions">
            {DEFINITIONS.map((key) => (
              <li key={key}>{t(key)}</li>
            ))}
          </ol>
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
