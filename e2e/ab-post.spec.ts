import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { apiTablet } from './pages/api-tablet.ts';

test('the B post takes over the open cases of the absent A agent, recorded in the ledger', async ({ page, request }) => {
  const scene = await apiTablet(request, 'sbz-agent');
  const { opened } = await scene.submittedCase('胡秋菊');

  const b = new AgentApp(page);
  await b.signIn('sbz-agent-b', 'daiban-agent');
  await b.waitUntilSynced();
  await expect(b.dutyToday()).toContainText(/今日值班|今日未排班/);
  await b.go('值班与AB岗');
  const colleague = b.colleague('A');
  await expect(colleague).toContainText('在办 1 件');
  await colleague.getByRole('button', { name: '接管其在办代办件' }).click();
  await expect(b.status('已接管 1 件')).toBeVisible();
  await b.syncNow();
  await b.waitUntilSynced();

  await b.openCaseFromList(opened.caseNumber);
  const pulled = await scene.pull();
  const backup = pulled.agents.find((x) => x.post === 'B')!;
  expect(pulled.cases.find((c) => c.id === opened.id)).toMatchObject({ agentId: scene.session.account.id, handlerId: backup.id });
  await expect(b.case.handler).toContainText(`现由 ${backup.displayName} 办理`);
});
