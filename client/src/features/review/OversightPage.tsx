import { useI18n } from '../../i18n/i18n.tsx';
import { ConflictList } from './ConflictList.tsx';
import { DeviceList } from './DeviceList.tsx';
import { FollowupList } from './FollowupList.tsx';
import { LedgerCheck } from './LedgerCheck.tsx';

/** What the township watches besides the queues: the ledger, the devices, follow-ups and sync conflicts. */
export function OversightPage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('oversight.title')}</h1>
      <LedgerCheck />
      <DeviceList />
      <FollowupList />
      <ConflictList />
    </section>
  );
}
