import { useState } from 'react';
import { verifyLedger } from '../../data/review.ts';
import { describeError, inLanguage } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The supervisor's "verify" action: walks the ledger's hash chain and names the first broken event. */
export function LedgerCheck() {
  const { t } = useI18n();
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  async function check() {
    try {
      const r = await verifyLedger();
      setResult({ ok: r.ok, text: r.ok ? t('ledger.ok', { count: r.events }) : inLanguage(r.problem?.message ?? '', t.lang) });
    } catch (e) {
      setResult({ ok: false, text: describeError(e, t) });
    }
  }
  return (
    <div className="actions-row">
      <button type="button" onClick={() => void check()}>
        {t('ledger.verify')}
      </button>
      {result && (
        <span className={result.ok ? 'notice' : 'error'} data-testid="ledger-check">
          {result.text}
        </span>
      )}
    </div>
  );
}
