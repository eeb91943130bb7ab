import { useState } from 'react';
import type { SignedIn } from '../../data/db.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { PasswordCheck } from './PasswordCheck.tsx';
import { PinUnlock } from './PinUnlock.tsx';

/**
 * Covers the whole app while locked: nothing of the village's records is rendered behind it, and
 * after a start of the app nothing of them can even be read until it opens. The PIN unlocks (after
 * a start, with the township server's key share); the password unlocks on the tablet alone.
 */
export function LockScreen({ signedIn, hasPin }: { signedIn: SignedIn; hasPin: boolean }) {
  const { t } = useI18n();
  const [usePassword, setUsePassword] = useState(false);
  return (
    <main className="login" data-testid="lock-screen">
      <h1>
        {t('app.title')} <small>{t('lock.title')}</small>
      </h1>
      <p className="hint">{t('lock.account', { name: signedIn.displayName, username: signedIn.username })}</p>
      {hasPin && !usePassword ? (
        <PinUnlock onForgot={() => setUsePassword(true)} />
      ) : (
        <PasswordCheck username={signedIn.username} hasPin={hasPin} onBack={() => setUsePassword(false)} />
      )}
    </main>
  );
}
