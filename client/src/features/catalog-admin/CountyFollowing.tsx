import type { ServiceItemHistory } from '@daiban/schemas';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * Whether a township's item is the county's (县级事项: the county's edits reach it), the township's
 * own version of a county item (本镇版本: they no longer do; with the way back to the county's), or
 * an item of the township's own that the county does not have (本镇事项).
 */
export function CountyFollowing({
  history: { countyVersion, countyLatestVersion },
  onFollow,
}: {
  history: Pick<ServiceItemHistory, 'countyVersion' | 'countyLatestVersion'>;
  onFollow: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="actions-row" data-testid="item-county-state">
      {countyVersion !== null ? (
        <>
          <span className="badge">{t('catalogAdmin.countyItem', { version: countyVersion })}</span>
          <span className="hint">{t('catalogAdmin.countyItemHint')}</span>
        </>
      ) : countyLatestVersion !== null ? (
        <>
          <span className="badge">{t('catalogAdmin.ownVersion')}</span>
          <span className="hint">{t('catalogAdmin.ownVersionHint')}</span>
          <button type="button" onClick={onFollow}>
            {t('catalogAdmin.followCounty')}
          </button>
        </>
      ) : (
        <>
          <span className="badge">{t('catalogAdmin.townshipItem')}</span>
          <span className="hint">{t('catalogAdmin.townshipItemHint')}</span>
        </>
      )}
    </div>
  );
}
