import { type Case, MAX_RESULT_ATTACHMENTS, missingRequired, type ReturnRequest } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { ReturnForm } from './ReturnForm.tsx';

type Decisions = {
  accept: (missingAcknowledged?: boolean) => Promise<Case>;
  returnForCorrection: (request: ReturnRequest) => Promise<Case>;
  complete: (result: string, files: readonly File[]) => Promise<Case>;
  reject: (reason: string) => Promise<Case>;
};
type Form = 'acceptMissing' | 'return' | 'complete' | 'reject';

/**
 * The township's decisions on a case, as its status allows: a submitted case is accepted,
 * returned or refused (不予受理); an accepted one is completed, returned or refused (不予办理).
 */
export function DecisionPanel({
  c,
  decisions,
  onResult,
}: {
  c: Case;
  decisions: Decisions;
  onResult: (result: { notice?: string; error?: string }) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Form>();
  if (c.status !== 'submitted' && c.status !== 'accepted') return null;
  const submitted = c.status === 'submitted';

  const act = async (action: () => Promise<string>) => {
    try {
      onResult({ notice: await action() });
      setOpen(undefined);
    } catch (e) {
      onResult({ error: describeError(e, t) });
    }
  };
  const toggle = (form: Form) => setOpen(open === form ? undefined : form);
  const rejectLabel: MessageKey = submitted ? 'review.rejectBeforeAcceptance' : 'review.rejectAfterAcceptance';
  const missing = missingRequired(c.materials);
  const accept = (acknowledged: boolean) =>
    act(async () => t('review.accepted', { date: (await decisions.accept(acknowledged)).dueDate ?? '' }));

  return (
    <section className="card decisions" aria-label={t('review.decisions')}>
      <h2>{t('review.decisions')}</h2>
      <div className="actions">
        {submitted ? (
          <button
            type="button"
            className="primary"
            onClick={() => (missing.length > 0 ? toggle('acceptMissing') : void accept(false))}
          >
            {t('review.accept')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => toggle('complete')}>
            {t('review.complete')}
          </button>
        )}
        <button type="button" onClick={() => toggle('return')}>
          {t('review.return')}
        </button>
        <button type="button" className="danger" onClick={() => toggle('reject')}>
          {t(rejectLabel)}
        </button>
      </div>
      {open === 'acceptMissing' && (
        <div className="card returned" role="alert" data-testid="accept-missing">
          <p>{t('review.acceptMissing', { names: missing.map((m) => m.name).join('、') })}</p>
          <button type="button" className="primary" onClick={() => void accept(true)}>
            {t('review.acceptMissingConfirm')}
          </button>
        </div>
      )}
      {open === 'return' && (
        <ReturnForm
          materials={c.materials}
          onReturn={(request) =>
            act(async () => {
              await decisions.returnForCorrection(request);
              return t('review.returned');
            })
          }
        />
      )}
      {open === 'complete' && (
        <TextDecision
          name={t('review.complete')}
          label={t('review.result')}
          withFiles
          onSubmit={(text, files) =>
            act(async () => {
              await decisions.complete(text, files);
              return t('review.completed');
            })
          }
        />
      )}
      {open === 'reject' && (
        <TextDecision
          name={t(rejectLabel)}
          label={t('review.rejectReason')}
          onSubmit={(text) =>
            act(async () => {
              await decisions.reject(text);
              return t('review.rejected');
            })
          }
        />
      )}
    </section>
  );
}

/**
 * A decision that needs words for the applicant: the result of 办结 (with the documents issued,
 * when `withFiles`), or the reason for a refusal.
 */
function TextDecision({
  name,
  label,
  withFiles = false,
  onSubmit,
}: {
  name: string;
  label: string;
  withFiles?: boolean;
  onSubmit: (text: string, files: File[]) => Promise<void>;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    void onSubmit(text, files).finally(() => setBusy(false));
  };
  return (
    <form autoComplete="off" className="return-form" aria-label={name} onSubmit={submit}>
      <label>
        {label}
        <textarea required value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
      </label>
      {withFiles && (
        <label>
          {t('review.resultFiles')} <small>({t('common.optional')})</small>
          <input
            type="file"
            multiple
            accept="image/jpeg,image/png,application/pdf"
            onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, MAX_RESULT_ATTACHMENTS))}
          />
        </label>
      )}
      <button type="submit" disabled={busy}>
        {name}
      </button>
    </form>
  );
}
