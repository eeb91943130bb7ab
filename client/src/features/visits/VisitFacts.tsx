import type { Visit } from '@daiban/schemas';
import { useI18n } from '../../i18n/i18n.tsx';

/** One recorded home visit of a case: when, who was present, the consent signature (when its image is at hand). */
export function VisitFacts({ visit, consentUrl }: { visit: Visit; consentUrl: string | undefined }) {
  const { t, lang } = useI18n();
  return (
    <dl className="facts" data-testid="case-visit">
      <dt>{t('visits.visitedAt')}</dt>
      <dd>{new Date(visit.visitedAt ?? visit.updatedAt).toLocaleString(lang)}</dd>
      <dt>{t('visits.present')}</dt>
      <dd>{visit.present}</dd>
      <dt>{t('visits.consentImage')}</dt>
      <dd>
        {consentUrl ? (
          <img className="consent" src={consentUrl} alt={t('visits.consentImage')} />
        ) : (
          <span className="hint">{t('visits.consentNotHere')}</span>
        )}
      </dd>
    </dl>
  );
}
