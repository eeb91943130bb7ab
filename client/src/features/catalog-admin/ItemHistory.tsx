import type { ServiceItem } from '@daiban/schemas';
import { useI18n } from '../../i18n/i18n.tsx';

/** 版本记录: every published version of an item, oldest first (never changed; cases keep theirs). */
export function ItemHistory({ versions }: { versions: ServiceItem[] }) {
  const { t } = useI18n();
  return (
    <>
      <h2>{t('catalogAdmin.history')}</h2>
      <ol data-testid="item-history">
        {versions.map((v) => (
          <li key={v.version}>
            {t('catalogAdmin.versionLine', {
              version: v.version,
              date: new Date(v.publishedAt).toLocaleString(),
              days: v.timeLimitDays,
              materials: v.materials.length,
            })}
            {v.retired && <span className="badge">{t('catalogAdmin.retired')}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}
