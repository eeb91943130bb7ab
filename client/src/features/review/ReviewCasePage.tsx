import { maskResidentId } from '@daiban/schemas';
import { useState } from 'react';
import { Link } from 'wouter';
import { Feedback } from '../../app/Feedback.tsx';
import { useCaseReview } from '../../data/review.ts';
import { useTownshipWorkCalendar } from '../../data/township-calendar.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Countdown } from '../cases/Countdown.tsx';
import { Exceptions } from '../cases/ExceptionChoice.tsx';
import { HistoryTime } from '../cases/HistoryTime.tsx';
import { historyLabel } from '../cases/history-label.ts';
import { StatusBadge } from '../cases/StatusBadge.tsx';
import { DecisionPanel } from './DecisionPanel.tsx';
import { MaterialGallery } from './MaterialGallery.tsx';
import { ReviewVisits } from './ReviewVisits.tsx';

/** The township's review of one case: who and what, every material with its images, the decisions, the case's history. */
export function ReviewCasePage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { detail, error, ...decisions } = useCaseReview(id);
  const calendar = useTownshipWorkCalendar();
  const [feedback, setFeedback] = useState<{ notice?: string; error?: string }>({});

  if (error) return <p className="error" role="alert">{`${t('review.needsNetwork')} ${error}`}</p>;
  if (!detail) return <p className="loading">{t('common.loading')}</p>;
  const c = detail.case;
  return (
    <section>
      <p>
        <Link href="/">{t('review.backToQueue')}</Link>
      </p>
      <h1>
        {c.caseNumber} <StatusBadge status={c.status} />
      </h1>
      <Feedback notice={feedback.notice} error={feedback.error} />
      <dl className="facts card">
        <dt>{t('review.village')}</dt>
        <dd>{detail.villageName}</dd>
        <dt>{t('review.item')}</dt>
        <dd>{t('review.itemVersion', { name: detail.serviceItemName, version: c.serviceItemVersion })}</dd>
        <dt>{t('review.applicant')}</dt>
        <dd>
          {detail.applicant.name} {maskResidentId(detail.applicant.idNumber)}
        </dd>
        {c.submittedAt && (
          <>
            <dt>{t('review.submittedAt')}</dt>
            <dd>{new Date(c.submittedAt).toLocaleString(lang)}</dd>
          </>
        )}
        {c.dueDate && (
          <>
            <dt>{t('review.dueDate')}</dt>
            <dd>
              {c.dueDate} <Countdown dueDate={c.dueDate} status={c.status} calendar={calendar} withDate={false} />
            </dd>
          </>
        )}
        {c.notes && (
          <>
            <dt>{t('review.agentNotes')}</dt>
            <dd>{c.notes}</dd>
          </>
        )}
        {c.returnRequest && (
          <>
            <dt>{t('status.returned')}</dt>
            <dd>{c.returnRequest.reason}</dd>
          </>
        )}
        {c.rejection && (
          <>
            <dt>{t('status.rejected')}</dt>
            <dd>{c.rejection.reason}</dd>
          </>
        )}
        {c.result && (
          <>
            <dt>{t('review.resultShort')}</dt>
            <dd>{c.result}</dd>
          </>
        )}
      </dl>
      <Exceptions c={c} />
      <DecisionPanel c={c} decisions={decisions} onResult={setFeedback} />
      <h2>{t('case.materials')}</h2>
      <MaterialGallery materials={c.materials} missingBlobs={detail.missingBlobs} />
      <ReviewVisits visits={detail.visits} />
      <section className="card">
        <h2>{t('timeline.title')}</h2>
        <ol className="timeline" data-testid="timeline">
          {(c.history ?? []).map((e) => (
            <li key={e.seq}>
              <HistoryTime at={e.at} recordedAt={e.recordedAt} /> {historyLabel(t, c, e.type, e.materialKey)}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}
