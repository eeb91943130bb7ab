import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';

test('the agent finds an item offline, reads its guidance and prints the one-time notification sheet', async ({ browser }) => {
  const context = await browser.newContext();
  const agent = new AgentApp(await context.newPage());
  const page = agent.page;
  await agent.signIn('bbg-agent', 'daiban-agent');
  await agent.waitForOfflineReady();
  await agent.waitUntilSynced();
  await context.setOffline(true);

  await page.getByRole('link', { name: '事项指南' }).click();
  await page.getByRole('button', { name: '残联' }).click();
  await expect(page.getByRole('link', { name: /残疾人证办理/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /最低生活保障/ })).toHaveCount(0);
  await page.getByRole('button', { name: '全部' }).click();
  await page.getByPlaceholder('搜索事项').fill('低保');
  // The list filters as the agent types: clicking before it settled could hit a row that moves
  // under the pointer (and open another item's guide), so wait for the filtered list first.
  await expect(page.getByRole('link', { name: /残疾人证办理/ })).toHaveCount(0);
  await page.getByRole('link', { name: /最低生活保障申请/ }).click();
  await expect(page.getByTestId('guide').getByRole('heading', { level: 1 })).toHaveText('最低生活保障申请');

  const guide = page.getByTestId('guide');
  await expect(guide).toContainText('申请条件');
  await expect(guide).toContainText('社会救助暂行办法');
  const rows = guide.getByTestId('guide-materials').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(3);
  await expect(rows.first()).toContainText(/原件|复印件/);

  await page.emulateMedia({ media: 'print' });
  await expect(guide).toContainText('一次性告知单');
  await expect(guide).toContainText('请一次备齐');
  await expect(guide.getByText('办理流程')).toBeHidden();
  await expect(guide).toContainText('千山红镇便民服务中心，电话');
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('link', { name: '为此事项建立代办' }).click();
  await expect(page.getByRole('radio', { name: /最低生活保障申请/ })).toBeChecked();
  await context.close();
});
