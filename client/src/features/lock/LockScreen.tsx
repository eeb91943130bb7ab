import type { Session } from '@daiban/schemas';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { PasswordCheck } from './PasswordCheck.tsx';
import { PinUnlock } from './PinUnlock.tsx';

/**
 * Covers the whole app while locked: nothing of the village's records is rendered behind it.
 * The PIN unlocks offline; a forgotten PIN needs the account password, checked online.
 */
export function LockScreen({ session }: { session: Session }) {
  const { t } = useI18n();
  const [forgot, setForgot] = useState(false);
  return (
    <main className="login" data-testid="lock-screen">
      <h1>
        {t('app.title')} <small>{t('lock.title')}</small>
      </h1>
      <p className="hint">{t('lock.account', { name: session.account.displayName, username: session.account.username })}</p>
      {forgot ? (
        <PasswordCheck username={session.account.username} onBack={() => setForgot(false)} />
      ) : (
        <PinUnlock onForgot={() => setForgot(true)} />
      )}
    </main>
  );
}
