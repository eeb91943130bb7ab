import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { useI18n } from '../../i18n/i18n.tsx';
import { OversightPage } from '../review/OversightPage.tsx';
import { ReviewPage } from '../review/ReviewPage.tsx';

// The report brings chart.js: loaded only when the report is opened.
const ReportPage = lazy(() => import('../report/ReportPage.tsx'));

/** The township centre's pages (supervisor and admin); loaded only when one of them signs in. */
export default function TownshipRoutes() {
  const { t } = useI18n();
  return (
    <Switch>
      <Route path="/" component={ReviewPage} />
      <Route path="/oversight" component={OversightPage} />
      <Route path="/report">
        <Suspense fallback={<p>{t('common.loading')}</p>}>
          <ReportPage />
        </Suspense>
      </Route>
      <Route>
        <Redirect to="/" />
      </Route>
    </Switch>
  );
}
