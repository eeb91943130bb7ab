import { type FormEvent, useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { setScreenLock } from '../../app/screen-lock.ts';
import { confirmPassword } from '../../data/session.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { NetworkError } from '../../sync/api-client.ts';

/** A forgotten PIN: the account password, checked online; then a new PIN. The device keeps all its data. */
export function PasswordCheck({ username, onBack }: { username: string; onBack: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    setBusy(true);
    setError(undefined);
    try {
      await confirmPassword(password);
      setScreenLock('choosePin');
    } catch (e) {
      setError(e instanceof NetworkError ? t('lock.offline') : describeError(e, t));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card" aria-label={t('lock.forgot')}>
      <p className="hint">{t('lock.passwordHint', { username })}</p>
      <label>
        {t('lock.password')}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <Feedback error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('lock.confirmPassword')}
      </button>
      <button type="button" className="link" onClick={onBack}>
        {t('lock.backToPin')}
      </button>
    </form>
  );
}
