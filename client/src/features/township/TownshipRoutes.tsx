import { Redirect, Route, Switch } from 'wouter';
import { CalendarPage } from '../calendar/CalendarPage.tsx';
import { OversightPage } from '../review/OversightPage.tsx';
import { ReviewPage } from '../review/ReviewPage.tsx';
import { SpotChecksPage } from '../spot-checks/SpotChecksPage.tsx';

/** The township centre's pages (supervisor and admin); loaded only when one of them signs in. */
export default function TownshipRoutes() {
  return (
    <Switch>
      <Route path="/" component={ReviewPage} />
      <Route path="/oversight" component={OversightPage} />
      <Route path="/calendar" component={CalendarPage} />
      <Route path="/spot-checks" component={SpotChecksPage} />
      <Route>
        <Redirect to="/" />
      </Route>
    </Switch>
  );
}
