import { useState } from 'react';
import { useReviewQueue } from '../../data/review.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ConflictList } from './ConflictList.tsx';
import { DeviceList } from './DeviceList.tsx';
import { ReturnForm } from './ReturnForm.tsx';

/** The township's queue of submitted cases, grouped by village: accept (受理) or return for correction (退回补正). */
export function ReviewPage() {
  const { t } = useI18n();
  const { cases, error, accept, returnForCorrection } = useReviewQueue();
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [returning, setReturning] = useState<string>();

  if (error) return <p className="error" role="alert">{`${t('review.needsNetwork')} ${error}`}</p>;
  if (!cases) return <p className="loading">{t('common.loading')}</p>;
  const byVillage = new Map<string, typeof cases>();
  for (const c of cases) byVillage.set(c.villageName, [...(byVillage.get(c.villageName) ?? []), c]);

  const act = async (action: () => Promise<string>) => {
    setActionError(undefined);
    try {
      setNotice(await action());
    } catch (e) {
      setActionError(describeError(e, t));
    }
  };

  return (
    <section>
      <h1>{t('review.title')}</h1>
      <DeviceList />
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
                  onClick={() => act(async () => t('review.accepted', { date: (await accept(c.id)).dueDate ?? '' }))}
                >
                  {t('review.accept')}
                </button>
                <button type="button" onClick={() => setReturning(returning === c.id ? undefined : c.id)}>
                  {t('review.return')}
                </button>
                {returning === c.id && (
                  <ReturnForm
                    caseId={c.id}
                    onReturn={(request) =>
                      act(async () => {
                        await returnForCorrection(c.id, request);
                        setReturning(undefined);
                        return t('review.returned');
                      })
                    }
                  />
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
