import type { Session } from '@daiban/schemas';
import type { ReactNode } from 'react';
import { useLockInfo } from '../data/queries.ts';
import { ChoosePinPage } from '../features/lock/ChoosePinPage.tsx';
import { LockScreen } from '../features/lock/LockScreen.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useIdleLock } from './idle-lock.ts';
import { useScreenLock } from './screen-lock.ts';

/**
 * The agent's tablet shows nothing of its records until unlocked: a PIN must be chosen first,
 * every start of the app is locked, and so is every idle spell of IDLE_LOCK_MS.
 */
export function AgentLock({ session, children }: { session: Session; children: ReactNode }) {
  const { t } = useI18n();
  const lock = useLockInfo();
  const screen = useScreenLock();
  useIdleLock(lock?.hasPin === true && screen !== 'locked');
  if (lock === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (!lock.hasPin || screen === 'choosePin') return <ChoosePinPage />;
  if (screen === 'locked') return <LockScreen session={session} />;
  return children;
}
