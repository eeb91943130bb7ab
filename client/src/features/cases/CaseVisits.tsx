import type { Case, Visit } from '@daiban/schemas';
import { useBlobUrl, useVisitsOfCase } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { VisitFacts } from '../visits/VisitFacts.tsx';

/** The home visits recorded for the case, each with the consent signature kept on this tablet. */
export function CaseVisits({ c }: { c: Case }) {
  const { t } = useI18n();
  const visits = useVisitsOfCase(c);
  if (!visits?.length) return null;
  return (
    <section className="card" aria-label={t('visits.ofCase')}>
      <h2>{t('visits.ofCase')}</h2>
      {visits.map((v) => (
        <LocalVisit key={v.id} visit={v} />
      ))}
    </section>
  );
}

function LocalVisit({ visit }: { visit: Visit }) {
  return <VisitFacts visit={visit} consentUrl={useBlobUrl(visit.consent?.sha256 ?? '')} />;
}
