import { type FormEvent, useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { setScreenLock } from '../../app/screen-lock.ts';
import { unlockWithPassword } from '../../data/lock.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { NetworkError } from '../../sync/api-client.ts';

/**
 * The account password: it opens the tablet on its own, offline (a forgotten PIN, or a restart
 * without the township link); then the agent may choose a new PIN. A tablet without a PIN yet
 * checks the password online the first time. The device keeps all its data.
 */
export function PasswordCheck({ username, hasPin, onBack }: { username: string; hasPin: boolean; onBack: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const password = String(new FormData(form).get('password') ?? '');
    setBusy(true);
    setError(undefined);
    try {
      const check = await unlockWithPassword(password);
      if (check.outcome === 'unlocked') {
        setScreenLock('choosePin');
        return;
      }
      form.reset();
      setError(
        check.outcome === 'wrong' && check.waitUntil === 0
          ? t('lock.wrongPassword')
          : t('lock.passwordWait', {
              count: check.outcome === 'wrong' ? check.failures : '',
              time: new Date(check.waitUntil).toLocaleTimeString(),
            }),
      );
    } catch (e) {
      setError(e instanceof NetworkError ? t('lock.offline') : describeError(e, t));
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="card" aria-label={t('lock.usePassword')}>
      <p className="hint">{t(hasPin ? 'lock.passwordHint' : 'lock.noPinHint', { username })}</p>
      <label>
        {t('lock.password')}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <Feedback error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('lock.confirmPassword')}
      </button>
      {hasPin && (
        <button type="button" className="link" onClick={onBack}>
          {t('lock.backToPin')}
        </button>
      )}
    </form>
  );
}
