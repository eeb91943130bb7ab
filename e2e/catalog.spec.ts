import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { ServiceGuide } from './pages/service-guide.ts';

test('the agent finds an item offline, reads its guidance and prints the one-time notification sheet', async ({ browser }) => {
  const context = await browser.newContext();
  const agent = new AgentApp(await context.newPage());
  const page = agent.page;
  await agent.signIn('bbg-agent', 'daiban-agent');
  await agent.waitForOfflineReady();
  await agent.waitUntilSynced();
  await context.setOffline(true);

  await agent.go('事项指南');
  const catalog = new ServiceGuide(page);
  await catalog.filterByDepartment('残联');
  await expect(catalog.item('残疾人证办理')).toBeVisible();
  await expect(catalog.item('最低生活保障')).toHaveCount(0);
  await catalog.filterByDepartment('全部');
  await catalog.search('低保');
  // The list filters as the agent types: clicking before it settled could hit a row that moves
  // under the pointer (and open another item's guide), so wait for the filtered list first.
  await expect(catalog.item('残疾人证办理')).toHaveCount(0);
  await catalog.openGuide('最低生活保障申请');

  const guide = catalog.guide;
  await expect(guide).toContainText('申请条件');
  await expect(guide).toContainText('社会救助暂行办法');
  expect(await catalog.materials.count()).toBeGreaterThan(3);
  await expect(catalog.materials.first()).toContainText(/原件|复印件/);

  await page.emulateMedia({ media: 'print' });
  await expect(guide).toContainText('一次性告知单');
  await expect(guide).toContainText('请一次备齐');
  await expect(guide.getByText('办理流程')).toBeHidden();
  await expect(guide).toContainText('千山红镇便民服务中心，电话');
  await page.emulateMedia({ media: 'screen' });

  await catalog.startCase();
  await expect(agent.newCase.itemChoice('最低生活保障申请')).toBeChecked();
  await context.close();
});
