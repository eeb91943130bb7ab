import { expect, test } from '@playwright/test';
import { AGENT_PIN, AgentApp } from './pages/agent-app.ts';
import { CountyApp } from './pages/county-app.ts';
import { enrolWithCode } from './pages/sign-in.ts';
import { TownshipAdmin } from './pages/township-admin.ts';

test('the admin of a new township adds its first village and creates an agent in it, whose tablet enrols there', async ({
  browser,
}) => {
  // The county creates 莲塘镇: a township with an admin and no village yet.
  const countyContext = await browser.newContext();
  const county = new CountyApp(await countyContext.newPage());
  await county.signIn();
  await county.createTownship({
    code: 'LTZ',
    name: '莲塘镇',
    phone: '0737-5550400',
    address: '莲塘镇正街 8 号',
    admin: { username: 'ltz-admin', displayName: '彭玉兰', phone: '13800000401', password: 'liantang-admin-1' },
  });
  await countyContext.close();

  const adminContext = await browser.newContext();
  const admin = new TownshipAdmin(await adminContext.newPage());
  await admin.signIn('ltz-admin', 'liantang-admin-1');
  await admin.openVillages();
  await expect(admin.villages()).toHaveCount(0);
  await expect(admin.page.getByText('还没有村（社区）')).toBeVisible();

  // What is wrong is said on the page: a code not of 2–4 capital letters, a code already used on the server.
  await admin.addVillage({ code: 'L1', name: '莲塘村' });
  await expect(admin.alert()).toContainText('村代码为 2–4 个大写字母');
  await admin.addVillage({ code: 'dxg', name: '莲塘村' });
  await expect(admin.alert()).toContainText('村代码 DXG 已被本服务器上的其他乡镇使用');
  await expect(admin.villages()).toHaveCount(0);

  await admin.addVillage({ code: 'ltc', name: '莲塘村' });
  await expect(admin.status()).toContainText('已添加：莲塘村（LTC）');
  await expect(admin.alert()).toHaveCount(0);
  await expect(admin.villages()).toHaveText([/莲塘村\s*LTC/]);
  await admin.addVillage({ code: 'LTX', name: '莲塘村' });
  await expect(admin.alert()).toContainText('本乡镇已有莲塘村');

  // The account form offers the new village; its agent enrols a tablet with a code.
  await admin.openAccounts();
  await admin.createAgent({ username: 'ltc-agent', displayName: '彭春生', phone: '13800000402', village: '莲塘村', post: 'A岗' });
  await expect(admin.page.getByTestId('account-ltc-agent')).toContainText('莲塘村 · A岗');
  const code = await admin.issueCode('ltc-agent');

  const tabletContext = await browser.newContext();
  const tablet = new AgentApp(await tabletContext.newPage());
  await enrolWithCode(tablet.page, { username: 'ltc-agent', code, newPassword: 'liantang-2026', deviceName: '莲塘村平板' });
  tablet.password = 'liantang-2026';
  await tablet.choosePin(AGENT_PIN);
  await expect(tablet.menu()).toContainText('莲塘村');
  await tablet.waitUntilSynced();
  await tabletContext.close();
  await adminContext.close();
});
