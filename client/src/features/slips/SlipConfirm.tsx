import type { ConfirmHandoverRequest, HandoverDetail } from '@daiban/schemas';
import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { receiptOf } from '../../data/handovers.ts';
import { useSlip } from '../../data/slips.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { OriginalsReceipt } from '../handovers/OriginalsReceipt.tsx';

const keyOf = (caseId: string, key: string) => `${caseId}/${key}`;

/** The request from the form: every original received unless unticked, an unticked one with its note. */
function requestOf(detail: HandoverDetail, unticked: Record<string, string>): ConfirmHandoverRequest {
  return {
    cases: detail.handover.items.map((i) => ({
      caseId: i.caseId,
      originals: i.originals.map((o) => {
        const note = unticked[keyOf(i.caseId, o.key)];
        return note === undefined ? { key: o.key, received: true } : { key: o.key, received: false, note };
      }),
    })),
  };
}

/** Ticking an original drops its note; unticking it asks for one. */
function withTick(unticked: Record<string, string>, k: string, ticked: boolean): Record<string, string> {
  const next = { ...unticked };
  if (ticked) delete next[k];
  else next[k] = '';
  return next;
}

/** One slip: a tick per original per case (all ticked at first), a note for each unticked one, confirm; then what was confirmed. */
export function SlipConfirm({ id, onConfirmed }: { id: string; onConfirmed: () => void }) {
  const { t, lang } = useI18n();
  const { detail, error: loadError, confirm } = useSlip(id);
  const [unticked, setUnticked] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (loadError) return <Feedback error={describeError(loadError, t)} />;
  if (!detail) return <p className="loading">{t('common.loading')}</p>;
  const { handover } = detail;
  const confirmed = handover.status === 'received';

  async function submit() {
    if (!detail) return;
    setBusy(true);
    setError(undefined);
    try {
      await confirm(requestOf(detail, unticked));
      setNotice(t('slips.confirmed'));
      onConfirmed();
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      autoComplete="off"
      className="card"
      aria-label={t('slips.confirmForm', { number: handover.slipNumber })}
      data-testid="slip-confirm"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>
        {handover.slipNumber} · {detail.villageName}
      </h2>
      {confirmed && handover.receivedBy && handover.receivedAt && (
        <p className="notice" data-testid="slip-confirmed">
          {t('slips.confirmedBy', { by: handover.receivedBy.name, date: new Date(handover.receivedAt).toLocaleString(lang) })}
        </p>
      )}
      <ul className="case-list">
        {handover.items.map((item, n) => {
          const about = detail.cases.find((c) => c.caseId === item.caseId);
          const receipt = receiptOf(item.caseId, [handover]);
          return (
            <li key={item.caseId} className="case-row" data-testid={`slip-case-${item.caseNumber}`}>
              <span className="case-number">{item.caseNumber}</span>
              <span className="who">{about?.applicantName}</span>
              <span className="what">{about?.serviceItemName}</span>
              {confirmed && receipt ? (
                <OriginalsReceipt receipt={receipt} />
              ) : (
                <fieldset className="originals-check">
                  <legend>{t('slips.originalsOf', { n: n + 1 })}</legend>
                  {item.originals.map((o) => {
                    const k = keyOf(item.caseId, o.key);
                    const note = unticked[k];
                    return (
                      <div key={o.key}>
                        <label className="check">
                          <input
                            type="checkbox"
                            checked={note === undefined}
                            onChange={(e) => setUnticked((u) => withTick(u, k, e.target.checked))}
                          />
                          {o.name}
                        </label>
                        {note !== undefined && (
                          <label>
                            {t('slips.note', { name: o.name })}
                            <input value={note} required onChange={(e) => setUnticked((u) => ({ ...u, [k]: e.target.value }))} />
                          </label>
                        )}
                      </div>
                    );
                  })}
                </fieldset>
              )}
            </li>
          );
        })}
      </ul>
      <Feedback notice={notice} error={error} />
      {!confirmed && (
        <button type="submit" className="primary" disabled={busy}>
          {t('slips.confirm')}
        </button>
      )}
    </form>
  );
}
