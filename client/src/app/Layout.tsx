import type { Session } from '@daiban/schemas';
import { type ReactNode, useState } from 'react';
import { Link } from 'wouter';
import { useAnyPhotoInProgress } from '../data/photos-in-progress.ts';
import { signOut } from '../data/session.ts';
import { CountyNav } from '../features/county/CountyNav.tsx';
import { PriorEnrolments } from '../features/sync/PriorEnrolments.tsx';
import { SyncBanner } from '../features/sync/SyncBanner.tsx';
import { TownshipNav } from '../features/township/TownshipNav.tsx';
import { describeError } from '../i18n/describe-error.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useFormOpen } from '../pwa/register-sw.ts';
import { UpdateBanner } from '../pwa/UpdateBanner.tsx';
import { Feedback } from './Feedback.tsx';
import { useLargeText } from './large-text.ts';
import { setScreenLock } from './screen-lock.ts';

export function Layout({ session, children }: { session: Session; children: ReactNode }) {
  const { t, toggle } = useI18n();
  const [error, setError] = useState<string>();
  const [largeText, setLargeText] = useLargeText();
  const { role } = session.account;
  const isAgent = role === 'agent';
  // A photo being processed lives only in memory until stored: an update waits for it.
  useFormOpen(useAnyPhotoInProgress());
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <strong>{t('app.title')}</strong>
          <span>{session.village?.name ?? session.township?.name ?? session.county?.name}</span>
        </div>
        <nav>
          {isAgent ? (
            <>
              <Link href="/">{t('nav.cases')}</Link>
              <Link href="/new">{t('nav.newCase')}</Link>
              <Link href="/visits">{t('nav.visits')}</Link>
              <Link href="/handovers">{t('nav.handovers')}</Link>
              <Link href="/duty">{t('nav.duty')}</Link>
              <Link href="/catalog">{t('nav.catalog')}</Link>
            </>
          ) : role === 'county_admin' ? (
            <CountyNav />
          ) : (
            <TownshipNav />
          )}
          <Link href="/password">{t('nav.password')}</Link>
          <button type="button" className="link" onClick={toggle}>
            {t('lang.switch')}
          </button>
          <button type="button" className="link" aria-pressed={largeText} onClick={() => setLargeText(!largeText)}>
            {t('visits.largeText')}
          </button>
          {isAgent && (
            <button type="button" className="link" onClick={() => setScreenLock('locked')}>
              {t('lock.now')}
            </button>
          )}
          <button
            type="button"
            className="link"
            onClick={() =>
              signOut()
                // Nothing of the records stays in this page's memory either: it starts afresh.
                .then(() => window.location.reload())
                .catch((e: unknown) => setError(describeError(e, t)))
            }
          >
            {t('nav.signOut')}
          </button>
        </nav>
      </header>
      {isAgent && <SyncBanner />}
      <Feedback error={error} />
      {isAgent && <PriorEnrolments session={session} />}
      <UpdateBanner />
      <main>{children}</main>
      <footer className="about" data-testid="app-build">
        {t('pwa.about', { build: __APP_BUILD__ })}
      </footer>
    </div>
  );
}
