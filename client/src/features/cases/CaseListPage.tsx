import { Link } from 'wouter';
import { useCaseList } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function CaseListPage() {
  const { t } = useI18n();
  const rows = useCaseList();
  if (!rows) return <p className="loading">{t('common.loading')}</p>;
  return (
    <section>
      <div className="page-head">
        <h1>{t('cases.title')}</h1>
        <Link href="/new" className="button primary">
          {t('nav.newCase')}
        </Link>
      </div>
      {rows.length === 0 ? (
        <p className="empty">{t('cases.empty')}</p>
      ) : (
        <ul className="case-list">
          {rows.map((row) => (
            <li key={row.case.id}>
              <Link href={`/cases/${row.case.id}`} className="case-row">
                <span className="case-number">{row.case.caseNumber}</span>
                <span className="who">{row.applicantName}</span>
                <span className="what">{row.itemName}</span>
                <StatusBadge status={row.case.status} />
                {row.pendingSync && <span className="badge pending">{t('cases.pendingSync')}</span>}
                {row.case.dueDate && <span className="due">{t('cases.due', { date: row.case.dueDate })}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
