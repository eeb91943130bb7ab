import { chinaDate, residentIdCheckChar } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { ReviewApp } from './pages/review-app.ts';

const THREE_DAYS = 3 * 86_400_000;

test('a tablet whose clock runs three days ahead is warned, and its case number and receipt carry the server’s date', async ({
  browser,
}) => {
  const context = await browser.newContext();
  // The tablet's own clock: three days ahead of the township server's.
  await context.addInitScript((ahead) => {
    const RealDate = Date;
    class TabletDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(RealDate.now() + ahead);
        else super(...(args as [number, number]));
      }
      static override now() {
        return RealDate.now() + ahead;
      }
    }
    globalThis.Date = TabletDate as DateConstructor;
  }, THREE_DAYS);
  const agent = new AgentApp(await context.newPage());
  await agent.signIn('xhk-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  await expect(agent.clockSkew()).toContainText('相差约 4320 分钟');

  const first17 = '43098119600101002';
  const before = chinaDate(new Date()).replaceAll('-', '');
  await agent.newCase.register({ name: '彭秋菊', idNumber: first17 + residentIdCheckChar(first17), phone: '13907370999' });
  const caseNumber = await agent.newCase.openCase('最低生活保障');
  const after = chinaDate(new Date()).replaceAll('-', '');
  expect([before, after]).toContain(caseNumber.split('-')[2]);
  await agent.case.receive();

  const receipt = await agent.case.openReceipt();
  await expect(receipt.number).toHaveText(caseNumber);
  // 受理时间 by the server's clock (the browser and this test share the machine's time zone).
  const days = [0, 1].map((later) => new Date(Date.now() - later * 60_000).toLocaleDateString('zh-CN'));
  await expect(receipt.sheet).toContainText(new RegExp(`受理时间(${days.join('|')})`));
  await expect(receipt.sheet).not.toContainText(new Date(Date.now() + THREE_DAYS).toLocaleDateString('zh-CN'));
  await expect(receipt.uncheckedClock).toHaveCount(0);
  await context.close();

  // The township's device list shows the tablet's clock as wrong, among the devices that need a look.
  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');
  await review.openOversight();
  // 彭小芳 may have other tablets from other specs: this one is the one three days ahead.
  const clocks = review.devices('彭小芳').getByTestId('device-clock');
  await expect(clocks.filter({ hasText: '时钟偏差 4320 分钟' })).toHaveClass(/status-rejected/);
});
