import { residentIdCheckChar } from '@daiban/schemas';
import { expect, type Page, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { TownshipAdmin } from './pages/township-admin.ts';

/** Every visible button and link on the page smaller than a fingertip (44×44 CSS px), described. */
async function tooSmall(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>('button, a[href], [role="button"], select')];
    return controls.flatMap((el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') return [];
      if (el.closest('.print-only, [hidden]')) return [];
      return box.width < 44 || box.height < 44
        ? [
            `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
          ]
        : [];
    });
  });
}

for (const [name, viewport] of [
  ['landscape', { width: 1280, height: 800 }],
  ['portrait', { width: 800, height: 1280 }],
] as const) {
  for (const large of [false, true]) {
    test(`every control an agent touches is at least 44×44 px (${name}${large ? ', 大字' : ''})`, async ({ browser }) => {
      const context = await browser.newContext({ viewport });
      const agent = new AgentApp(await context.newPage());
      const page = agent.page;
      await agent.signIn(large ? 'ys-agent-b' : 'ys-agent', 'daiban-agent');
      await agent.waitUntilSynced();
      if (large) await page.getByRole('button', { name: '大字' }).click();
      const first17 = large ? '43098119500101004' : '43098119500101012';
      await agent.registerApplicant({ name: '曾秋生', idNumber: first17 + residentIdCheckChar(first17), phone: '13907370555' });
      const caseNumber = await agent.openCase('最低生活保障');
      const screens: [string, () => Promise<unknown>][] = [
        ['case page', async () => expect(page.getByTestId('case-number')).toHaveText(caseNumber)],
        ['case list', () => page.getByRole('link', { name: '代办件' }).first().click()],
        ['new case', () => page.getByRole('link', { name: '新建代办' }).first().click()],
        ['home visits', () => page.getByRole('link', { name: '上门代办' }).click()],
        ['handover slips', () => page.getByRole('link', { name: '交接单' }).click()],
        ['catalog', () => page.getByRole('link', { name: '事项指南' }).click()],
      ];
      for (const [screen, open] of screens) {
        await open();
        await page.waitForTimeout(100);
        expect(await tooSmall(page), screen).toEqual([]);
      }
      // The menu wraps between its items, never inside one (代办/件 on an upright tablet).
      const wrapped = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.topbar nav a, .topbar nav button')]
          .filter((el) => el.getBoundingClientRect().height > 1.9 * Number.parseFloat(getComputedStyle(el).lineHeight || '0'))
          .map((el) => el.textContent),
      );
      expect(wrapped).toEqual([]);
      await context.close();
    });
  }
}

for (const [name, viewport] of [
  ['landscape', { width: 1280, height: 800 }],
  ['portrait', { width: 800, height: 1280 }],
] as const) {
  test(`every control on the township's screens is at least 44×44 px (${name})`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const admin = new TownshipAdmin(await context.newPage());
    const page = admin.page;
    await admin.signIn();
    for (const screen of ['审核', '台账与设备', '交接确认', '事项管理', '账号与设备', '节假日', '抽查', '月度通报']) {
      await page.getByRole('link', { name: screen, exact: true }).click();
      await page.waitForTimeout(300);
      expect(await tooSmall(page), screen).toEqual([]);
    }
    await context.close();
  });
}
