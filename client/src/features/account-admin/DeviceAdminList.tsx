import { useState } from 'react';
import { useDeviceHealth } from '../../data/review.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** Every device of the township; revoking one (asked twice) stops its token for good. */
export function DeviceAdminList({ onDone }: { onDone: (notice?: string, error?: string) => void }) {
  const { t, lang } = useI18n();
  const { devices, revoke } = useDeviceHealth();
  const [confirming, setConfirming] = useState<string>();
  const when = (at: string | null) => (at ? new Date(at).toLocaleString(lang) : t('enrolment.never'));
  return (
    <div className="card">
      <h2>{t('accounts.devices')}</h2>
      <ul className="case-list" data-testid="device-admin-list">
        {devices?.map((d) => (
          <li key={d.id} className="case-row" data-testid={`device-${d.id}`}>
            <span className="case-number">{d.code}</span>
            <span className="who">
              {d.name} · {d.accountName}
              {d.villageName ? ` · ${d.villageName}` : ''}
            </span>
            <span className="hint">{t('accounts.lastContact', { time: when(d.lastContactAt) })}</span>
            {d.revokedAt ? (
              <span className="badge status-rejected">
                {d.goodbyeAt ? t('accounts.signedOff') : t('accounts.revoked', { time: when(d.revokedAt) })}
              </span>
            ) : confirming === d.id ? (
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setConfirming(undefined);
                  revoke(d.id).then(
                    () => onDone(t('accounts.revokedNotice', { name: d.name, code: d.code })),
                    (e: unknown) => onDone(undefined, describeError(e, t)),
                  );
                }}
              >
                {t('accounts.confirmRevoke')}
              </button>
            ) : (
              <button type="button" onClick={() => setConfirming(d.id)}>
                {t('accounts.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
