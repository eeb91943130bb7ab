import type { OriginalsReceipt as Receipt } from '../../data/handovers.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The township's confirmation of one case's originals, e.g. "乡镇已签收 3/4 件原件，缺：户口簿（信封内未见）". */
export function OriginalsReceipt({ receipt, withWho = false }: { receipt: Receipt; withWho?: boolean }) {
  const { t, lang } = useI18n();
  const missing = receipt.missing.map((m) => t('originals.missingItem', { name: m.name, note: m.note }));
  return (
    <span data-testid="originals-receipt">
      {t('originals.received', { received: receipt.received, total: receipt.total })}
      {missing.length > 0 && (
        <strong className="missing-originals">{t('originals.missing', { list: missing.join(t('originals.separator')) })}</strong>
      )}
      {withWho && (
        <span className="hint"> {t('originals.by', { by: receipt.by, date: new Date(receipt.at).toLocaleString(lang) })}</span>
      )}
    </span>
  );
}
