import type { Case } from '@daiban/schemas';
import { useAgent, usePendingChanges } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { HistoryTime } from './HistoryTime.tsx';
import { historyLabel } from './history-label.ts';

/** Every event of the case from the ledger, then the tablet's own changes still waiting to sync. */
export function CaseTimeline({ c }: { c: Case }) {
  const { t, lang } = useI18n();
  const pending = usePendingChanges(c.id);
  const label = (type: string, materialKey?: string) => historyLabel(t, c, type, materialKey);
  return (
    <section className="card" aria-label={t('timeline.title')}>
      <h2>{t('timeline.title')}</h2>
      <ol className="timeline" data-testid="timeline">
        {(c.history ?? []).map((e) => (
          <li key={e.seq}>
            <HistoryTime at={e.at} recordedAt={e.recordedAt} /> {label(e.type, e.materialKey)} <Who id={e.by} />
          </li>
        ))}
        {pending?.map((e) => (
          <li key={`pending-${e.seq}`} className="pending">
            <time>{new Date(e.at).toLocaleString(lang)}</time> {label(e.type, e.materialKey)} {t('timeline.pending')}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Who({ id }: { id: string | null }) {
  const { t } = useI18n();
  const agent = useAgent(id ?? undefined);
  if (!id) return null;
  return <small>· {agent?.displayName ?? t('timeline.township')}</small>;
}
