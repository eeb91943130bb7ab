import { maskResidentId, missingRequired, uncorrected } from '@daiban/schemas';
import { useState } from 'react';
import { Link } from 'wouter';
import { Feedback } from '../../app/Feedback.tsx';
import { useWorkCalendar } from '../../data/calendar.ts';
import { commands } from '../../data/commands.ts';
import { usePhotosInProgress } from '../../data/photos-in-progress.ts';
import { useAgent, useCaseView } from '../../data/queries.ts';
import { describeError, inLanguage } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { CaseVisits } from './CaseVisits.tsx';
import { Countdown } from './Countdown.tsx';
import { Custody } from './Custody.tsx';
import { DeliveryAndRating } from './DeliveryAndRating.tsx';
import { ExceptionChoice, Exceptions } from './ExceptionChoice.tsx';
import { MaterialRow } from './MaterialRow.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function CasePage({ id }: { id: string }) {
  const { t } = useI18n();
  const view = useCaseView(id);
  const calendar = useWorkCalendar();
  const [error, setError] = useState<string>();
  const photosBusy = usePhotosInProgress(id);

  if (view === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (view === null) return <p className="empty">{t('case.notFound')}</p>;
  const c = view.case;

  const run = async (action: () => Promise<void>) => {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <section className="case-page">
      <Link href="/">← {t('common.back')}</Link>
      <h1>
        {view.item?.name ?? c.serviceItemCode} <StatusBadge status={c.status} />
      </h1>
      <dl className="facts">
        <dt>{t('case.number')}</dt>
        <dd data-testid="case-number">{c.caseNumber}</dd>
        <dt>{t('case.applicant')}</dt>
        <dd>
          {view.applicant?.name} {view.applicant && maskResidentId(view.applicant.idNumber)}
        </dd>
        <dt>{t('case.agent')}</dt>
        <dd>
          <AgentName id={c.agentId} />
          {c.handlerId && c.handlerId !== c.agentId && (
            <span data-testid="case-handler">
              {' · '}
              <HandlerName id={c.handlerId} />
            </span>
          )}
        </dd>
        <dt>{t('case.status')}</dt>
        <dd data-testid="case-status">{t(`status.${c.status}`)}</dd>
        {view.item && (
          <>
            <dt>{t('case.item')}</dt>
            <dd data-testid="case-item-version">
              {t('case.timeLimit', { days: view.item.timeLimitDays })} ·{' '}
              <Link href={`/catalog/${c.serviceItemCode}/v/${c.serviceItemVersion}`}>
                {t('catalog.version', { version: c.serviceItemVersion })}
              </Link>
            </dd>
          </>
        )}
        {c.dueDate && (
          <>
            <dt>{t('case.dueDate')}</dt>
            <dd data-testid="countdown">
              {c.dueDate} <Countdown dueDate={c.dueDate} status={c.status} calendar={calendar} withDate={false} />
            </dd>
          </>
        )}
      </dl>
      {view.refusals.map((r) => (
        <p key={r.mutationId} className="error" role="alert">
          {t('case.refused', { message: inLanguage(r.message, t.lang) })}{' '}
          <button type="button" onClick={() => void run(() => commands.dismissRefusal(r.mutationId))}>
            {t('attention.dismiss')}
          </button>
        </p>
      ))}
      {c.status === 'rejected' && c.rejection && (
        <div className="card returned" role="alert">
          <p>{t('case.rejected', { reason: c.rejection.reason })}</p>
        </div>
      )}
      {c.status === 'returned' && c.returnRequest && (
        <div className="card returned" role="alert">
          <p>{t('case.returned', { reason: c.returnRequest.reason })}</p>
          {c.returnRequest.materialKeys.length > 0 && (
            <p>
              {t('case.returnedMaterials', {
                names: c.materials
                  .filter((m) => c.returnRequest?.materialKeys.includes(m.key))
                  .map((m) => m.name)
                  .join('、'),
              })}
            </p>
          )}
          <ExceptionChoice
            missing={uncorrected(c)}
            label={t('case.resubmitReason')}
            action={t('case.resubmit')}
            onSubmit={(reason) => run(() => commands.resubmitCase(c.id, reason))}
          />
        </div>
      )}
      <Exceptions c={c} />
      {(c.result || c.delivery || c.rating || c.status === 'completed') && <DeliveryAndRating c={c} run={run} />}
      <Custody c={c} />
      <CaseVisits c={c} />
      <CaseTimeline c={c} />
      <h2>{t('case.materials')}</h2>
      <ul className="materials">
        {c.materials.map((m) => (
          <MaterialRow
            key={m.key}
            material={m}
            onRun={run}
            caseId={c.id}
            flagged={c.status === 'returned' && (c.returnRequest?.materialKeys.includes(m.key) ?? false)}
          />
        ))}
      </ul>
      <Feedback error={error} />
      {c.status !== 'draft' && (
        <Link href={`/cases/${c.id}/receipt`} className="button">
          {t('case.printReceipt')}
        </Link>
      )}
      {c.status === 'draft' && (
        <div className="actions">
          <p className="hint">{t('case.receiveHint')}</p>
          <ExceptionChoice
            missing={missingRequired(c.materials)}
            label={t('case.acceptMissingReason')}
            choice={t('case.acceptMissing')}
            action={t('case.receive')}
            busy={photosBusy > 0}
            onSubmit={(reason) => run(() => commands.receiveCase(c.id, reason))}
          />
        </div>
      )}
    </section>
  );
}

function AgentName({ id }: { id: string }) {
  return <>{useAgent(id)?.displayName ?? ''}</>;
}

function HandlerName({ id }: { id: string }) {
  const { t } = useI18n();
  return <>{t('case.handler', { name: useAgent(id)?.displayName ?? '' })}</>;
}
