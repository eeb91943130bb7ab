import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { saveFile } from '../../app/save-file.ts';
import { reportFile } from '../../data/report.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ReportMonthInput } from './ReportMonthInput.tsx';

/**
 * The month, printing and the CSV/XLSX downloads of a monthly report (the township's or the
 * county's), with what happened and what went wrong (`loadError`: the report itself did not load).
 */
export function ReportActions({
  month,
  onMonth,
  ready,
  scope,
  loadError,
}: {
  month: string;
  onMonth: (month: string) => void;
  ready: boolean;
  scope: 'township' | 'county';
  loadError: unknown;
}) {
  const { t } = useI18n();
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();

  async function download(format: 'csv' | 'xlsx') {
    setNotice(undefined);
    setActionError(undefined);
    try {
      const file = await reportFile(month, format, scope);
      saveFile(file.blob, file.name);
      setNotice(t('report.saved', { name: file.name }));
    } catch (e) {
      setActionError(describeError(e, t));
    }
  }

  return (
    <>
      <div className="actions-row no-print">
        <ReportMonthInput month={month} onChange={onMonth} />
        <button type="button" onClick={() => window.print()} disabled={!ready}>
          {t('report.print')}
        </button>
        <button type="button" onClick={() => void download('csv')} disabled={!ready}>
          {t('report.csv')}
        </button>
        <button type="button" onClick={() => void download('xlsx')} disabled={!ready}>
          {t('report.xlsx')}
        </button>
      </div>
      <Feedback notice={notice} error={actionError ?? (loadError === undefined ? undefined : describeError(loadError, t))} />
    </>
  );
}
