import { useDeviceHealth } from '../../data/review.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** Devices silent for more than a day, with a stuck queue, or whose sequence went backwards. */
export function DeviceList() {
  const { t, lang } = useI18n();
  const { devices } = useDeviceHealth();
  const worrying = devices?.filter((d) => d.silent || d.stuck || (d.resetDetectedAt && !d.goodbyeAt)) ?? [];
  if (worrying.length === 0) return null;
  return (
    <div className="card notice-card">
      <h2>{t('devices.title', { count: worrying.length })}</h2>
      <ul className="case-list">
        {worrying.map((d) => (
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
            {d.silent && <span className="badge pending">{t('devices.silent')}</span>}
            {d.stuck && (
              <span className="badge status-rejected" title={d.lastPushError ?? ''}>
                {t('devices.stuck', { count: d.pushFailures })}
              </span>
            )}
            {d.resetDetectedAt && <span className="badge status-rejected">{t('devices.reset')}</span>}
            {d.lastPushError && <span className="hint">{d.lastPushError}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
