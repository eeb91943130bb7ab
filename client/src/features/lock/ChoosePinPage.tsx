import { type FormEvent, useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { IDLE_LOCK_MS } from '../../app/idle-lock.ts';
import { setScreenLock } from '../../app/screen-lock.ts';
import { setPin } from '../../data/lock.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** After an online sign-in (or a forgotten PIN): the agent chooses the PIN that unlocks the tablet offline. */
export function ChoosePinPage() {
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await setPin(String(form.get('pin') ?? ''), String(form.get('again') ?? ''));
      setScreenLock('open');
    } catch (e) {
      setError(describeError(e, t));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <h1>{t('app.title')}</h1>
      <form onSubmit={submit} className="card pin-form" aria-label={t('pin.title')}>
        <h2>{t('pin.title')}</h2>
        <p className="hint">{t('pin.hint', { minutes: IDLE_LOCK_MS / 60_000 })}</p>
        <label htmlFor="pin-new">{t('pin.new')}</label>
        <PinInput name="pin" id="pin-new" />
        <label htmlFor="pin-again">{t('pin.again')}</label>
        <PinInput name="again" id="pin-again" />
        <Feedback error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('pin.saving') : t('pin.save')}
        </button>
      </form>
    </main>
  );
}

/** Six digits, typed on the number pad, never offered for autofill. */
export function PinInput({ name, id, disabled = false }: { name: string; id: string; disabled?: boolean }) {
  return (
    <input
      name={name}
      id={id}
      type="password"
      inputMode="numeric"
      pattern="[0-9]{6}"
      maxLength={6}
      autoComplete="off"
      required
      disabled={disabled}
    />
  );
}
