import { type FormEvent, useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { changePassword, usePasswordChangePending } from '../../data/password.ts';
import { useSession } from '../../data/queries.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** 修改密码, for every role: the current password, the new one twice. The form clears once the server took it. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const isAgent = useSession()?.account.role === 'agent';
  const pending = usePasswordChangePending();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '');
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await changePassword({ currentPassword: field('current'), newPassword: field('new'), repeat: field('repeat') });
      form.reset();
      setNotice(t('password.done'));
    } catch (e) {
      setError(describeError(e, t));
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="card" aria-label={t('password.title')} noValidate>
      <h1>{t('password.title')}</h1>
      <p className="hint">{t('password.hint')}</p>
      {isAgent && <p className="hint">{t('password.agentHint')}</p>}
      {pending && (
        <p className="notice" role="status">
          {t('password.pending')}
        </p>
      )}
      <label>
        {t('password.current')}
        <input name="current" type="password" autoComplete="current-password" required />
      </label>
      <label>
        {t('password.new')}
        <input name="new" type="password" autoComplete="new-password" minLength={8} maxLength={200} required />
      </label>
      <label>
        {t('password.repeat')}
        <input name="repeat" type="password" autoComplete="new-password" minLength={8} maxLength={200} required />
      </label>
      <Feedback notice={notice} error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('password.saving') : t('password.save')}
      </button>
    </form>
  );
}
