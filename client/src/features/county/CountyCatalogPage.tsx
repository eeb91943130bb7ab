import type { CreateServiceItemRequest } from '@daiban/schemas';
import { useState } from 'react';
import { Link } from 'wouter';
import { Feedback } from '../../app/Feedback.tsx';
import { useCountyCatalog } from '../../data/county.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ServiceItemForm } from '../catalog-admin/ServiceItemForm.tsx';

/** 县级事项清单 (county): the county items' newest versions, each opening its page; a new county item. */
export function CountyCatalogPage() {
  const { t } = useI18n();
  const { items, error: loadError, publish } = useCountyCatalog();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();

  const create = async (request: CreateServiceItemRequest) => {
    setNotice(undefined);
    setError(undefined);
    try {
      const item = await publish(request, null);
      setCreating(false);
      setNotice(t('county.catalog.published', { name: item.name, version: item.version }));
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <section>
      <h1>{t('county.catalog.title')}</h1>
      <p className="hint">{t('county.catalog.hint')}</p>
      <Feedback notice={notice} error={error ?? loadError} />
      {creating ? (
        <ServiceItemForm item={null} onSave={create} onCancel={() => setCreating(false)} />
      ) : (
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('county.catalog.new')}
        </button>
      )}
      {items === undefined && loadError === undefined && <p className="loading">{t('common.loading')}</p>}
      {items?.length === 0 && <p className="empty">{t('county.catalog.empty')}</p>}
      <ul className="case-list" data-testid="county-catalog">
        {items?.map((item) => (
          <li key={item.code} className="case-row" data-testid={`county-item-${item.code}`}>
            <span className="case-number">{item.code}</span>
            <Link href={`/catalog/${item.code}`}>{item.name}</Link>
            <span className="badge">{t(`dept.${item.department}`)}</span>
            <span className="hint">{t('case.timeLimit', { days: item.timeLimitDays })}</span>
            <span className="hint">{t('catalog.version', { version: item.version })}</span>
            {item.retired && <span className="badge status-rejected">{t('catalogAdmin.retired')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
