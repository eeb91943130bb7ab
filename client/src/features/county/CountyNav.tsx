import { Link } from 'wouter';
import { useI18n } from '../../i18n/i18n.tsx';

/** The county administrator's menu (县级管理). */
export function CountyNav() {
  const { t } = useI18n();
  return (
    <>
      <Link href="/">{t('nav.county.townships')}</Link>
      <Link href="/catalog">{t('nav.county.catalog')}</Link>
      <Link href="/report">{t('nav.county.report')}</Link>
    </>
  );
}
