import type { Conflict, Material } from '@daiban/schemas';
import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { useConflicts } from '../../data/review.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** Both values of each conflicting edit, which device wrote them and when; the loser can be restored. */
export function ConflictList() {
  const { t, lang } = useI18n();
  const { conflicts, restore } = useConflicts();
  const [error, setError] = useState<string>();
  if (!conflicts || conflicts.length === 0) return null;

  const side = (label: string, s: Conflict['winner']) => (
    <div className="conflict-side">
      <strong>{label}</strong> {describeMaterial(s.value, t)}
      <small>
        {' '}
        {t('conflicts.by', { device: s.deviceId.slice(0, 8), time: new Date(Number(s.hlc.slice(0, 15))).toLocaleString(lang) })}
      </small>
    </div>
  );

  return (
    <div className="card">
      <h2>{t('conflicts.title', { count: conflicts.length })}</h2>
      <Feedback error={error} />
      <ul className="case-list">
        {conflicts.map((c) => (
          <li key={c.id} className="case-row" data-testid={`conflict-${c.caseNumber}`}>
            <span className="case-number">
              {c.caseNumber} · {c.winner.value.name}
            </span>
            {side(t('conflicts.kept'), c.winner)}
            {side(t('conflicts.lost'), c.loser)}
            {c.restoredAt ? (
              <span className="badge">{t('conflicts.restored')}</span>
            ) : (
              <button
                type="button"
                onClick={() => {
                  setError(undefined);
                  restore(c.id).catch((e: unknown) => setError(describeError(e, t)));
                }}
              >
                {t('conflicts.restore')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function describeMaterial(m: Material, t: ReturnType<typeof useI18n>['t']): string {
  const parts = [t(`case.material.${m.status}`), t('conflicts.attachments', { count: m.attachments.length })];
  if (m.note) parts.push(m.note);
  return parts.join(' · ');
}
