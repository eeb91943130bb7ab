import { residentIdCheckChar } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { CaseList } from './pages/case-list.ts';
import { HandoverSlips } from './pages/handover-slips.ts';

test('a walk-in intake with two photos ends with a printed receipt', async ({ page }) => {
  const agent = new AgentApp(page);
  await agent.signIn('dnh-agent', 'daiban-agent');
  await agent.waitUntilSynced();

  const first17 = '43098119551120004';
  const idNumber = first17 + residentIdCheckChar(first17);
  await agent.newCase.register({ name: '李春兰', idNumber, phone: '13907370456' });
  const caseNumber = await agent.newCase.openCase('最低生活保障');
  await agent.case.attachPhoto(0, await agent.case.cameraPhoto(1600, 1200));
  await agent.case.shootWithCamera(1);
  // A scan taken sideways is turned a quarter; a material the village has verified is waived, with the reason.
  const before = await agent.case.storedPhoto(0);
  await agent.case.rotatePhoto(0);
  await expect(agent.case.thumbs(0)).toHaveJSProperty('naturalWidth', before.height);
  expect((await agent.case.storedPhoto(0)).height).toBe(before.width);
  const third = await agent.case.waive(2, '村委会已核实家庭情况');
  await expect(third).toContainText('村委会已核实家庭情况');
  await agent.case.receive();

  const receipt = await agent.case.openReceipt();
  await expect(receipt.number).toHaveText(caseNumber);
  await expect(receipt.sheet).toContainText('李春兰');
  await expect(receipt.sheet).toContainText(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
  await expect(receipt.sheet).not.toContainText(idNumber);
  await expect(receipt.received.getByRole('listitem')).toHaveCount(3);
  await expect(receipt.received).toContainText('(免交)');
  await expect(receipt.missing.getByRole('listitem')).not.toHaveCount(0);
  await expect(receipt.sheet).toContainText('承诺时限');
  await expect(receipt.signatures).toContainText('代办员签名');
  await expect(receipt.signatures).toContainText('申请人（或代理人）签名');
  await expect(receipt.sheet).toContainText('代办员：李春梅，电话');
  await expect(receipt.sheet).toContainText('千山红镇便民服务中心：电话 0737-');
  await expect(receipt.qrCode).toBeVisible();

  // The print view: only the receipt, on A4 and on an 80 mm receipt printer.
  await page.emulateMedia({ media: 'print' });
  await expect(agent.menu()).toBeHidden();
  await expect(agent.syncBanner()).toBeHidden();
  await expect(receipt.sheet).toBeVisible();
  const a4 = await page.pdf({ preferCSSPageSize: true });
  expect(a4.subarray(0, 5).toString()).toBe('%PDF-');
  await page.emulateMedia({ media: 'screen' });
  await receipt.useNarrowPaper();
  await page.emulateMedia({ media: 'print' });
  const narrowWidth = await receipt.sheet.evaluate((el) => el.getBoundingClientRect().width);
  expect(narrowWidth).toBeLessThan(300);
  expect((await page.pdf({ preferCSSPageSize: true })).length).toBeGreaterThan(1000);

  // Back in the case list, the case is found by the last four characters of the ID number.
  await page.emulateMedia({ media: 'screen' });
  await agent.go('代办件');
  const cases = new CaseList(page);
  await cases.search(idNumber.slice(-4));
  await expect(cases.count).toHaveText('共 1 件');
  await expect(cases.list).toContainText(caseNumber);
  // In 大字 on a tablet held upright a row wraps, and grows to hold its text instead of cutting it off.
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 800, height: 1280 });
  await agent.setLargeText(true);
  await expect(async () => {
    const size = await cases.row(caseNumber).evaluate((a) => ({
      needs: a.scrollHeight,
      shows: a.clientHeight,
      slot: a.parentElement!.offsetHeight,
    }));
    expect(size.needs).toBeLessThanOrEqual(size.shows);
    expect(size.slot).toBeGreaterThanOrEqual(size.shows);
  }).toPass();
  await agent.setLargeText(false);
  await page.setViewportSize(viewport);
  await cases.filterByStatus('accepted');
  await expect(cases.nothingFound).toBeVisible();

  // The paper originals go to the township on a handover slip (交接单).
  await agent.go('交接单');
  const slips = new HandoverSlips(page);
  await slips.create([caseNumber]);
  await expect(slips.number).toHaveText(/^DNH-T\d{2}-\d{8}-J01$/);
  await expect(slips.item(caseNumber)).toContainText('李春兰');
  await expect(slips.qrCode).toBeVisible();
  await agent.go('代办件');
  await cases.filterByStatus('');
  await cases.row(caseNumber).click();
  await expect(agent.case.custody).toContainText('在途');
});
