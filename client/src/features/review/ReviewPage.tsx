import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ReviewQueue } from './ReviewQueue.tsx';

/** The township centre's two case queues: submitted cases to accept, accepted ones to complete. */
export function ReviewPage() {
  const { t } = useI18n();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  // A decision in one queue can move a case into the other: both reload after each one.
  const [refreshKey, setRefreshKey] = useState(0);
  const report = (result: { notice?: string; error?: string }) => {
    setNotice(result.notice);
    setError(result.error);
    setRefreshKey((k) => k + 1);
  };
  return (
    <section>
      <h1>{t('review.title')}</h1>
      <Feedback notice={notice} error={error} />
      <ReviewQueue status="submitted" onResult={report} refreshKey={refreshKey} />
      <ReviewQueue status="accepted" onResult={report} refreshKey={refreshKey} />
    </section>
  );
}
