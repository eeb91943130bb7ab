import { residentIdCheckChar } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AGENT_PIN, AgentApp } from './pages/agent-app.ts';
import { enrolWithCode } from './pages/sign-in.ts';
import { TownshipAdmin } from './pages/township-admin.ts';

const REVOKED = '设备已被乡镇停用，未同步的数据仍保存在本机，请联系乡镇管理员';

test('the admin enrols a new agent’s tablet with a one-time code, then revokes it: the tablet keeps its unsynced case', async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const admin = new TownshipAdmin(await adminContext.newPage());
  await admin.signIn();
  await admin.openAccounts();
  await admin.createAgent({
    username: 'ng-agent-c',
    displayName: '罗春花',
    phone: '13800000305',
    village: '南港村',
    post: 'B岗',
  });
  const code = await admin.issueCode('ng-agent-c');

  // A fresh tablet enrols with the code; the agent sets the account's first password.
  const tabletContext = await browser.newContext();
  const tablet = new AgentApp(await tabletContext.newPage());
  const page = tablet.page;
  await enrolWithCode(page, {
    username: 'ng-agent-c',
    code: code.toLowerCase(),
    newPassword: 'nangang-2026',
    deviceName: '南港村新平板',
  });
  tablet.password = 'nangang-2026';
  await tablet.choosePin(AGENT_PIN);
  await expect(tablet.syncBanner()).toBeVisible();
  await expect(tablet.menu()).toContainText('南港村');
  await tablet.waitUntilSynced();

  // The code was for one use only.
  const second = await browser.newContext();
  const other = await second.newPage();
  await enrolWithCode(other, { username: 'ng-agent-c', code });
  await expect(other.getByRole('alert')).toContainText('此登记码已使用过');
  await second.close();

  // Offline, the agent opens a case; meanwhile the township revokes the tablet.
  await tabletContext.setOffline(true);
  const first17 = '43098119520714006';
  await tablet.newCase.register({ name: '罗老汉', idNumber: first17 + residentIdCheckChar(first17), phone: '13807370714' });
  const caseNumber = await tablet.newCase.openCase('残疾人证');
  await expect(tablet.pending()).toContainText('待同步');
  await admin.page.reload();
  await admin.revokeDevice('南港村新平板');

  // Back online, the next sync (the link coming back starts one) is refused: the tablet says why.
  await tabletContext.setOffline(false);
  await expect(tablet.deviceRevoked()).toHaveText(REVOKED, { timeout: 30_000 });
  await expect(tablet.pending()).toContainText('待同步');
  await tablet.go('代办件');
  await expect(tablet.caseRow(caseNumber)).toBeVisible();

  // After a reload the PIN opens nothing (the township dropped the device's key share); the
  // password still opens the tablet: the message is still there, and so is the case.
  await page.reload();
  await tablet.typePin(AGENT_PIN);
  await expect(tablet.lockScreen().getByRole('alert')).toContainText('PIN 已不能解锁本机');
  await tablet.unlockWithPassword('nangang-2026');
  await tablet.keepPin();
  await expect(tablet.deviceRevoked()).toHaveText(REVOKED);
  await expect(tablet.caseRow(caseNumber)).toBeVisible();
  await expect(tablet.syncBanner().getByRole('button', { name: '同步' })).toBeDisabled();
  await tabletContext.close();
  await adminContext.close();
});
