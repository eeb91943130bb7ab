import { PROTOCOL_HEADER, PROTOCOL_VERSION, type PullResponse, residentIdCheckChar, type Session } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';

const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

test('a home visit done entirely offline, with the consent signed on screen, reaches the ledger', async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({ permissions: ['geolocation'], geolocation: { latitude: 29.03, longitude: 112.55 } });
  const agent = new AgentApp(await context.newPage());
  const page = agent.page;

  // The day before, online: register the villager and plan the visit.
  await agent.signIn('xhk-agent', 'daiban-agent');
  await agent.waitForOfflineReady();
  await agent.waitUntilSynced();
  const first17 = '43098119380607008';
  await page.getByRole('link', { name: '上门代办' }).click();
  // Not registered yet: 查无此人, and she is registered from here.
  await page.getByPlaceholder('姓名、身份证后4位或电话').fill('彭老太');
  await expect(page.getByTestId('no-such-villager')).toContainText('查无此人');
  await agent.fillApplicantForm({ name: '彭老太', idNumber: first17 + residentIdCheckChar(first17), phone: '13807370999' });
  const plan = page.getByRole('form', { name: '安排上门服务' });
  await expect(page.getByRole('radio', { name: /彭老太/ })).toBeChecked();
  await plan.getByLabel('地址').fill('小河口村5组8号');
  await plan.getByLabel('代办事项').selectOption({ label: '残疾人证办理（新办）' });
  await plan.getByRole('button', { name: '安排上门服务' }).click();
  await expect(page.getByTestId('visit-row')).toContainText('彭老太');
  await agent.syncNow();
  await agent.waitUntilSynced();

  // On the visit: no network all day.
  await context.setOffline(true);
  await agent.reload();
  await page.getByRole('button', { name: '大字' }).click();
  await expect(page.locator('html')).toHaveClass(/large-text/);
  await page.getByTestId('visit-row').click();
  await expect(page.locator('.guidance-aloud')).toContainText('残疾人证办理（新办）');
  await page.getByRole('button', { name: '现场建立代办件' }).click();
  await agent.attachPhoto(0, await agent.cameraPhoto(1200, 900));
  await agent.receive();
  await page.goBack();

  const record = page.getByRole('region', { name: '上门服务记录' });
  await record.getByLabel('在场人员').fill('本人、儿子彭某');
  await record.getByRole('button', { name: '记录位置' }).click();
  await expect(record).toContainText('位置已记录');
  await record.getByRole('button', { name: '保存上门记录' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '请申请人签名或按手印' })).toBeVisible();
  const pad = record.getByTestId('signature-pad');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 60);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + 30 + i * 15, box.y + 60 + (i % 5) * 12);
  await page.mouse.up();
  await record.getByRole('button', { name: '保存上门记录' }).click();
  await expect(page.getByTestId('visit-recorded')).toContainText('本人、儿子彭某');
  await page.getByRole('button', { name: '大字' }).click();

  // Back online: everything arrives, the signature as a verified blob.
  await context.setOffline(false);
  await agent.syncNow();
  await agent.waitUntilSynced();
  const login = await request.post('/api/auth/login', {
    headers,
    data: { username: 'xhk-agent', password: 'daiban-agent', deviceName: 'check' },
  });
  const auth = { ...headers, authorization: `Bearer ${((await login.json()) as Session).token}` };
  const pulled = (await (await request.get('/api/sync/pull?limit=1000', { headers: auth })).json()) as PullResponse;
  const visit = pulled.visits.find((v) => v.address === '小河口村5组8号');
  expect(visit).toMatchObject({ status: 'done', present: '本人、儿子彭某', location: { lat: 29.03, lon: 112.55 } });
  expect(visit?.caseId).toBe(pulled.cases.find((c) => c.channel === 'home_visit')?.id);
  const status = await request.get(`/api/blobs/${visit?.consent?.sha256}/status`, { headers: auth });
  expect(await status.json()).toMatchObject({ complete: true, size: visit?.consent?.size });
  await context.close();
});
