import { residentIdCheckChar } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './pages/accessibility.ts';
import { AGENT_PIN, AgentApp } from './pages/agent-app.ts';
import { signIn } from './pages/sign-in.ts';
import { TownshipAdmin } from './pages/township-admin.ts';

// axe-core on every screen an agent and the township use (the photo viewer is checked in
// offline-intake.spec.ts, where a photo is on a case): no serious or critical violation.

for (const large of [false, true]) {
  test(`the agent's screens have no serious accessibility violation${large ? ' (大字)' : ''}`, async ({ browser }) => {
    const context = await browser.newContext();
    const agent = new AgentApp(await context.newPage());
    const page = agent.page;
    await page.goto('/');
    await expectAccessible(page, 'sign-in');
    await page.getByRole('button', { name: '用登记码启用平板' }).click();
    await expectAccessible(page, 'enrol with a code');
    await page.getByRole('button', { name: '用密码登录' }).click();
    await signIn(page, large ? 'hx-agent-b' : 'bbg-agent-b', 'daiban-agent');
    await expect(page.getByRole('form', { name: '设置解锁 PIN' })).toBeVisible();
    await expectAccessible(page, 'PIN setup');
    await agent.choosePin(AGENT_PIN);
    await agent.waitUntilSynced();
    if (large) await page.getByRole('button', { name: '大字' }).click();
    await expectAccessible(page, 'case list');
    const first17 = large ? '43098119500101039' : '43098119500101047';
    await agent.newCase.register({ name: '曾秋生', idNumber: first17 + residentIdCheckChar(first17), phone: '13907370555' });
    await expectAccessible(page, 'new case');
    await agent.newCase.openCase('最低生活保障');
    await expectAccessible(page, 'case page');
    for (const [screen, link] of [
      ['home visits', '上门代办'],
      ['handover slips', '交接单'],
      ['catalog', '事项指南'],
    ] as const) {
      await page.getByRole('link', { name: link }).first().click();
      await page.waitForTimeout(200);
      await expectAccessible(page, screen);
    }
    await page.getByRole('button', { name: '锁屏' }).click();
    await expect(page.getByTestId('lock-screen')).toBeVisible();
    await expectAccessible(page, 'lock screen');
    await agent.unlock();
    await context.close();
  });
}

test('the township’s screens have no serious accessibility violation', async ({ browser }) => {
  const context = await browser.newContext();
  const admin = new TownshipAdmin(await context.newPage());
  await admin.signIn();
  for (const screen of ['审核', '台账与设备', '交接确认', '事项管理', '村（社区）', '账号与设备', '节假日', '抽查', '月度通报']) {
    await admin.page.getByRole('link', { name: screen, exact: true }).click();
    await admin.page.waitForTimeout(500);
    await expectAccessible(admin.page, screen);
  }
  await context.close();
});
