import { chinaDate, deadlineState } from '@daiban/schemas';
import { useState } from 'react';
import { Link } from 'wouter';
import { useReviewQueue } from '../../data/review.ts';
import { useTownshipWorkCalendar } from '../../data/township-calendar.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Countdown } from '../cases/Countdown.tsx';

/** How long a case has waited since it reached the township, in days and hours. */
function waited(submittedAt: string, now: number): { days: number; hours: number } {
  const hours = Math.max(0, Math.floor((now - Date.parse(submittedAt)) / 3600_000));
  return { days: Math.floor(hours / 24), hours: hours % 24 };
}

/**
 * One queue, grouped by village, first submitted first: submitted cases to accept, accepted ones to
 * complete. The server sends it a page at a time; 加载更多 adds the next page below.
 */
export function ReviewQueue({ status, villageId }: { status: 'submitted' | 'accepted'; villageId: string | undefined }) {
  const { t } = useI18n();
  const { cases, error, hasMore, loadMore, loadingMore } = useReviewQueue(status, villageId);
  const [due, setDue] = useState<'overdue' | 'soon'>();
  const calendar = useTownshipWorkCalendar();

  const failed = error && <p className="error" role="alert">{`${t('review.needsNetwork')} ${error}`}</p>;
  if (!cases) return failed || <p className="loading">{t('common.loading')}</p>;
  const now = Date.now();
  const today = chinaDate(new Date(now));
  const shown = due ? cases.filter((c) => c.dueDate && deadlineState(c.dueDate, today, calendar) === due) : cases;
  const byVillage = new Map<string, typeof cases>();
  for (const c of shown) byVillage.set(c.villageName, [...(byVillage.get(c.villageName) ?? []), c]);

  return (
    <div className="queue" data-testid={`queue-${status}`}>
      <h2>{t(`review.${status === 'submitted' ? 'queue' : 'inProgress'}${hasMore ? 'Shown' : ''}`, { count: cases.length })}</h2>
      {status === 'accepted' && cases.length > 0 && (
        <div className="chips">
          {([undefined, 'overdue', 'soon'] as const).map((d) => (
            <button key={d ?? 'all'} type="button" className={due === d ? 'chosen' : ''} onClick={() => setDue(d)}>
              {t(d ? `cases.due.${d}` : 'cases.due.any')}
            </button>
          ))}
        </div>
      )}
      {shown.length === 0 && <p className="empty">{t(status === 'submitted' ? 'review.empty' : 'review.noneInProgress')}</p>}
      {[...byVillage].map(([villageName, list]) => (
        <div key={villageName} className="card">
          <h3>{villageName}</h3>
          <ul className="case-list">
            {list.map((c) => (
              <li key={c.id} className="case-row" data-testid={`review-${c.caseNumber}`}>
                <Link href={`/review/${c.id}`} className="case-number">
                  {c.caseNumber}
                </Link>
                <span className="who">
                  {c.applicantName} {c.applicantIdMasked}
                </span>
                <span className="what">{c.serviceItemName}</span>
                {status === 'submitted' && c.submittedAt && (
                  <span className="hint" data-testid="waited">
                    {t('review.waited', waited(c.submittedAt, now))}
                  </span>
                )}
                <Countdown dueDate={c.dueDate} status={c.status} calendar={calendar} />
                {!c.blobsComplete && <span className="badge pending">{t('review.blobsMissing')}</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {failed}
      {hasMore && (
        <button type="button" className="load-more" onClick={() => void loadMore()} disabled={loadingMore}>
          {t(loadingMore ? 'common.loading' : 'review.loadMore')}
        </button>
      )}
    </div>
  );
}
