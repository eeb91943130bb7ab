import type { DeviceHealth } from '@daiban/schemas';
import { useDeviceHealth } from '../../data/review.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * Every device of the township with its last contact, what the ledger has from it and its clock,
 * the worrying ones first (silent for over a day, a stuck queue, a sequence that went backwards,
 * a wrong clock); says so when all are well.
 */
export function DeviceList() {
  const { t, lang } = useI18n();
  const { devices } = useDeviceHealth();
  if (!devices) return null;
  const worrying = devices.filter(needsALook).length;
  return (
    <div className={`card ${worrying > 0 ? 'notice-card' : ''}`} data-testid="device-list">
      <h2>{t('devices.title', { count: devices.length, worrying })}</h2>
      {worrying === 0 && <p className="notice">{t('devices.allWell')}</p>}
      <ul className="case-list">
        {devices.map((d) => (
          <li key={d.id} className="case-row" data-testid={`device-${d.code}`}>
            <span className="who">
              {t('devices.line', {
                village: d.villageName ?? '',
                account: d.accountName,
                code: d.code,
                name: d.name,
                seq: d.lastSeq,
                time: d.lastContactAt ? new Date(d.lastContactAt).toLocaleString(lang) : t('enrolment.never'),
              })}
            </span>
            {d.clockSkewMs !== null && (
              <span className={d.clockWrong ? 'badge status-rejected' : 'hint'} data-testid="device-clock">
                {t('devices.clock', { minutes: Math.round(d.clockSkewMs / 60_000) })}
              </span>
            )}
            {d.silent && <span className="badge pending">{t('devices.silent')}</span>}
            {d.stuck && (
              <span className="badge status-rejected" title={d.lastPushError ?? ''}>
                {t('devices.stuck', { count: d.pushFailures })}
              </span>
            )}
            {d.resetDetectedAt && <span className="badge status-rejected">{t('devices.reset')}</span>}
            {d.revokedAt && <span className="badge">{t('devices.revoked')}</span>}
            {d.lastPushError && <span className="hint">{d.lastPushError}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function needsALook(d: DeviceHealth): boolean {
  return d.silent || d.stuck || d.clockWrong || (!!d.resetDetectedAt && !d.goodbyeAt);
}
