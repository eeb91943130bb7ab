import { type RecordSpotCheckRequest, type SpotCheck, type SpotCheckItem, spotCheckResultSchema } from '@daiban/schemas';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { StatusBadge } from '../cases/StatusBadge.tsx';

/** The drawn cases of one spot check by village, with the progress and a result and note per case. */
export function SpotCheckItems({
  spotCheck,
  onRecord,
}: {
  spotCheck: SpotCheck;
  onRecord: (caseId: string, check: RecordSpotCheckRequest) => Promise<void>;
}) {
  const { t } = useI18n();
  const byVillage = new Map<string, SpotCheckItem[]>();
  for (const i of spotCheck.items) byVillage.set(i.villageName, [...(byVillage.get(i.villageName) ?? []), i]);
  return (
    <div data-testid="spot-check">
      <h2>
        {t('spotChecks.progress', { checked: spotCheck.checked, total: spotCheck.total })}
        <progress value={spotCheck.checked} max={spotCheck.total} />
      </h2>
      {[...byVillage].map(([villageName, items]) => (
        <div key={villageName} className="card">
          <h3>{villageName}</h3>
          <ul className="case-list">
            {items.map((i) => (
              <ItemRow key={i.caseId} item={i} onRecord={onRecord} />
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function ItemRow({
  item,
  onRecord,
}: {
  item: SpotCheckItem;
  onRecord: (caseId: string, check: RecordSpotCheckRequest) => Promise<void>;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<RecordSpotCheckRequest>({ result: item.result ?? 'pass', note: item.note });
  return (
    <li className="case-row" data-testid={`spot-${item.caseNumber}`}>
      <span className="case-number">{item.caseNumber}</span>
      <span className="who">
        {item.applicantName} {item.applicantIdMasked}
      </span>
      <span className="what">{item.serviceItemName}</span>
      <StatusBadge status={item.status} />
      <span className={item.result ? 'badge' : 'badge pending'}>
        {item.result ? t(`spotChecks.result.${item.result}`) : t('spotChecks.unchecked')}
      </span>
      <form
        autoComplete="off"
        className="reason-form"
        aria-label={t('spotChecks.record')}
        onSubmit={(e) => {
          e.preventDefault();
          void onRecord(item.caseId, draft);
        }}
      >
        <label>
          {t('spotChecks.result')}
          <select
            value={draft.result}
            onChange={(e) => setDraft({ ...draft, result: spotCheckResultSchema.catch('pass').parse(e.target.value) })}
          >
            {spotCheckResultSchema.options.map((r) => (
              <option key={r} value={r}>
                {t(`spotChecks.result.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('spotChecks.note')}
          <input
            value={draft.note}
            onChange={(e) => setDraft({ ...draft, note: e.target.value })}
            required={draft.result !== 'pass'}
            maxLength={2000}
          />
        </label>
        <button type="submit">{t('spotChecks.record')}</button>
      </form>
    </li>
  );
}
