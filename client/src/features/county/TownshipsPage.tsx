import type { CountyTownship } from '@daiban/schemas';
import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { useCountyOverview } from '../../data/county.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { AdminForm } from './AdminForm.tsx';
import { TownshipForm } from './TownshipForm.tsx';

/** 乡镇与管理员 (county): the county's townships with their size and administrators; new townships and admins. */
export function TownshipsPage() {
  const { t } = useI18n();
  const { overview, error: loadError, createTownship, addTownshipAdmin } = useCountyOverview();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [addingTo, setAddingTo] = useState<string>();

  /** Runs an action and says what it did; resolves whether it succeeded. */
  const run = async <T,>(action: Promise<T>, said: (result: T) => string): Promise<boolean> => {
    setNotice(undefined);
    setError(undefined);
    try {
      setNotice(said(await action));
      return true;
    } catch (e) {
      setError(describeError(e, t));
      return false;
    }
  };

  const admins = (township: CountyTownship) =>
    township.admins.length === 0
      ? t('county.township.noAdmin')
      : t('county.township.admins') +
        township.admins
          .map((a) => `${a.displayName}（${a.username}）${a.disabled ? t('county.township.adminDisabled') : ''}`)
          .join(t('common.listSeparator'));

  return (
    <section>
      <h1>{t('county.townships.title')}</h1>
      {overview && <p className="hint">{overview.county.name}</p>}
      <Feedback notice={notice} error={error ?? (loadError === undefined ? undefined : describeError(loadError, t))} />
      {creating ? (
        <TownshipForm
          onCancel={() => setCreating(false)}
          onCreate={async (request) => {
            const created = await run(createTownship(request), (township) =>
              t('county.township.created', { name: township.name, username: request.admin.username }),
            );
            if (created) setCreating(false);
            return created;
          }}
        />
      ) : (
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('county.township.create')}
        </button>
      )}
      {!overview && loadError === undefined && <p className="loading">{t('common.loading')}</p>}
      {overview?.townships.length === 0 && <p className="empty">{t('county.townships.empty')}</p>}
      <ul className="case-list" data-testid="county-townships">
        {overview?.townships.map((township) => (
          <li key={township.id} className="case-row" data-testid={`township-${township.code}`}>
            <span className="case-number">{township.code}</span>
            <span className="who">{township.name}</span>
            <span className="hint">{t('county.township.line', { villages: township.villages, agents: township.agents })}</span>
            <span>{admins(township)}</span>
            {addingTo === township.id ? (
              <AdminForm
                townshipName={township.name}
                onCancel={() => setAddingTo(undefined)}
                onCreate={async (request) => {
                  const added = await run(addTownshipAdmin(township.id, request), (admin) =>
                    t('county.admin.added', { township: township.name, name: admin.displayName, username: admin.username }),
                  );
                  if (added) setAddingTo(undefined);
                  return added;
                }}
              />
            ) : (
              <button type="button" onClick={() => setAddingTo(township.id)}>
                {t('county.admin.add')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
