import { Redirect, Route, Switch } from 'wouter';
import { ChangePasswordPage } from '../password/ChangePasswordPage.tsx';
import { CountyCatalogPage } from './CountyCatalogPage.tsx';
import { CountyItemPage } from './CountyItemPage.tsx';
import { CountyReportPage } from './CountyReportPage.tsx';
import { TownshipsPage } from './TownshipsPage.tsx';

/**
 * The county administrator's pages (县级管理); loaded only when one signs in. The county works
 * online through its own routes: nothing of a township's ledger is pulled to its browser.
 */
export default function CountyRoutes() {
  return (
    <Switch>
      <Route path="/" component={TownshipsPage} />
      <Route path="/catalog" component={CountyCatalogPage} />
      <Route path="/catalog/:code">{(params) => <CountyItemPage code={params.code} />}</Route>
      <Route path="/report" component={CountyReportPage} />
      <Route path="/password" component={ChangePasswordPage} />
      <Route>
        <Redirect to="/" />
      </Route>
    </Switch>
  );
}
