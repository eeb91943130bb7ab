import { PROTOCOL_HEADER, PROTOCOL_VERSION, type PullResponse, residentIdCheckChar, type Session } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { HomeVisits } from './pages/home-visits.ts';

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
  await agent.go('上门代办');
  const visits = new HomeVisits(page);
  // Not registered yet: 查无此人, and she is registered from here.
  await visits.findVillager('彭老太');
  await expect(visits.noSuchVillager()).toContainText('查无此人');
  await agent.newCase.fillApplicantForm({
    name: '彭老太',
    idNumber: first17 + residentIdCheckChar(first17),
    phone: '13807370999',
  });
  await expect(visits.villager('彭老太')).toBeChecked();
  await visits.schedule({ address: '小河口村5组8号', item: '残疾人证办理（新办）' });
  await expect(visits.row).toContainText('彭老太');
  await agent.syncNow();
  await agent.waitUntilSynced();

  // On the visit: no network all day.
  await context.setOffline(true);
  await agent.reload();
  await agent.setLargeText(true);
  await visits.openVisit();
  await expect(visits.guidance()).toContainText('残疾人证办理（新办）');
  await visits.openCaseOnTheSpot();
  await agent.case.attachPhoto(0, await agent.case.cameraPhoto(1200, 900));
  await agent.case.receive();
  await page.goBack();

  await visits.fillRecord('本人、儿子彭某');
  await visits.save();
  await expect(agent.alert('请申请人签名或按手印')).toBeVisible();
  await visits.sign();
  await visits.save();
  await expect(visits.recorded).toContainText('本人、儿子彭某');
  await agent.setLargeText(false);

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
