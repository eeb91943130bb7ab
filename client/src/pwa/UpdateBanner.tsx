import { useI18n } from '../i18n/i18n.tsx';
import { updateGate, useUpdateState } from './register-sw.ts';

/** The new version's announcement: what still holds it back, and the button that applies it. */
export function UpdateBanner() {
  const { t } = useI18n();
  const update = useUpdateState();
  if (update.replacedElsewhere) {
    return (
      <div className="update" role="status" data-testid="update-banner">
        {t('pwa.replacedElsewhere')}
        <button type="button" onClick={() => window.location.reload()}>
          {t('pwa.reload')}
        </button>
      </div>
    );
  }
  if (!update.waiting) return null;
  const reasons = update.blockers.map((b) => t(b === 'form' ? 'pwa.waitForm' : 'pwa.waitSync')).join(t('common.listSeparator'));
  return (
    <div className="update" role="status" data-testid="update-banner">
      {t('pwa.updateReady')}
      {reasons && <span>{t(update.requested ? 'pwa.appliesAfter' : 'pwa.waitsFor', { reasons })}</span>}
      {!update.requested && (
        <button type="button" onClick={updateGate.request}>
          {t('pwa.update')}
        </button>
      )}
    </div>
  );
}
