import { type FormEvent, useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { signIn } from '../../data/session.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { NetworkError } from '../../sync/api-client.ts';

export function LoginPage() {
  const { t, toggle } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await signIn({
        username: String(form.get('username') ?? ''),
        password: String(form.get('password') ?? ''),
        deviceName: String(form.get('deviceName') ?? '') || t('login.deviceNameDefault'),
      });
    } catch (e) {
      setError(e instanceof NetworkError ? t('login.offline') : describeError(e, t));
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <button type="button" className="link lang" onClick={toggle}>
        {t('lang.switch')}
      </button>
      <h1>
        {t('app.title')} <small>{t('app.subtitle')}</small>
      </h1>
      <form onSubmit={submit} className="card">
        <h2>{t('login.title')}</h2>
        <p className="hint">{t('login.hint')}</p>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" required autoCapitalize="none" />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <label>
          {t('login.deviceName')}
          <input name="deviceName" defaultValue={t('login.deviceNameDefault')} />
        </label>
        <Feedback error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
