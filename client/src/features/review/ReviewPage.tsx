import { useState } from 'react';
import { useTownshipVillages } from '../../data/review.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ReviewQueue } from './ReviewQueue.tsx';

/** The township centre's two case queues, of all villages or of one: submitted cases to accept, accepted ones to complete. */
export function ReviewPage() {
  const { t } = useI18n();
  const villages = useTownshipVillages();
  const [villageId, setVillageId] = useState<string>();
  return (
    <section>
      <h1>{t('review.title')}</h1>
      <div className="filters">
        <label className="inline">
          {t('review.villageFilter')}
          <select
            data-testid="village-filter"
            value={villageId ?? ''}
            onChange={(e) => setVillageId(e.target.value || undefined)}
            disabled={!villages}
          >
            <option value="">{t('review.allVillages')}</option>
            {villages?.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ReviewQueue status="submitted" villageId={villageId} />
      <ReviewQueue status="accepted" villageId={villageId} />
    </section>
  );
}
