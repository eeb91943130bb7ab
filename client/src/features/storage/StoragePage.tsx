import { useState } from 'react';
import { saveFile } from '../../app/save-file.ts';
import { useDeviceStorage } from '../../data/queries.ts';
import { askPersistentStorage } from '../../data/storage.ts';
import { ledgerWitnessFile, useWitnessCount } from '../../data/witnesses.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatBytes, NEARLY_FULL } from './format-bytes.ts';

/** 设备存储: whether the browser keeps the data for good, how much room is used, what waits to upload. */
export function StoragePage() {
  const { t } = useI18n();
  const [reads, setReads] = useState(0);
  const storage = useDeviceStorage(reads);
  const witnesses = useWitnessCount();
  if (!storage) return <p className="loading">{t('common.loading')}</p>;
  const { persisted, usage, quota, pendingPhotos } = storage;
  const share = usage !== undefined && quota ? usage / quota : undefined;
  return (
    <section className="card" aria-labelledby="storage-title" data-testid="device-storage">
      <h2 id="storage-title">{t('storage.title')}</h2>
      {persisted === undefined ? (
        <p className="hint">{t('storage.unknown')}</p>
      ) : (
        <p data-testid="persisted">
          {persisted ? t('storage.persisted') : t('storage.notPersisted')}{' '}
          {!persisted && (
            <button type="button" onClick={() => void askPersistentStorage().then(() => setReads((n) => n + 1))}>
              {t('storage.ask')}
            </button>
          )}
        </p>
      )}
      {usage !== undefined && quota !== undefined && (
        <p data-testid="usage">
          {t('storage.usage', { used: formatBytes(usage), quota: formatBytes(quota), percent: Math.round((share ?? 0) * 100) })}
        </p>
      )}
      {share !== undefined && share >= NEARLY_FULL && (
        <p className="error" role="alert">
          {t('storage.nearlyFull')}
        </p>
      )}
      <p data-testid="pending-photos">
        {pendingPhotos.count > 0
          ? t('storage.photos', { count: pendingPhotos.count, size: formatBytes(pendingPhotos.bytes) })
          : t('storage.noPhotos')}
      </p>
      {witnesses !== undefined && witnesses > 0 && (
        <p>
          <button type="button" onClick={() => void ledgerWitnessFile().then(({ blob, name }) => saveFile(blob, name))}>
            {t('storage.exportWitnesses', { count: witnesses })}
          </button>
        </p>
      )}
    </section>
  );
}
