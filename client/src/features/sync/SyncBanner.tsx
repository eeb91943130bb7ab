import { Link } from 'wouter';
import { useClockInfo } from '../../data/clock.ts';
import { useDeviceStorage, useSyncInfo } from '../../data/queries.ts';
import { syncLoop } from '../../data/services.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { NEARLY_FULL } from '../storage/format-bytes.ts';

/** Online/offline, how many changes wait, the last successful sync, and the "sync now" button. */
export function SyncBanner() {
  const { t, lang } = useI18n();
  const { status, pending, pendingPhotos, attention, lastSyncAt } = useSyncInfo();
  const storage = useDeviceStorage();
  const clock = useClockInfo();
  const nearlyFull = storage?.usage !== undefined && !!storage.quota && storage.usage / storage.quota >= NEARLY_FULL;
  const waiting = [
    pending > 0 ? t('sync.pending', { count: pending }) : '',
    pendingPhotos > 0 ? t('sync.pendingPhotos', { count: pendingPhotos }) : '',
  ].filter(Boolean);
  const connection = status.connection === 'unknown' ? '…' : t(`sync.${status.connection}`);
  const retryAt =
    status.connection !== 'online' && status.phase !== 'syncing' && status.nextAttemptAt
      ? new Date(status.nextAttemptAt).toLocaleTimeString(lang)
      : undefined;
  return (
    <div className={`sync-banner ${status.connection}`} role="status" data-testid="sync-banner">
      <span className="dot" aria-hidden />
      <span data-testid="connection">{connection}</span>
      {retryAt && <span data-testid="next-attempt">{t('sync.retryAt', { time: retryAt })}</span>}
      <span data-testid="pending">{waiting.length > 0 ? waiting.join(t('common.listSeparator')) : t('sync.allSynced')}</span>
      {attention > 0 && (
        <Link href="/attention" className="attention">
          {t('sync.attention', { count: attention })}
        </Link>
      )}
      <Link href="/storage" className={nearlyFull ? 'error' : undefined}>
        {nearlyFull ? t('storage.nearlyFull') : t('storage.link')}
      </Link>
      <span className="last-sync">
        {lastSyncAt ? t('sync.lastSync', { time: new Date(lastSyncAt).toLocaleString(lang) }) : t('sync.never')}
      </span>
      {status.phase === 'syncing' && <span>{t('sync.syncing')}</span>}
      {status.upload && (
        <span data-testid="upload-progress">
          {t('sync.progress', { done: formatMb(status.upload.done), total: formatMb(status.upload.total) })}
        </span>
      )}
      {status.phase === 'error' && status.error && (
        <span className="error" role="alert">
          {status.failures > 1 && `${t('sync.failing', { count: status.failures })}：`}
          {t('sync.error', { message: status.error })}
        </span>
      )}
      {status.uploadError && (
        <span className="error" role="alert" data-testid="upload-error">
          {describeError(status.uploadError, t)}
        </span>
      )}
      {clock?.wrong && (
        <span className="error" role="alert" data-testid="clock-skew">
          {t('sync.clockSkew', { minutes: Math.round(Math.abs(clock.offsetMs ?? 0) / 60_000) })}
        </span>
      )}
      {status.phase === 'revoked' && (
        <span className="error" role="alert" data-testid="device-revoked">
          {t('sync.revoked')}
        </span>
      )}
      <button
        type="button"
        onClick={() => void syncLoop.syncNow()}
        disabled={status.phase === 'syncing' || status.phase === 'revoked'}
      >
        {t('sync.now')}
      </button>
    </div>
  );
}

function formatMb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
