import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { useI18n } from '../../i18n/i18n.tsx';
import { AccountsPage } from '../account-admin/AccountsPage.tsx';
import { CalendarGapNotice } from '../calendar/CalendarGapNotice.tsx';
import { CalendarPage } from '../calendar/CalendarPage.tsx';
import { CatalogAdminPage } from '../catalog-admin/CatalogAdminPage.tsx';
import { ChangePasswordPage } from '../password/ChangePasswordPage.tsx';
import { OversightPage } from '../review/OversightPage.tsx';
import { ReviewCasePage } from '../review/ReviewCasePage.tsx';
import { ReviewPage } from '../review/ReviewPage.tsx';
import { SlipsPage } from '../slips/SlipsPage.tsx';
import { SpotChecksPage } from '../spot-checks/SpotChecksPage.tsx';
import { VillagesPage } from '../village-admin/VillagesPage.tsx';

// The report brings chart.js: loaded only when the report is opened.
const ReportPage = lazy(() => import('../report/ReportPage.tsx'));

/** The township centre's pages (supervisor and admin); loaded only when one of them signs in. */
export default function TownshipRoutes() {
  const { t } = useI18n();
  return (
    <>
      <CalendarGapNotice />
      <Switch>
        <Route path="/" component={ReviewPage} />
        <Route path="/oversight" component={OversightPage} />
        <Route path="/review/:id">{(params) => <ReviewCasePage id={params.id} />}</Route>
        <Route path="/slips" component={SlipsPage} />
        <Route path="/admin/catalog" component={CatalogAdminPage} />
        <Route path="/admin/villages" component={VillagesPage} />
        <Route path="/admin/accounts" component={AccountsPage} />
        <Route path="/calendar" component={CalendarPage} />
        <Route path="/spot-checks" component={SpotChecksPage} />
        <Route path="/password" component={ChangePasswordPage} />
        <Route path="/report">
          <Suspense fallback={<p>{t('common.loading')}</p>}>
            <ReportPage />
          </Suspense>
        </Route>
        <Route>
          <Redirect to="/" />
        </Route>
      </Switch>
    </>
  );
}
