import type { CaseStatus } from '@daiban/schemas';
import { useI18n } from '../../i18n/i18n.tsx';

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}
