import type { HandoverSummary } from '@daiban/schemas';
import { lazy, Suspense, useCallback, useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { useSlips } from '../../data/slips.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { SlipConfirm } from './SlipConfirm.tsx';

const SlipScanner = lazy(() => import('./SlipScanner.tsx'));

/** Slips grouped by village, in the server's order (pending first). */
function byVillage(slips: HandoverSummary[]): [string, HandoverSummary[]][] {
  const groups = new Map<string, HandoverSummary[]>();
  for (const s of slips) groups.set(s.villageName, [...(groups.get(s.villageName) ?? []), s]);
  return [...groups];
}

/** 交接确认: the township opens a village's handover slip (picked or scanned) and confirms its originals. */
export function SlipsPage() {
  const { t, lang } = useI18n();
  const { slips, error, reload } = useSlips();
  const [openId, setOpenId] = useState<string>();
  const [scanning, setScanning] = useState(false);
  const [scanError, setScanError] = useState<string>();

  const onScanned = useCallback(
    (slipNumber: string) => {
      setScanning(false);
      const found = slips?.find((s) => s.slipNumber === slipNumber);
      setScanError(found ? undefined : t('slips.notFound', { number: slipNumber }));
      if (found) setOpenId(found.id);
    },
    [slips, t],
  );
  const closeScanner = useCallback(() => setScanning(false), []);

  return (
    <section>
      <h1>{t('slips.title')}</h1>
      <div className="actions-row">
        <button type="button" className="primary" onClick={() => setScanning(true)} disabled={scanning || !slips}>
          {t('slips.scan')}
        </button>
      </div>
      {scanning && (
        <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
          <SlipScanner onSlip={onScanned} onClose={closeScanner} />
        </Suspense>
      )}
      <Feedback error={scanError ?? error} />
      {openId && <SlipConfirm key={openId} id={openId} onConfirmed={reload} />}
      {slips?.length === 0 && <p className="empty">{t('slips.empty')}</p>}
      {byVillage(slips ?? []).map(([village, list]) => (
        <div key={village} className="card">
          <h2>{village}</h2>
          <ul className="case-list">
            {list.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className={`case-row slip-row${s.id === openId ? ' chosen' : ''}`}
                  data-testid={`slip-${s.slipNumber}`}
                  aria-pressed={s.id === openId}
                  onClick={() => setOpenId(s.id)}
                >
                  <span className="case-number">{s.slipNumber}</span>
                  <span className="who">{t('slips.counts', { cases: s.caseCount, originals: s.originalCount })}</span>
                  <span className="hint">{new Date(s.createdAt).toLocaleString(lang)}</span>
                  <span className={s.status === 'received' ? 'badge status-accepted' : 'badge pending'}>
                    {t(`handover.status.${s.status}`)}
                  </span>
                  {s.missingCount > 0 && (
                    <span className="badge status-rejected">{t('slips.missingCount', { count: s.missingCount })}</span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
