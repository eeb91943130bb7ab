import { useI18n } from '../../i18n/i18n.tsx';
import { ReviewQueue } from './ReviewQueue.tsx';

/** The township centre's two case queues: submitted cases to accept, accepted ones to complete. */
export function ReviewPage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('review.title')}</h1>
      <ReviewQueue status="submitted" />
      <ReviewQueue status="accepted" />
    </section>
  );
}
