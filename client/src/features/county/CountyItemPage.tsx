import type { CreateServiceItemRequest, TownshipItemState } from '@daiban/schemas';
import { useState } from 'react';
import { Link } from 'wouter';
import { Feedback } from '../../app/Feedback.tsx';
import { publishCountyItem, useCountyItem } from '../../data/county.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ServerError } from '../../sync/api-client.ts';
import { ItemHistory } from '../catalog-admin/ItemHistory.tsx';
import { ServiceItemForm } from '../catalog-admin/ServiceItemForm.tsx';

/**
 * One county item: its newest version (edited into the next one), where each township stands with
 * it (uses the county's, has its own version, or does not have it) and every published version.
 */
export function CountyItemPage({ code }: { code: string }) {
  const { t } = useI18n();
  const { history, error: loadError, reload } = useCountyItem(code);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();

  const back = <Link href="/catalog">← {t('common.back')}</Link>;
  if (loadError instanceof ServerError && loadError.reason === 'not_found') {
    return (
      <section>
        {back}
        <p className="empty">{t('county.item.notFound')}</p>
      </section>
    );
  }
  if (!history) {
    return (
      <section>
        {back}
        <Feedback error={loadError === undefined ? undefined : describeError(loadError, t)} />
        {loadError === undefined && <p className="loading">{t('common.loading')}</p>}
      </section>
    );
  }
  const { item } = history;

  const save = async (request: CreateServiceItemRequest) => {
    setNotice(undefined);
    setError(undefined);
    try {
      const saved = await publishCountyItem(request, item);
      setEditing(false);
      setNotice(t('county.catalog.published', { name: saved.name, version: saved.version }));
      await reload();
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const state = (s: TownshipItemState) =>
    s.version === null ? t('county.item.none') : s.follows ? t('county.item.follows') : t('county.item.own');

  return (
    <section>
      {back}
      <h1>{item.name}</h1>
      <p className="hint">
        {item.code} · {t(`dept.${item.department}`)} · {t('case.timeLimit', { days: item.timeLimitDays })} ·{' '}
        {t('catalog.version', { version: item.version })}
        {item.retired && ` · ${t('catalogAdmin.retired')}`}
      </p>
      <Feedback notice={notice} error={error} />
      {editing ? (
        <ServiceItemForm key={item.version} item={item} onSave={save} onCancel={() => setEditing(false)} />
      ) : (
        <div className="actions-row">
          <button type="button" className="primary" onClick={() => setEditing(true)}>
            {t('catalogAdmin.edit')}
          </button>
        </div>
      )}
      <div className="card">
        <h2 id="item-townships">{t('county.item.townships')}</h2>
        <table className="state-table" aria-labelledby="item-townships" data-testid="item-townships">
          <thead>
            <tr>
              <th scope="col">{t('county.item.township')}</th>
              <th scope="col">{t('county.item.townshipVersion')}</th>
              <th scope="col">{t('county.item.state')}</th>
            </tr>
          </thead>
          <tbody>
            {history.townships.map((s) => (
              <tr key={s.townshipId}>
                <th scope="row">{s.townshipName}</th>
                <td>{s.version === null ? t('report.none') : t('catalog.version', { version: s.version })}</td>
                <td>{state(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <ItemHistory versions={history.versions} />
      </div>
    </section>
  );
}
