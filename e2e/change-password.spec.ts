import { expect, test } from '@playwright/test';
import { AGENT_PIN, AgentApp } from './pages/agent-app.ts';
import { ChangePassword } from './pages/change-password.ts';
import { ReviewApp } from './pages/review-app.ts';
import { signIn } from './pages/sign-in.ts';

const NEW_PASSWORD = 'xin-mi-ma-2026';

test('a supervisor changes the password (修改密码), signs out, and only the new one signs in', async ({ page }) => {
  const review = new ReviewApp(page);
  const password = new ChangePassword(page);
  await review.signIn('xa-supervisor', 'daiban-review');
  await password.open();

  await password.change('not-my-password', NEW_PASSWORD);
  await expect(password.alert()).toHaveText('当前密码不正确，密码未修改');
  await password.change('daiban-review', NEW_PASSWORD, 'xin-mi-ma-2027');
  await expect(password.alert()).toHaveText('两次输入的新密码不一致');
  await password.change('daiban-review', NEW_PASSWORD);
  await expect(password.done()).toBeVisible();

  await page.getByRole('button', { name: '退出' }).click();
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await signIn(page, 'xa-supervisor', 'daiban-review');
  await expect(page.getByRole('alert')).toContainText('用户名或密码不正确');
  await review.signIn('xa-supervisor', NEW_PASSWORD);
});

test('an agent changes the password on the tablet; after a restart without the link only the new one opens it', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const agent = new AgentApp(page);
  const password = new ChangePassword(page);
  await agent.signIn('xac-agent', 'daiban-agent');
  await agent.waitForOfflineReady();
  await agent.waitUntilSynced();
  await password.open();
  await password.change('daiban-agent', NEW_PASSWORD);
  await expect(password.done()).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await agent.typePin(AGENT_PIN);
  const lock = agent.lockScreen();
  await expect(lock.getByRole('alert')).toContainText('连不上乡镇服务器');
  await agent.unlockWithPassword('daiban-agent');
  await expect(lock.getByRole('alert')).toHaveText('密码不正确');
  await agent.unlockWithPassword(NEW_PASSWORD);
  await agent.keepPin();
  await expect(agent.connection()).toHaveText('离线', { timeout: 15_000 });
  await context.close();
});
