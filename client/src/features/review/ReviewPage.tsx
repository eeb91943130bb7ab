import { useState } from 'react';
import { useReviewQueue } from '../../data/review.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ConflictList } from './ConflictList.tsx';

/** The township's queue of submitted cases, grouped by village, with the accept (受理) decision. */
export function ReviewPage() {
  const { t } = useI18n();
  const { cases, error, accept } = useReviewQueue();
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();

  if (error) return <p className="error" role="alert">{`${t('review.needsNetwork')} ${error}`}</p>;
  if (!cases) return <p className="loading">{t('common.loading')}</p>;
  const byVillage = new Map<string, typeof cases>();
  for (const c of cases) byVillage.set(c.villageName, [...(byVillage.get(c.villageName) ?? []), c]);

  return (
    <section>
      <h1>{t('review.title')}</h1>
      <ConflictList />
      <p>{t('review.queue', { count: cases.length })}</p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}
      {cases.length === 0 && <p className="empty">{t('review.empty')}</p>}
      {[...byVillage].map(([villageName, list]) => (
        <div key={villageName} className="card">
          <h2>{villageName}</h2>
          <ul className="case-list">
            {list.map((c) => (
              <li key={c.id} className="case-row" data-testid={`review-${c.caseNumber}`}>
                <span className="case-number">{c.caseNumber}</span>
                <span className="who">
                  {c.applicantName} {c.applicantIdMasked}
                </span>
                <span className="what">{c.serviceItemName}</span>
                {!c.blobsComplete && <span className="badge pending">{t('review.blobsMissing')}</span>}
                <button
                  type="button"
                  className="primary"
                  onClick={async () => {
                    setActionError(undefined);
                    try {
                      const accepted = await accept(c.id);
                      setNotice(t('review.accepted', { date: accepted.dueDate ?? '' }));
                    } catch (e) {
                      setActionError(describeError(e, t));
                    }
                  }}
                >
                  {t('review.accept')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
