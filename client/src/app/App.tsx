import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { useSession, useSignedIn } from '../data/queries.ts';
import { AttentionPage } from '../features/attention/AttentionPage.tsx';
import { CaseListPage } from '../features/cases/CaseListPage.tsx';
import { CasePage } from '../features/cases/CasePage.tsx';
import { CatalogPage } from '../features/catalog/CatalogPage.tsx';
import { GuidePage } from '../features/catalog/GuidePage.tsx';
import { DutyPage } from '../features/duty/DutyPage.tsx';
import { HandoverSlipPage } from '../features/handovers/HandoverSlipPage.tsx';
import { HandoversPage } from '../features/handovers/HandoversPage.tsx';
import { NewCasePage } from '../features/intake/NewCasePage.tsx';
import { LoginPage } from '../features/login/LoginPage.tsx';
import { ChangePasswordPage } from '../features/password/ChangePasswordPage.tsx';
import { ReceiptPage } from '../features/receipt/ReceiptPage.tsx';
import { StoragePage } from '../features/storage/StoragePage.tsx';
import { VisitPage } from '../features/visits/VisitPage.tsx';
import { VisitsPage } from '../features/visits/VisitsPage.tsx';
import { I18nProvider, useI18n } from '../i18n/i18n.tsx';
import { AgentLock } from './AgentLock.tsx';
import { DbGate } from './DbGate.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { Layout } from './Layout.tsx';

const TownshipRoutes = lazy(() => import('../features/township/TownshipRoutes.tsx'));
const CountyRoutes = lazy(() => import('../features/county/CountyRoutes.tsx'));

export function App() {
  return (
    <I18nProvider>
      <ErrorBoundary>
        <DbGate>
          <Routes />
        </DbGate>
      </ErrorBoundary>
    </I18nProvider>
  );
}

/** Who the device belongs to is known before anything is unsealed: an agent's tablet opens with the PIN first. */
function Routes() {
  const signedIn = useSignedIn();
  const { t } = useI18n();
  if (signedIn === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (signedIn === null) return <LoginPage />;
  return signedIn.role === 'agent' ? (
    <AgentLock signedIn={signedIn}>
      <Shell />
    </AgentLock>
  ) : (
    <Shell />
  );
}

function Shell() {
  const session = useSession();
  const { t } = useI18n();
  if (!session) return <p className="loading">{t('common.loading')}</p>;
  const { role } = session.account;
  const loading = <p className="loading">{t('common.loading')}</p>;
  return (
    <Layout session={session}>
      {role === 'agent' ? (
        <Switch>
          <Route path="/" component={CaseListPage} />
          <Route path="/new" component={NewCasePage} />
          <Route path="/attention" component={AttentionPage} />
          <Route path="/catalog" component={CatalogPage} />
          <Route path="/visits" component={VisitsPage} />
          <Route path="/duty" component={DutyPage} />
          <Route path="/storage" component={StoragePage} />
          <Route path="/password" component={ChangePasswordPage} />
          <Route path="/handovers" component={HandoversPage} />
          <Route path="/handovers/:id">{(params) => <HandoverSlipPage id={params.id} />}</Route>
          <Route path="/visits/:id">{(params) => <VisitPage id={params.id} />}</Route>
          <Route path="/catalog/:code">{(params) => <GuidePage code={params.code} />}</Route>
          <Route path="/catalog/:code/v/:version">
            {(params) => <GuidePage code={params.code} version={Number(params.version)} />}
          </Route>
          <Route path="/cases/:id">{(params) => <CasePage id={params.id} />}</Route>
          <Route path="/cases/:id/receipt">{(params) => <ReceiptPage id={params.id} />}</Route>
          <Route>
            <Redirect to="/" />
          </Route>
        </Switch>
      ) : (
        <Suspense fallback={loading}>{role === 'county_admin' ? <CountyRoutes /> : <TownshipRoutes />}</Suspense>
      )}
    </Layout>
  );
}
