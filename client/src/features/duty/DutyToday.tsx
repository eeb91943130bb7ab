import { useDutyToday } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** Who is on duty in the village room today (值班表). */
export function DutyToday({ villageId }: { villageId: string | undefined }) {
  const { t } = useI18n();
  const onDuty = useDutyToday(villageId);
  if (onDuty === undefined) return null;
  return (
    <p className="hint" data-testid="duty-today">
      {onDuty ? t('duty.today', { name: onDuty.displayName, post: onDuty.post ?? '', phone: onDuty.phone }) : t('duty.none')}
    </p>
  );
}
