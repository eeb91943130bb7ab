import { residentIdCheckChar } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { ServiceGuide } from './pages/service-guide.ts';
import { TownshipAdmin } from './pages/township-admin.ts';

test('the admin changes an item’s time limit: the tablet’s guide shows the new one, its open case keeps its version', async ({
  browser,
}) => {
  const tabletContext = await browser.newContext();
  const agent = new AgentApp(await tabletContext.newPage());
  await agent.signIn('qshs-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  const first17 = '43098119480611003';
  await agent.newCase.register({ name: '刘满秀', idNumber: first17 + residentIdCheckChar(first17), phone: '13807370611' });
  await agent.newCase.openCase('特困人员救助供养');
  const version = agent.case.itemVersion;
  await expect(version).toHaveText('承诺时限 35 个工作日 · 第 1 版');

  const adminContext = await browser.newContext();
  const admin = new TownshipAdmin(await adminContext.newPage());
  await admin.signIn();
  await admin.openCatalog();
  const form = await admin.editItem('MZ-002');
  await expect(form).toContainText('当前为第 1 版');
  await form.getByLabel('办理时限').fill('20');
  await form.getByRole('button', { name: '发布新版本' }).click();
  await expect(admin.status()).toContainText('已发布：特困人员救助供养申请（第 2 版）');
  const row = admin.item('MZ-002');
  await expect(row).toContainText('20 个工作日');
  await expect(row).toContainText('第 2 版');
  await row.getByRole('button', { name: '修改' }).click();
  await expect(admin.itemHistory()).toHaveText([/第 1 版.*时限 35/, /第 2 版.*时限 20/]);

  // The tablet pulls version 2: the guide shows the new limit; the case opened before keeps version 1.
  await agent.syncNow();
  await agent.waitUntilSynced();
  const page = agent.page;
  await expect(version).toHaveText('承诺时限 35 个工作日 · 第 1 版');
  await version.getByRole('link', { name: '第 1 版' }).click();
  await expect(new ServiceGuide(page).timeLimit).toHaveText('承诺时限 35 个工作日');
  await expect(agent.status('事项清单现为第 2 版')).toBeVisible();
  await agent.go('事项指南');
  const catalog = new ServiceGuide(page);
  await catalog.search('特困');
  await catalog.openGuide('特困人员救助供养申请');
  await expect(catalog.version).toContainText('第 2 版');
  await expect(catalog.timeLimit).toHaveText('承诺时限 20 个工作日');

  // A new case uses the newest version.
  await catalog.startCase();
  await agent.newCase.chooseApplicant('刘满秀');
  await agent.newCase.openCase();
  await expect(version).toHaveText('承诺时限 20 个工作日 · 第 2 版');
  await tabletContext.close();
  await adminContext.close();
});
