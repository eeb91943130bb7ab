import type { Visit } from '@daiban/schemas';
import { useBlobUrls } from '../../data/blob-urls.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { VisitFacts } from '../visits/VisitFacts.tsx';

/** The home visits recorded for a case, the consent signatures read from the server. */
export function ReviewVisits({ visits }: { visits: readonly Visit[] }) {
  const { t } = useI18n();
  const urls = useBlobUrls(visits.flatMap((v) => (v.consent ? [v.consent.sha256] : [])));
  if (visits.length === 0) return null;
  return (
    <section className="card" aria-label={t('visits.ofCase')}>
      <h2>{t('visits.ofCase')}</h2>
      {visits.map((v) => (
        <VisitFacts key={v.id} visit={v} consentUrl={v.consent && urls.get(v.consent.sha256)} />
      ))}
    </section>
  );
}
