import { useI18n } from '../../i18n/i18n.tsx';

/**
 * Whether a township's item is the county's (县级事项: the county's edits reach it) or the
 * township's own version (本镇版本: they no longer do), with the way back to the county's.
 */
export function CountyFollowing({ countyVersion, onFollow }: { countyVersion: number | null; onFollow: () => void }) {
  const { t } = useI18n();
  return (
    <div className="actions-row" data-testid="item-county-state">
      {countyVersion === null ? (
        <>
          <span className="badge">{t('catalogAdmin.ownVersion')}</span>
          <span className="hint">{t('catalogAdmin.ownVersionHint')}</span>
          <button type="button" onClick={onFollow}>
            {t('catalogAdmin.followCounty')}
          </button>
        </>
      ) : (
        <>
          <span className="badge">{t('catalogAdmin.countyItem', { version: countyVersion })}</span>
          <span className="hint">{t('catalogAdmin.countyItemHint')}</span>
        </>
      )}
    </div>
  );
}
