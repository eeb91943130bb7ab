import { type Department, departmentSchema } from '@daiban/schemas';
import { useState } from 'react';
import { Link } from 'wouter';
import { useCatalog } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The service catalog (事项清单), searchable by name or keyword and by department, offline. */
export function CatalogPage() {
  const { t } = useI18n();
  const [term, setTerm] = useState('');
  const [department, setDepartment] = useState<Department>();
  const items = useCatalog(term, department);
  return (
    <section>
      <h1>{t('catalog.title')}</h1>
      <input type="search" placeholder={t('catalog.search')} value={term} onChange={(e) => setTerm(e.target.value)} />
      <div className="chips">
        <button type="button" className={department ? '' : 'chosen'} onClick={() => setDepartment(undefined)}>
          {t('catalog.all')}
        </button>
        {departmentSchema.options.map((d) => (
          <button key={d} type="button" className={department === d ? 'chosen' : ''} onClick={() => setDepartment(d)}>
            {t(`dept.${d}`)}
          </button>
        ))}
      </div>
      {items?.length === 0 && <p className="empty">{t('catalog.empty')}</p>}
      <ul className="case-list">
        {items?.map((item) => (
          <li key={item.code}>
            <Link href={`/catalog/${item.code}`} className="case-row">
              <span className="who">{item.name}</span>
              <span className="badge">{t(`dept.${item.department}`)}</span>
              <span className="hint">{t('case.timeLimit', { days: item.timeLimitDays })}</span>
              {item.homeVisit && <span className="badge">{t('catalog.homeVisit')}</span>}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
