import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { useFollowups } from '../../data/review.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** 回访: each 不满意 or 非常不满意 rating, due within 15 working days, closed with what was fixed. */
export function FollowupList() {
  const { t } = useI18n();
  const { followups, close } = useFollowups();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const open = followups?.filter((f) => !f.closedAt) ?? [];
  if (!followups || followups.length === 0) return null;
  return (
    <div className="card notice-card">
      <h2>{t('followups.title', { count: open.length })}</h2>
      <Feedback error={error} />
      <ul className="case-list">
        {followups.map((f) => (
          <li key={f.id} className="case-row" data-testid={`followup-${f.caseNumber}`}>
            <span className="case-number">{f.caseNumber}</span>
            <span className="who">
              {t(`rating.${f.level}`)}
              {f.comment ? ` · ${f.comment}` : ''}
            </span>
            {f.closedAt ? (
              <span className="hint">{t('followups.closed', { resolution: f.resolution ?? '' })}</span>
            ) : (
              <>
                <span className={f.overdue ? 'badge status-rejected' : 'due'}>
                  {f.overdue ? t('followups.overdue') : t('followups.due', { date: f.dueDate })}
                </span>
                <form
                  autoComplete="off"
                  className="reason-form"
                  aria-label={t('followups.close')}
                  onSubmit={(e) => {
                    e.preventDefault();
                    setError(undefined);
                    close(f.id, drafts[f.id] ?? '').catch((err: unknown) => setError(describeError(err, t)));
                  }}
                >
                  <label>
                    {t('followups.resolution')}
                    <input
                      value={drafts[f.id] ?? ''}
                      onChange={(e) => setDrafts((d) => ({ ...d, [f.id]: e.target.value }))}
                      required
                    />
                  </label>
                  <button type="submit">{t('followups.close')}</button>
                </form>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
