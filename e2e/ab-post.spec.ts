import { PROTOCOL_HEADER, PROTOCOL_VERSION, type PullResponse, type Session } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { FakeTablet } from '../sync-server/src/testing/fixtures.ts';
import { AgentApp } from './pages/agent-app.ts';

const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

test('the B post takes over the open cases of the absent A agent, recorded in the ledger', async ({ page, request }) => {
  const login = await request.post('/api/auth/login', {
    headers,
    data: { username: 'sbz-agent', password: 'daiban-agent', deviceName: 'A tablet' },
  });
  const a = (await login.json()) as Session;
  const auth = { ...headers, authorization: `Bearer ${a.token}` };
  const tablet = new FakeTablet(a);
  const item = ((await (await request.get('/api/sync/pull', { headers: auth })).json()) as PullResponse).serviceItems[0]!;
  const applicant = tablet.applicant({ name: '胡秋菊' });
  const opened = tablet.openedCase(applicant, item);
  const mutations = [
    tablet.mutation('applicant.register', applicant),
    tablet.mutation('case.open', opened),
    tablet.mutation('case.receive', { caseId: opened.id, receivedAt: new Date().toISOString() }),
  ];
  expect((await request.post('/api/sync/push', { headers: auth, data: { mutations } })).status()).toBe(200);

  const b = new AgentApp(page);
  await b.signIn('sbz-agent-b', 'daiban-agent');
  await b.waitUntilSynced();
  await expect(page.getByTestId('duty-today')).toContainText(/今日值班|今日未排班/);
  await page.getByRole('link', { name: '值班与AB岗' }).click();
  const colleague = page.getByTestId('colleague-A');
  await expect(colleague).toContainText('在办 1 件');
  await colleague.getByRole('button', { name: '接管其在办代办件' }).click();
  await expect(page.locator('main').getByRole('status')).toContainText('已接管 1 件');
  await b.syncNow();
  await b.waitUntilSynced();

  await b.openCaseFromList(opened.caseNumber);
  const pulled = (await (await request.get('/api/sync/pull?limit=1000', { headers: auth })).json()) as PullResponse;
  const backup = pulled.agents.find((x) => x.post === 'B')!;
  expect(pulled.cases.find((c) => c.id === opened.id)).toMatchObject({ agentId: a.account.id, handlerId: backup.id });
  await expect(page.getByTestId('case-handler')).toContainText(`现由 ${backup.displayName} 办理`);
});
