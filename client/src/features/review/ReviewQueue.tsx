import { chinaDate, deadlineState } from '@daiban/schemas';
import { useState } from 'react';
import { useReviewQueue } from '../../data/review.ts';
import { useTownshipWorkCalendar } from '../../data/township-calendar.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Countdown } from '../cases/Countdown.tsx';
import { ReturnForm } from './ReturnForm.tsx';

type Report = (result: { notice?: string; error?: string }) => void;

/** One queue, grouped by village, oldest first: submitted cases to accept, accepted ones to complete. */
export function ReviewQueue({
  status,
  onResult,
  refreshKey,
}: {
  status: 'submitted' | 'accepted';
  onResult: Report;
  refreshKey: number;
}) {
  const { t } = useI18n();
  const { cases, error, accept, returnForCorrection, complete } = useReviewQueue(status, refreshKey);
  const [open, setOpen] = useState<{ id: string; form: 'return' | 'complete' }>();
  const [result, setResult] = useState('');
  const [due, setDue] = useState<'overdue' | 'soon'>();
  const calendar = useTownshipWorkCalendar();

  if (error) return <p className="error" role="alert">{`${t('review.needsNetwork')} ${error}`}</p>;
  if (!cases) return <p className="loading">{t('common.loading')}</p>;
  const today = chinaDate(new Date());
  const shown = due ? cases.filter((c) => c.dueDate && deadlineState(c.dueDate, today, calendar) === due) : cases;
  const byVillage = new Map<string, typeof cases>();
  for (const c of shown) byVillage.set(c.villageName, [...(byVillage.get(c.villageName) ?? []), c]);

  const act = async (action: () => Promise<string>) => {
    try {
      onResult({ notice: await action() });
      setOpen(undefined);
    } catch (e) {
      onResult({ error: describeError(e, t) });
    }
  };
  const toggle = (id: string, form: 'return' | 'complete') =>
    setOpen(open?.id === id && open.form === form ? undefined : { id, form });

  return (
    <div className="queue" data-testid={`queue-${status}`}>
      <h2>{t(status === 'submitted' ? 'review.queue' : 'review.inProgress', { count: cases.length })}</h2>
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
                <span className="case-number">{c.caseNumber}</span>
                <span className="who">
                  {c.applicantName} {c.applicantIdMasked}
                </span>
                <span className="what">{c.serviceItemName}</span>
                <Countdown dueDate={c.dueDate} status={c.status} calendar={calendar} />
                {!c.blobsComplete && <span className="badge pending">{t('review.blobsMissing')}</span>}
                {status === 'submitted' ? (
                  <button
                    type="button"
                    className="primary"
                    onClick={() => act(async () => t('review.accepted', { date: (await accept(c.id)).dueDate ?? '' }))}
                  >
                    {t('review.accept')}
                  </button>
                ) : (
                  <button type="button" className="primary" onClick={() => toggle(c.id, 'complete')}>
                    {t('review.complete')}
                  </button>
                )}
                <button type="button" onClick={() => toggle(c.id, 'return')}>
                  {t('review.return')}
                </button>
                {open?.id === c.id && open.form === 'return' && (
                  <ReturnForm
                    caseId={c.id}
                    onReturn={(request) =>
                      act(async () => {
                        await returnForCorrection(c.id, request);
                        return t('review.returned');
                      })
                    }
                  />
                )}
                {open?.id === c.id && open.form === 'complete' && (
                  <form
                    className="return-form"
                    aria-label={t('review.complete')}
                    onSubmit={(e) => {
                      e.preventDefault();
                      void act(async () => {
                        await complete(c.id, result);
                        setResult('');
                        return t('review.completed');
                      });
                    }}
                  >
                    <label>
                      {t('review.result')}
                      <textarea required value={result} onChange={(e) => setResult(e.target.value)} maxLength={2000} />
                    </label>
                    <button type="submit">{t('review.complete')}</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
