import { residentIdCheckChar } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AGENT_PIN, AgentApp } from './pages/agent-app.ts';
import { signIn } from './pages/sign-in.ts';

test('the tablet locks on start and when idle, opens with the PIN and the server’s share or offline with the password, and makes a guesser wait', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The page's clock is Playwright's, so the idle time and the waits can be skipped over.
  await page.clock.install();
  const agent = new AgentApp(page);

  // First online sign-in on this tablet: a PIN must be chosen, and an easy one is refused.
  await signIn(page, 'tj-agent', 'daiban-agent');
  await agent.choosePin('123456');
  await expect(agent.alert('太容易被猜到')).toBeVisible();
  await agent.choosePin(AGENT_PIN, '482914');
  await expect(agent.alert('两次输入的 PIN 不一致')).toBeVisible();
  await agent.choosePin(AGENT_PIN);
  await expect(agent.syncBanner()).toBeVisible();
  await agent.waitForOfflineReady();
  await agent.waitUntilSynced();

  const first17 = '43098119520817003';
  await agent.newCase.register({ name: '谭秋菊', idNumber: first17 + residentIdCheckChar(first17), phone: '13807370456' });
  const caseNumber = await agent.newCase.openCase('残疾人证');

  // Five idle minutes: the screen locks and shows nothing of the case behind it.
  await page.clock.fastForward('05:10');
  await expect(agent.lockScreen()).toBeVisible();
  await expect(agent.screen()).not.toContainText(caseNumber);
  await expect(agent.screen()).not.toContainText('谭秋菊');
  await agent.unlock();
  await expect(agent.case.number).toHaveText(caseNumber);

  // The app starts again: locked, nothing personal on screen, nothing of it readable until the PIN
  // and the township server's key share open the tablet's sealed records.
  await page.reload();
  const lock = agent.lockScreen();
  await expect(lock).toBeVisible();
  await expect(agent.syncBanner()).toHaveCount(0);
  await expect(agent.screen()).not.toContainText('谭秋菊');

  // Someone guesses. After five wrong PINs the lock makes them wait, and a reload does not help.
  for (let i = 1; i <= 4; i++) {
    await agent.typePin('000001');
    await expect(lock.getByRole('alert')).toHaveText(`PIN 不正确，再错 ${5 - i} 次须等待后才能再试`);
  }
  await agent.typePin('000001');
  await expect(lock.getByRole('alert')).toHaveText(/PIN 连续错误 5 次，请等待 0:(30|29) 后再试/);
  await expect(lock.getByLabel('PIN', { exact: true })).toBeDisabled();
  await page.reload();
  await expect(lock.getByRole('alert')).toContainText('PIN 连续错误 5 次，请等待');
  await expect(lock.getByRole('button', { name: '解锁', exact: true })).toBeDisabled();

  // Half a minute later the agent types the right PIN, and the work is all there.
  await page.clock.fastForward('00:31');
  await expect(lock.getByLabel('PIN', { exact: true })).toBeEnabled();
  await agent.unlock();
  await agent.openCaseFromList(caseNumber);
  await expect(agent.screen()).toContainText('谭秋菊');

  // No network, and the app starts again: the PIN cannot reach the server's share, the password
  // opens the tablet on its own, and the agent keeps the PIN.
  await context.setOffline(true);
  await page.reload();
  await agent.typePin(AGENT_PIN);
  await expect(lock.getByRole('alert')).toContainText('连不上乡镇服务器');
  await agent.unlockWithPassword('daiban-agent');
  await agent.keepPin();
  await expect(agent.connection()).toHaveText('离线', { timeout: 15_000 });
  await agent.openCaseFromList(caseNumber);
  await expect(agent.screen()).toContainText('谭秋菊');
});

test('a forgotten PIN: the password opens the tablet offline, a new PIN is set online, and the unsynced work stays', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const agent = new AgentApp(page);
  await agent.signIn('tj-agent-b', 'daiban-agent');
  await agent.waitForOfflineReady();
  await agent.waitUntilSynced();
  await context.setOffline(true);
  const first17 = '43098119600101004';
  await agent.newCase.register({ name: '罗满生', idNumber: first17 + residentIdCheckChar(first17), phone: '13807370789' });
  const caseNumber = await agent.newCase.openCase('残疾人证');

  // Offline, the password opens the tablet by itself; a new PIN needs the township server.
  await agent.lock();
  const lock = agent.lockScreen();
  await agent.unlockWithPassword('wrong-password');
  await expect(lock.getByRole('alert')).toHaveText('密码不正确');
  await agent.unlockWithPassword('daiban-agent');
  await agent.choosePin('730518');
  await expect(agent.alert('连不上乡镇服务器')).toBeVisible();
  await context.setOffline(false);
  await agent.choosePin('730518');
  await expect(agent.case.number).toHaveText(caseNumber);

  // The same enrolment goes on: the case made offline syncs, and the new PIN unlocks after a reload.
  await agent.syncNow();
  await agent.waitUntilSynced();
  await page.reload();
  await agent.typePin(AGENT_PIN);
  await expect(lock.getByRole('alert')).toContainText('PIN 不正确');
  await agent.unlock('730518');
  await agent.openCaseFromList(caseNumber);
});
