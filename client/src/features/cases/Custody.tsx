import type { Case } from '@daiban/schemas';
import { useCustody } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { OriginalsReceipt } from '../handovers/OriginalsReceipt.tsx';

/**
 * Who holds the case's paper originals, flagged when they are late for the township; once the
 * township confirmed the slip, how many it received and which are missing, with its notes.
 */
export function Custody({ c }: { c: Case }) {
  const { t } = useI18n();
  const custody = useCustody(c);
  if (!custody || c.status === 'draft') return null;
  return (
    <p data-testid="custody">
      <strong>{t('custody.title')}：</strong>
      {custody.holder === 'township' && custody.receipt ? (
        <OriginalsReceipt receipt={custody.receipt} withWho />
      ) : custody.originals.length === 0 ? (
        t('custody.none')
      ) : (
        t(`custody.${custody.holder}`)
      )}
      {custody.late && <span className="badge status-rejected"> {t('custody.late')}</span>}
    </p>
  );
}
