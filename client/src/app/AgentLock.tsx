import type { ReactNode } from 'react';
import { useEffect } from 'react';
import type { SignedIn } from '../data/db.ts';
import { useLockInfo, useVaultOpen } from '../data/queries.ts';
import { prepareRecordIndex, syncLoop } from '../data/services.ts';
import { ChoosePinPage } from '../features/lock/ChoosePinPage.tsx';
import { LockScreen } from '../features/lock/LockScreen.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useIdleLock } from './idle-lock.ts';
import { useScreenLock } from './screen-lock.ts';

/**
 * The agent's tablet shows nothing of its records until unlocked: its records are sealed until the
 * PIN (or the password) opens the vault at each start of the app, a PIN must be chosen first, and
 * every idle spell of IDLE_LOCK_MS locks the screen again. Sync runs while the vault is open, the
 * screen locked or not. The record index the lists and searches read is built as soon as the vault
 * opens, so that the first list or search after unlocking finds it ready (record-index.ts): not while
 * the lock screen waits, which reading every case would keep from answering the PIN on a slow tablet.
 */
export function AgentLock({ signedIn, children }: { signedIn: SignedIn; children: ReactNode }) {
  const { t } = useI18n();
  const lock = useLockInfo();
  const vaultOpen = useVaultOpen();
  const screen = useScreenLock();
  useIdleLock(vaultOpen === true && lock?.hasPin === true && screen !== 'locked');
  useEffect(() => {
    if (!vaultOpen) return;
    syncLoop.start();
    prepareRecordIndex('cases');
    prepareRecordIndex('applicants');
    return () => syncLoop.stop();
  }, [vaultOpen]);
  if (lock === undefined || vaultOpen === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (!vaultOpen) return <LockScreen signedIn={signedIn} hasPin={lock.hasPin} />;
  if (!lock.hasPin || screen === 'choosePin') return <ChoosePinPage canKeepPin={lock.hasPin} />;
  if (screen === 'locked') return <LockScreen signedIn={signedIn} hasPin />;
  return children;
}
