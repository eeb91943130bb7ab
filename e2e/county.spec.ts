import { chinaMonth } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { CountyApp } from './pages/county-app.ts';
import { TownshipAdmin } from './pages/township-admin.ts';

test('the county administrator creates a township with its admin, publishes a county item the townships use, and reads the county report', async ({
  browser,
}) => {
  const county = new CountyApp(await (await browser.newContext()).newPage());
  await county.signIn();
  // The demo county's two townships (by code), 千山红镇 with its ten villages.
  await expect(county.townships()).toHaveCount(2);
  await expect(county.townships()).toContainText(['千山红镇', '新安镇']);
  await expect(county.township('QSH')).toContainText('千山红镇');
  await expect(county.township('QSH')).toContainText('10 个村（社区）');
  await expect(county.township('QSH')).toContainText('（admin）');

  await county.createTownship({
    code: 'NHZ',
    name: '南湖洲镇',
    phone: '0737-5550200',
    address: '南湖洲镇人民路 2 号',
    admin: { username: 'nhz-admin', displayName: '李建国', phone: '13800000301', password: 'nanhu-admin-1' },
  });
  await expect(county.townships()).toHaveCount(3);
  await expect(county.township('NHZ')).toContainText('0 个村（社区） · 0 名代办员');
  await expect(county.township('NHZ')).toContainText('李建国（nhz-admin）');
  await county.addAdmin('NHZ', { username: 'nhz-admin-2', displayName: '赵敏', phone: '13800000302', password: 'nanhu-admin-2' });
  await expect(county.township('NHZ')).toContainText('赵敏（nhz-admin-2）');
  await county.setLargeText(true);
  await county.go('乡镇');
  await county.setLargeText(false);

  // The new township's administrator signs in to the township centre.
  const nhzContext = await browser.newContext();
  const nhz = new TownshipAdmin(await nhzContext.newPage());
  await nhz.signIn('nhz-admin', 'nanhu-admin-1');
  await expect(nhz.menu()).toContainText('南湖洲镇');
  await nhzContext.close();

  // A county item reaches every township; one that publishes its own version leaves it until it follows again.
  await county.go('县级事项');
  await county.createItem({
    code: 'XJ-001',
    name: '县级试点事项',
    legalBasis: '县人民政府办公室关于推行村级代办的通知',
    eligibility: '本县户籍居民',
    material: '居民身份证',
    step: '村代办员收件，报乡镇受理',
  });
  await expect(county.item('XJ-001')).toContainText('第 1 版');
  await county.openItem('XJ-001', '县级试点事项');
  await expect(county.itemTownship('千山红镇')).toContainText('使用县级事项');

  const qshContext = await browser.newContext();
  const qsh = new TownshipAdmin(await qshContext.newPage());
  await qsh.signIn();
  await qsh.openCatalog();
  const form = await qsh.editItem('XJ-001');
  await expect(qsh.countyState()).toContainText('县级事项（县第 1 版）');
  await form.getByLabel('办理时限').fill('5');
  await form.getByRole('button', { name: '发布新版本' }).click();
  await expect(qsh.status()).toContainText('已发布：县级试点事项');
  await qsh.editItem('XJ-001');
  await expect(qsh.countyState()).toContainText('本镇版本');

  await county.page.reload();
  await expect(county.itemTownship('千山红镇')).toContainText('本镇版本');
  await county.changeTimeLimit(15, 2);
  await expect(county.itemTownship('千山红镇')).toContainText('本镇版本');

  await qsh.followCounty();
  await expect(qsh.item('XJ-001')).toContainText('15 个工作日');
  await county.page.reload();
  await expect(county.itemTownship('千山红镇')).toContainText('使用县级事项');
  await qshContext.close();

  // 全县通报: a row per township and the county's total.
  const month = chinaMonth(new Date());
  await county.openReport(month);
  const [year, mon] = month.split('-');
  await expect(county.reportTitle()).toContainText(`${year}年${Number(mon)}月 代办工作通报`);
  await expect(county.reportRow('QSH')).toContainText('千山红镇');
  await expect(county.reportRow('NHZ')).toContainText('南湖洲镇');
  await expect(county.reportRow('total')).toContainText('全县合计');
  const xlsx = await county.downloadReport();
  expect(xlsx.name).toBe(`daiban-county-report-${month}.xlsx`);
  expect(xlsx.rows.map((row) => row[0])).toEqual(expect.arrayContaining(['千山红镇', '南湖洲镇', '新安镇', '全县合计']));

  expect(county.syncRequests).toEqual([]);
  await county.signOut();
});
