import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { Feedback } from '../../app/Feedback.tsx';
import { commands } from '../../data/commands.ts';
import { useHandoverCandidates, useHandovers } from '../../data/queries.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** 交接单: batch received cases whose paper originals go to the township, and the slips made so far. */
export function HandoversPage() {
  const { t, lang } = useI18n();
  const [, navigate] = useLocation();
  const candidates = useHandoverCandidates();
  const slips = useHandovers();
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string>();

  async function create() {
    try {
      navigate(`/handovers/${await commands.createHandover(chosen)}`);
    } catch (e) {
      setError(describeError(e, t));
    }
  }

  return (
    <section>
      <h1>{t('handover.title')}</h1>
      <div className="card">
        <h2>{t('handover.candidates')}</h2>
        {candidates?.length === 0 && <p className="empty">{t('handover.noCandidates')}</p>}
        <ul className="case-list">
          {candidates?.map(({ case: c, originals, late }) => (
            <li key={c.id}>
              <label className="check case-row" data-testid={`candidate-${c.caseNumber}`}>
                <input
                  type="checkbox"
                  checked={chosen.includes(c.id)}
                  onChange={(e) => setChosen((x) => (e.target.checked ? [...x, c.id] : x.filter((id) => id !== c.id)))}
                />
                <span className="case-number">{c.caseNumber}</span>
                <span className="what">{originals.map((o) => o.name).join('、')}</span>
                {late && <span className="badge status-rejected">{t('custody.late')}</span>}
              </label>
            </li>
          ))}
        </ul>
        <Feedback error={error} />
        <button type="button" className="primary" disabled={chosen.length === 0} onClick={() => void create()}>
          {t('handover.create', { count: chosen.length })}
        </button>
      </div>
      <h2>{t('handover.list')}</h2>
      {slips?.length === 0 && <p className="empty">{t('handover.empty')}</p>}
      <ul className="case-list">
        {slips?.map((h) => (
          <li key={h.id}>
            <Link href={`/handovers/${h.id}`} className="case-row">
              <span className="case-number">{h.slipNumber}</span>
              <span className="who">{t('cases.count', { count: h.caseIds.length })}</span>
              <span className="hint">{new Date(h.createdAt).toLocaleString(lang)}</span>
              <span className="badge">{t(`handover.status.${h.status}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
