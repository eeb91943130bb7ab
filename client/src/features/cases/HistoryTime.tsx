import { useI18n } from '../../i18n/i18n.tsx';

/** When a timeline line happened and, when the ledger recorded it at another time (a sync later), that time too. */
export function HistoryTime({ at, recordedAt }: { at: string; recordedAt?: string | undefined }) {
  const { t, lang } = useI18n();
  const when = (iso: string) => new Date(iso).toLocaleString(lang);
  const recorded = recordedAt && recordedAt !== at ? t('timeline.recordedAt', { time: when(recordedAt) }) : undefined;
  return (
    <>
      <time dateTime={at}>{when(at)}</time>
      {recorded && <small className="recorded-at">{recorded}</small>}
    </>
  );
}
