import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { useVillageAdmin } from '../../data/village-admin.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { VillageForm } from './VillageForm.tsx';

/** 村（社区） (admin): the township's villages, and adding one; its agents are then created in 账号与设备. */
export function VillagesPage() {
  const { t } = useI18n();
  const { villages, error: loadError, create } = useVillageAdmin();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();

  return (
    <section>
      <h1>{t('villages.title')}</h1>
      <Feedback notice={notice} error={error ?? loadError} />
      <VillageForm
        onCreate={(request) => {
          setNotice(undefined);
          setError(undefined);
          return create(request).then(
            (v) => {
              setNotice(t('villages.added', { name: v.name, code: v.code }));
              return true;
            },
            (e: unknown) => {
              setError(describeError(e, t));
              return false;
            },
          );
        }}
      />
      <div className="card">
        <h2>{t('villages.list', { count: villages?.length ?? 0 })}</h2>
        {villages?.length === 0 && <p className="hint">{t('villages.empty')}</p>}
        <ul className="case-list" data-testid="village-list">
          {villages?.map((v) => (
            <li key={v.id} className="case-row" data-testid={`village-${v.code}`}>
              <span className="who">{v.name}</span>
              <span className="hint">{v.code}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
