import type { AccountListing, EnrolmentCode } from '@daiban/schemas';
import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { useAccounts } from '../../data/account-admin.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { AccountForm } from './AccountForm.tsx';
import { DeviceAdminList } from './DeviceAdminList.tsx';

/** 账号与设备 (admin): accounts, creating one, tablet enrolment codes (shown once) and devices with revoke. */
export function AccountsPage() {
  const { t, lang } = useI18n();
  const { accounts, villages, error: loadError, create, disable, issueCode } = useAccounts();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [code, setCode] = useState<EnrolmentCode & { name: string }>();
  const [confirming, setConfirming] = useState<string>();
  const villageName = (id: string | null) => villages.find((v) => v.id === id)?.name ?? '';
  const done = (n?: string, e?: string) => {
    setNotice(n);
    setError(e);
  };
  const run = (action: () => Promise<string>) => {
    done();
    action().then(done, (e: unknown) => done(undefined, describeError(e, t)));
  };

  const showCode = (a: AccountListing) => {
    done();
    issueCode(a.id).then(
      (issued) => setCode({ ...issued, name: a.displayName }),
      (e: unknown) => done(undefined, describeError(e, t)),
    );
  };

  const describe = (a: AccountListing) =>
    a.role === 'agent'
      ? `${villageName(a.villageId)} · ${a.post === 'B' ? t('accounts.postB') : t('accounts.postA')}`
      : t(`role.${a.role}`);

  return (
    <section>
      <h1>{t('accounts.title')}</h1>
      <Feedback notice={notice} error={error ?? loadError} />
      {code && (
        <div className="card notice-card" role="status" data-testid="enrolment-code">
          <p>{t('accounts.codeFor', { name: code.name })}</p>
          <p className="big-code">
            {code.code.slice(0, 4)}-{code.code.slice(4)}
          </p>
          <p className="hint">{t('accounts.codeOnce', { time: new Date(code.expiresAt).toLocaleString(lang) })}</p>
          <button type="button" onClick={() => setCode(undefined)}>
            {t('accounts.codeHide')}
          </button>
        </div>
      )}
      <AccountForm
        villages={villages}
        onCreate={(request) =>
          create(request).then(
            (a) => done(t('accounts.created', { name: a.displayName, username: a.username })),
            (e: unknown) => done(undefined, describeError(e, t)),
          )
        }
      />
      <div className="card">
        <h2>{t('accounts.list')}</h2>
        <ul className="case-list" data-testid="account-list">
          {accounts?.map((a) => (
            <li key={a.id} className="case-row" data-testid={`account-${a.username}`}>
              <span className="who">
                {a.displayName} <small>{a.username}</small>
              </span>
              <span className="hint">{describe(a)}</span>
              {a.disabledAt && <span className="badge status-rejected">{t('accounts.disabled')}</span>}
              {a.role === 'agent' && !a.disabledAt && (
                <button type="button" onClick={() => showCode(a)}>
                  {t('accounts.issueCode')}
                </button>
              )}
              {a.role !== 'admin' &&
                !a.disabledAt &&
                (confirming === a.id ? (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirming(undefined);
                      run(async () => {
                        await disable(a.id);
                        return t('accounts.disabledNotice', { name: a.displayName });
                      });
                    }}
                  >
                    {t('accounts.confirmDisable')}
                  </button>
                ) : (
                  <button type="button" onClick={() => setConfirming(a.id)}>
                    {t('accounts.disable')}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      </div>
      <DeviceAdminList onDone={done} />
    </section>
  );
}
