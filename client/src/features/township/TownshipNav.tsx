import { Link } from 'wouter';
import { useSession } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The township centre's menu; the admin also manages the catalog, the villages, the accounts and the devices. */
export function TownshipNav() {
  const { t } = useI18n();
  const isAdmin = useSession()?.account.role === 'admin';
  return (
    <>
      <Link href="/">{t('nav.review')}</Link>
      <Link href="/oversight">{t('nav.oversight')}</Link>
      <Link href="/slips">{t('nav.slips')}</Link>
      {isAdmin && <Link href="/admin/catalog">{t('nav.catalogAdmin')}</Link>}
      {isAdmin && <Link href="/admin/villages">{t('nav.villages')}</Link>}
      {isAdmin && <Link href="/admin/accounts">{t('nav.accounts')}</Link>}
      <Link href="/calendar">{t('nav.calendar')}</Link>
      <Link href="/spot-checks">{t('nav.spotChecks')}</Link>
      <Link href="/report">{t('nav.report')}</Link>
    </>
  );
}
