import { caseStatusSchema } from '@daiban/schemas';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { Link } from 'wouter';
import { useWorkCalendar } from '../../data/calendar.ts';
import type { CaseFilter, CaseListing } from '../../data/case-search.ts';
import { useCaseListing, useCaseRows, useCatalog, useSession } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { DutyToday } from '../duty/DutyToday.tsx';
import { Countdown } from './Countdown.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** A row's usual height: the list's estimate before it measures the rows (大字 rows are taller). */
const ROW_HEIGHT = 84;

/** All cases on the tablet, filtered and searched by indexed queries; only the visible rows are rendered. */
export function CaseListPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<CaseFilter>({});
  const listing = useCaseListing(filter);
  const items = useCatalog();
  const session = useSession();
  const set = (patch: Partial<CaseFilter>) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <section className="case-list-page">
      <div className="page-head">
        <h1>{t('cases.title')}</h1>
        <Link href="/new" className="button primary">
          {t('nav.newCase')}
        </Link>
      </div>
      <DutyToday villageId={session?.village?.id} />
      <div className="filters">
        <input
          type="search"
          placeholder={t('cases.search')}
          aria-label={t('cases.search')}
          value={filter.text ?? ''}
          onChange={(e) => set({ text: e.target.value || undefined })}
        />
        <select
          aria-label={t('case.status')}
          value={filter.status ?? ''}
          onChange={(e) => set({ status: caseStatusSchema.safeParse(e.target.value).data })}
        >
          <option value="">{t('cases.allStatuses')}</option>
          {caseStatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('case.item')}
          value={filter.itemCode ?? ''}
          onChange={(e) => set({ itemCode: e.target.value || undefined })}
        >
          <option value="">{t('cases.allItems')}</option>
          {items?.map((i) => (
            <option key={i.code} value={i.code}>
              {i.name}
            </option>
          ))}
        </select>
        <label className="inline">
          {t('cases.from')}
          <input type="date" value={filter.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
        </label>
        <label className="inline">
          {t('cases.to')}
          <input type="date" value={filter.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
        </label>
        <div className="chips">
          {([undefined, 'overdue', 'soon'] as const).map((due) => (
            <button key={due ?? 'all'} type="button" className={filter.due === due ? 'chosen' : ''} onClick={() => set({ due })}>
              {t(due ? `cases.due.${due}` : 'cases.due.any')}
            </button>
          ))}
        </div>
      </div>
      {listing === undefined ? (
        <p className="loading">{t('common.loading')}</p>
      ) : listing.count === 0 ? (
        <p className="empty">{Object.keys(filter).length === 0 ? t('cases.empty') : t('cases.noMatch')}</p>
      ) : (
        <>
          <p className="hint" data-testid="case-count">
            {t('cases.count', { count: listing.count })}
          </p>
          <VirtualCaseList listing={listing} />
        </>
      )}
    </section>
  );
}

function VirtualCaseList({ listing }: { listing: CaseListing }) {
  const { t } = useI18n();
  const calendar = useWorkCalendar();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: listing.count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const visible = virtualizer.getVirtualItems();
  const start = visible[0]?.index ?? 0;
  const shown = listing.ids.slice(start, start + visible.length);
  const rows = useCaseRows(shown);

  return (
    <div ref={scroller} className="virtual-scroller" data-testid="case-list">
      <ul className="case-list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {visible.map((v) => {
          const id = shown[v.index - start];
          const row = id === undefined ? undefined : rows?.get(id);
          return (
            <li
              key={v.key}
              data-index={v.index}
              // Rows are measured, not fixed: in 大字 or a narrow screen a row wraps and grows.
              ref={virtualizer.measureElement}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                minHeight: ROW_HEIGHT,
                transform: `translateY(${v.start}px)`,
              }}
            >
              {row && (
                <Link href={`/cases/${row.case.id}`} className="case-row">
                  <span className="case-number">{row.case.caseNumber}</span>
                  <span className="who">{row.applicantName}</span>
                  <span className="what">{row.itemName}</span>
                  <StatusBadge status={row.case.status} />
                  {row.pendingSync && <span className="badge pending">{t('cases.pendingSync')}</span>}
                  <Countdown dueDate={row.case.dueDate} status={row.case.status} calendar={calendar} />
                </Link>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
