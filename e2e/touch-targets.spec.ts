import { residentIdCheckChar } from '@daiban/schemas';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { AgentApp, type AgentScreen } from './pages/agent-app.ts';
import { apiTablet } from './pages/api-tablet.ts';
import { CountyApp, type CountyScreen } from './pages/county-app.ts';
import type { TownshipScreen } from './pages/review-app.ts';
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
            `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
          ]
        : [];
    });
  });
}

/** The menu wraps between its items, never inside one (代办/件 on an upright tablet). */
async function menuItemsWrappedInside(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.topbar nav a, .topbar nav button')]
      .filter((el) => el.getBoundingClientRect().height > 1.9 * Number.parseFloat(getComputedStyle(el).lineHeight || '0'))
      .map((el) => el.textContent),
  );
}

/** A case submitted from 永胜村 whose first material has two scans (screenshots: real PNG images). */
async function caseWithTwoScans(request: APIRequestContext, page: Page) {
  const scene = await apiTablet(request, 'ys-agent');
  const viewport = page.viewportSize()!;
  const first = await scene.uploadImage(await page.screenshot());
  await page.setViewportSize({ width: 400, height: 300 });
  const second = await scene.uploadImage(await page.screenshot());
  await page.setViewportSize(viewport);
  const { opened } = await scene.submittedCase('胡冬生', undefined, [first, second]);
  return opened.caseNumber;
}

const SIZES = [
  ['landscape', { width: 1280, height: 800 }],
  ['portrait', { width: 800, height: 1280 }],
] as const;

for (const [i, [name, viewport]] of SIZES.entries()) {
  for (const large of [false, true]) {
    // Each run registers a villager of its own: the same ID number twice in a village is refused.
    const first17 = ['43098119500101012', '43098119500101004', '43098119500101020', '43098119500101039'][2 * i + Number(large)]!;
    const setting = `${name}${large ? ', 大字' : ''}`;

    test(`every control an agent touches is at least 44×44 px (${setting})`, async ({ browser }) => {
      const context = await browser.newContext({ viewport });
      const agent = new AgentApp(await context.newPage());
      const page = agent.page;
      await agent.signIn(large ? 'ys-agent-b' : 'ys-agent', 'daiban-agent');
      await agent.waitUntilSynced();
      await agent.setLargeText(large);
      await agent.newCase.register({ name: '曾秋生', idNumber: first17 + residentIdCheckChar(first17), phone: '13907370555' });
      await agent.newCase.openCase('最低生活保障');
      expect(await tooSmall(page), 'case page').toEqual([]);
      const screens: AgentScreen[] = ['代办件', '新建代办', '上门代办', '交接单', '事项指南'];
      for (const screen of screens) {
        await agent.go(screen);
        expect(await tooSmall(page), screen).toEqual([]);
      }
      expect(await menuItemsWrappedInside(page)).toEqual([]);
      await context.close();
    });

    test(`every control the township touches is at least 44×44 px (${setting})`, async ({ browser, request }) => {
      const context = await browser.newContext({ viewport });
      const admin = new TownshipAdmin(await context.newPage());
      const page = admin.page;
      const caseNumber = await caseWithTwoScans(request, page);
      await admin.signIn();
      await admin.setLargeText(large);
      expect(await tooSmall(page), '审核').toEqual([]);
      await admin.openCase(caseNumber);
      expect(await tooSmall(page), 'review').toEqual([]);
      const viewer = await admin.openPhoto();
      expect(await tooSmall(page), 'image viewer').toEqual([]);
      await viewer.close();
      const screens: TownshipScreen[] = [
        '台账与设备',
        '交接确认',
        '事项管理',
        '村（社区）',
        '账号与设备',
        '节假日',
        '抽查',
        '月度通报',
      ];
      for (const screen of screens) {
        await admin.go(screen);
        expect(await tooSmall(page), screen).toEqual([]);
      }
      expect(await menuItemsWrappedInside(page)).toEqual([]);
      await context.close();
    });

    test(`every control the county touches is at least 44×44 px (${setting})`, async ({ browser }) => {
      const context = await browser.newContext({ viewport });
      const county = new CountyApp(await context.newPage());
      const page = county.page;
      await county.signIn();
      await county.setLargeText(large);
      const screens: CountyScreen[] = ['乡镇', '县级事项', '全县通报'];
      for (const screen of screens) {
        await county.go(screen);
        expect(await tooSmall(page), screen).toEqual([]);
      }
      await county.go('县级事项');
      await county.openItem('MZ-001', '最低生活保障申请');
      expect(await tooSmall(page), 'county item').toEqual([]);
      expect(await menuItemsWrappedInside(page)).toEqual([]);
      await context.close();
    });
  }
}
