import type { CreateServiceItemRequest, ServiceItem } from '@daiban/schemas';
import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { editRequestOf, useCatalogAdmin, useCatalogHistory } from '../../data/catalog-admin.ts';
import { useSession } from '../../data/queries.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CountyFollowing } from './CountyFollowing.tsx';
import { ItemHistory } from './ItemHistory.tsx';
import { ServiceItemForm } from './ServiceItemForm.tsx';

/**
 * 事项管理 (admin): the catalog's newest versions, a form to create an item or publish a new
 * version of one, and the versions already published (never changed; cases keep theirs). In a
 * county, an item shows whether it follows the county's and can be made to follow it again.
 */
export function CatalogAdminPage() {
  const { t } = useI18n();
  const { items, error: loadError, create, edit, followCounty } = useCatalogAdmin();
  // A township of a county holds some items from the county catalog; one on its own has only its own.
  const isInCounty = Boolean(useSession()?.county);
  const [editing, setEditing] = useState<ServiceItem | 'new'>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const current = editing === 'new' || !editing ? undefined : editing;
  const history = useCatalogHistory(current?.code, current?.version);

  const save = async (request: CreateServiceItemRequest) => {
    setError(undefined);
    setNotice(undefined);
    try {
      const saved = current ? await edit(current.code, editRequestOf(request, current)) : await create(request);
      setEditing(undefined);
      setNotice(t('catalogAdmin.published', { name: saved.name, version: saved.version }));
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const follow = async () => {
    if (!current) return;
    setError(undefined);
    setNotice(undefined);
    try {
      const followed = await followCounty(current.code);
      setEditing(undefined);
      setNotice(t('catalogAdmin.followed', { name: followed.name, version: followed.version }));
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <section>
      <h1>{t('catalogAdmin.title')}</h1>
      <Feedback notice={notice} error={error ?? loadError} />
      {editing ? (
        <>
          <ServiceItemForm
            key={current ? `${current.code}@${current.version}` : 'new'}
            item={current ?? null}
            onSave={save}
            onCancel={() => setEditing(undefined)}
          />
          {history && (
            <div className="card">
              {isInCounty && <CountyFollowing history={history} onFollow={() => void follow()} />}
              <ItemHistory versions={history.versions} />
            </div>
          )}
        </>
      ) : (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('catalogAdmin.new')}
        </button>
      )}
      <ul className="case-list" data-testid="catalog-admin-list">
        {items?.map((item) => (
          <li key={item.code} className="case-row" data-testid={`item-${item.code}`}>
            <span className="case-number">{item.code}</span>
            <span className="who">{item.name}</span>
            <span className="badge">{t(`dept.${item.department}`)}</span>
            <span className="hint">{t('case.timeLimit', { days: item.timeLimitDays })}</span>
            <span className="hint">{t('catalog.version', { version: item.version })}</span>
            {item.retired && <span className="badge status-rejected">{t('catalogAdmin.retired')}</span>}
            <button type="button" onClick={() => setEditing(item)}>
              {t('catalogAdmin.edit')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
