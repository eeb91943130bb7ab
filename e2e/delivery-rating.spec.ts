import { PROTOCOL_HEADER, PROTOCOL_VERSION, type PullResponse, type Session } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { FakeTablet } from '../sync-server/src/testing/fixtures.ts';
import { AgentApp } from './pages/agent-app.ts';
import { ReviewApp } from './pages/review-app.ts';

const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

test('the township completes a case, the agent hands the result back and records the rating', async ({ browser, request }) => {
  // A case the village already submitted (set up through the API).
  const login = await request.post('/api/auth/login', {
    headers,
    data: { username: 'ys-agent', password: 'daiban-agent', deviceName: 'scene' },
  });
  const session = (await login.json()) as Session;
  const auth = { ...headers, authorization: `Bearer ${session.token}` };
  const tablet = new FakeTablet(session);
  const item = ((await (await request.get('/api/sync/pull', { headers: auth })).json()) as PullResponse).serviceItems[0]!;
  const applicant = tablet.applicant({ name: '曾秀英' });
  const opened = tablet.openedCase(applicant, item);
  const mutations = [
    tablet.mutation('applicant.register', applicant),
    tablet.mutation('case.open', opened),
    tablet.mutation('case.receive', { caseId: opened.id, receivedAt: new Date().toISOString() }),
  ];
  expect((await request.post('/api/sync/push', { headers: auth, data: { mutations } })).status()).toBe(200);

  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');
  await review.accept(opened.caseNumber);
  await review.complete(opened.caseNumber, '证件已制发，请到村便民服务室领取');

  const agent = new AgentApp(await (await browser.newContext()).newPage());
  await agent.signIn('ys-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  await agent.openCaseFromList(opened.caseNumber);
  await expect(agent.page.getByTestId('case-status')).toHaveText('已办结');
  await expect(agent.page.getByTestId('case-result')).toContainText('证件已制发');

  const delivery = agent.page.getByRole('form', { name: '出件（结果已交给申请人）' });
  await delivery.getByLabel('领取人').fill('曾秀英本人');
  await delivery.getByRole('button', { name: '出件' }).click();
  await expect(agent.page.getByTestId('case-status')).toHaveText('已出件');
  const rating = agent.page.getByRole('form', { name: '请申请人评价' });
  await rating.getByLabel('不满意', { exact: true }).check();
  await rating.getByLabel('意见建议').fill('等了太久');
  await rating.getByRole('button', { name: '保存评价' }).click();
  await expect(agent.page.getByTestId('case-rating')).toContainText('不满意 · 等了太久');
  await agent.syncNow();
  await agent.waitUntilSynced();

  const pulled = (await (await request.get('/api/sync/pull?limit=1000', { headers: auth })).json()) as PullResponse;
  expect(pulled.cases.find((c) => c.id === opened.id)).toMatchObject({
    status: 'rated',
    delivery: { receivedBy: '曾秀英本人' },
    rating: { level: 2, comment: '等了太久' },
  });
});
