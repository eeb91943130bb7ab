import type { ReactNode } from 'react';
import { useDbState } from '../data/db-state.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Shows why the app cannot start yet instead of "loading" forever: another window holds the old
 * database version, or another window upgraded it and this page's code is too old.
 */
export function DbGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const db = useDbState();
  if (db.state === 'ready') return children;
  if (db.state === 'opening') return <p className="loading">{t('common.loading')}</p>;
  if (db.state === 'blocked') {
    return (
      <div className="fatal" role="alert" data-testid="db-blocked">
        <h1>{t('pwa.dbBlocked')}</h1>
        <p>{t('pwa.dbBlockedHint')}</p>
      </div>
    );
  }
  return (
    <div className="fatal" role="alert" data-testid={db.state === 'replaced' ? 'db-replaced' : 'db-failed'}>
      <h1>{db.state === 'replaced' ? t('pwa.reloadNeeded') : t('pwa.dbFailed')}</h1>
      {db.state === 'failed' && <p>{db.error.message}</p>}
      <p>{t('fatal.safe')}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('pwa.reload')}
      </button>
    </div>
  );
}
