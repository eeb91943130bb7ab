import { residentIdCheckChar } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';

test('a walk-in intake with two photos ends with a printed receipt', async ({ page }) => {
  const agent = new AgentApp(page);
  await agent.signIn('dnh-agent', 'daiban-agent');
  await agent.waitUntilSynced();

  const first17 = '43098119551120004';
  const idNumber = first17 + residentIdCheckChar(first17);
  await agent.registerApplicant({ name: '李春兰', idNumber, phone: '13907370456' });
  const caseNumber = await agent.openCase('最低生活保障');
  await agent.attachPhoto(0, await agent.cameraPhoto(1600, 1200));
  await agent.shootWithCamera(1);
  // A scan taken sideways is turned a quarter; a material the village has verified is waived, with the reason.
  const before = await agent.storedPhoto(0);
  await page.locator('li.material').nth(0).getByRole('button', { name: '旋转' }).click();
  await expect(page.locator('li.material').nth(0).locator('img.thumb')).toHaveJSProperty('naturalWidth', before.height);
  expect((await agent.storedPhoto(0)).height).toBe(before.width);
  const third = page.locator('li.material').nth(2);
  await third.getByRole('button', { name: '免交' }).click();
  await third.getByLabel('原因').fill('村委会已核实家庭情况');
  await third.getByRole('button', { name: '确定' }).click();
  await expect(third).toContainText('村委会已核实家庭情况');
  await expect(third.locator('.badge')).toHaveText('免交');
  await agent.receive();

  await page.getByRole('link', { name: '打印受理回执' }).click();
  const receipt = page.getByTestId('receipt');
  await expect(receipt.getByTestId('receipt-number')).toHaveText(caseNumber);
  await expect(receipt).toContainText('李春兰');
  await expect(receipt).toContainText(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
  await expect(receipt).not.toContainText(idNumber);
  await expect(receipt.getByTestId('receipt-received').getByRole('listitem')).toHaveCount(3);
  await expect(receipt.getByTestId('receipt-received')).toContainText('(免交)');
  await expect(receipt.getByTestId('receipt-missing').getByRole('listitem')).not.toHaveCount(0);
  await expect(receipt).toContainText('承诺时限');
  await expect(receipt.getByTestId('receipt-signatures')).toContainText('代办员签名');
  await expect(receipt.getByTestId('receipt-signatures')).toContainText('申请人（或代理人）签名');
  await expect(receipt).toContainText('代办员：李春梅，电话');
  await expect(receipt).toContainText('千山红镇便民服务中心：电话 0737-');
  await expect(receipt.getByRole('img', { name: '办件编号二维码' })).toBeVisible();

  // The print view: only the receipt, on A4 and on an 80 mm receipt printer.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.getByTestId('sync-banner')).toBeHidden();
  await expect(receipt).toBeVisible();
  const a4 = await page.pdf({ preferCSSPageSize: true });
  expect(a4.subarray(0, 5).toString()).toBe('%PDF-');
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: '80 毫米小票' }).click();
  await page.emulateMedia({ media: 'print' });
  const narrowWidth = await receipt.evaluate((el) => el.getBoundingClientRect().width);
  expect(narrowWidth).toBeLessThan(300);
  expect((await page.pdf({ preferCSSPageSize: true })).length).toBeGreaterThan(1000);

  // Back in the case list, the case is found by the last four characters of the ID number.
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('link', { name: '代办件' }).first().click();
  await page.getByLabel('姓名、身份证后4位或办件编号').fill(idNumber.slice(-4));
  await expect(page.getByTestId('case-count')).toHaveText('共 1 件');
  await expect(page.getByTestId('case-list')).toContainText(caseNumber);
  // In 大字 on a tablet held upright a row wraps, and grows to hold its text instead of cutting it off.
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 800, height: 1280 });
  await page.getByRole('button', { name: '大字' }).click();
  const row = page.getByTestId('case-list').getByRole('link', { name: new RegExp(caseNumber) });
  await expect(async () => {
    const size = await row.evaluate((a) => ({
      needs: a.scrollHeight,
      shows: a.clientHeight,
      slot: a.parentElement!.offsetHeight,
    }));
    expect(size.needs).toBeLessThanOrEqual(size.shows);
    expect(size.slot).toBeGreaterThanOrEqual(size.shows);
  }).toPass();
  await page.getByRole('button', { name: '大字' }).click();
  await page.setViewportSize(viewport);
  await page.getByLabel('状态').selectOption('accepted');
  await expect(page.getByText('没有符合条件的代办件。')).toBeVisible();

  // The paper originals go to the township on a handover slip (交接单).
  await page.getByRole('link', { name: '交接单' }).click();
  await page.getByTestId(`candidate-${caseNumber}`).getByRole('checkbox').check();
  await page.getByRole('button', { name: '生成交接单（1 件）' }).click();
  const slip = page.getByTestId('handover-slip');
  await expect(slip.getByTestId('slip-number')).toHaveText(/^DNH-T\d{2}-\d{8}-J01$/);
  await expect(slip.getByTestId(`slip-item-${caseNumber}`)).toContainText('李春兰');
  await expect(slip.getByRole('img', { name: '交接单号二维码' })).toBeVisible();
  await page.getByRole('link', { name: '代办件' }).first().click();
  await page.getByLabel('状态').selectOption('');
  await page.getByRole('link', { name: new RegExp(caseNumber) }).click();
  await expect(page.getByTestId('custody')).toContainText('在途');
});
