import { type FormEvent, useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { enrolWithCode, signIn } from '../../data/session.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { NetworkError } from '../../sync/api-client.ts';

/** Enrols this device: by signing in with a password, or with the one-time code the township admin issued. */
export function LoginPage() {
  const { t, toggle } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [withCode, setWithCode] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    const username = field('username');
    const deviceName = field('deviceName') || t(defaultDeviceName());
    setBusy(true);
    setError(undefined);
    try {
      if (withCode) {
        const newPassword = field('newPassword');
        await enrolWithCode({ username, code: field('code'), deviceName, ...(newPassword ? { newPassword } : {}) });
      } else {
        await signIn({ username, password: field('password'), deviceName });
      }
    } catch (e) {
      setError(e instanceof NetworkError ? t('login.offline') : describeError(e, t));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <button type="button" className="link lang" onClick={toggle}>
        {t('lang.switch')}
      </button>
      <h1>
        {t('app.title')} <small>{t('app.subtitle')}</small>
      </h1>
      <form onSubmit={submit} className="card" key={withCode ? 'code' : 'password'}>
        <h2>{withCode ? t('enrol.title') : t('login.title')}</h2>
        <p className="hint">{withCode ? t('enrol.hint') : t('login.hint')}</p>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" required autoCapitalize="none" />
        </label>
        {withCode ? (
          <>
            <label>
              {t('enrol.code')}
              <input name="code" required autoCapitalize="characters" autoComplete="one-time-code" spellCheck={false} />
            </label>
            <label>
              {t('enrol.newPassword')}
              <input name="newPassword" type="password" autoComplete="new-password" minLength={8} />
            </label>
          </>
        ) : (
          <label>
            {t('login.password')}
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
        )}
        <label>
          {t('login.deviceName')}
          <input name="deviceName" defaultValue={t(defaultDeviceName())} />
        </label>
        <Feedback error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.submitting') : withCode ? t('enrol.submit') : t('login.submit')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            setWithCode(!withCode);
            setError(undefined);
          }}
        >
          {withCode ? t('enrol.usePassword') : t('enrol.useCode')}
        </button>
      </form>
    </main>
  );
}

/**
 * The name a new device is offered: the same sign-in page serves the village tablet and the
 * township's office PC, so it goes by what this device is, not by who signs in.
 */
function defaultDeviceName(): MessageKey {
  return /Android|iPad|Tablet|Mobile/i.test(navigator.userAgent) ? 'login.deviceNameTablet' : 'login.deviceNameComputer';
}
