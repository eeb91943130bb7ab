import { type FormEvent, useEffect, useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { setScreenLock } from '../../app/screen-lock.ts';
import { FREE_ATTEMPTS, verifyPin } from '../../data/lock.ts';
import { useLockInfo } from '../../data/queries.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PinInput } from './ChoosePinPage.tsx';

/** The PIN form, with the wait after too many wrong PINs counting down (it survives a reload). */
export function PinUnlock({ onForgot }: { onForgot: () => void }) {
  const { t } = useI18n();
  const lock = useLockInfo();
  const now = useNowWhile((lock?.waitUntil ?? 0) > Date.now());
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const failures = lock?.failures ?? 0;
  const waitMs = Math.max(0, (lock?.waitUntil ?? 0) - now);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const pin = String(new FormData(form).get('pin') ?? '');
    form.reset();
    setBusy(true);
    setError(undefined);
    try {
      if ((await verifyPin(pin)).outcome === 'unlocked') setScreenLock('open');
    } catch (e) {
      setError(describeError(e, t));
    }
    setBusy(false);
  }

  const status =
    waitMs > 0
      ? t('lock.wait', { count: failures, time: formatWait(waitMs) })
      : failures > 0 && failures < FREE_ATTEMPTS
        ? t('lock.attemptsLeft', { count: FREE_ATTEMPTS - failures })
        : failures > 0
          ? t('lock.wrong')
          : undefined;

  return (
    <form onSubmit={submit} className="card pin-form" aria-label={t('lock.unlock')}>
      <p className="hint">{t('lock.hint')}</p>
      <label htmlFor="pin-unlock">{t('lock.pin')}</label>
      <PinInput name="pin" id="pin-unlock" disabled={waitMs > 0} />
      <Feedback error={status ?? error} />
      <button type="submit" className="primary big" disabled={busy || waitMs > 0}>
        {busy ? t('lock.checking') : t('lock.unlock')}
      </button>
      <button type="button" className="link" onClick={onForgot}>
        {t('lock.usePassword')}
      </button>
    </form>
  );
}

/** The time, ticking every second while `ticking` holds. */
function useNowWhile(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/** 14:05 — minutes and seconds. */
function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
