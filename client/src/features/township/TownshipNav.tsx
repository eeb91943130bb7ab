import { Link } from 'wouter';
import { useI18n } from '../../i18n/i18n.tsx';

/** The township centre's menu. */
export function TownshipNav() {
  const { t } = useI18n();
  return (
    <>
      <Link href="/">{t('nav.review')}</Link>
      <Link href="/oversight">{t('nav.oversight')}</Link>
      <Link href="/report">{t('nav.report')}</Link>
    </>
  );
}
