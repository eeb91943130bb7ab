import { type CaseSummary, residentIdCheckChar, type Session } from '@daiban/schemas';
import { expect, type Page, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { protocolHeaders } from './pages/api-tablet.ts';
import { PORT } from './playwright.config.ts';

const FULL = '存储空间已满：请先连网同步，或删除草稿中的照片；已保存的内容不会丢失';
const BASE = `http://127.0.0.1:${PORT}`;
const QUOTA = 2.5 * 1024 * 1024;

/** A photo of pure noise: JPEG cannot shrink it, so even downscaled it is stored at about 1.5 MB. */
async function noisyPhoto(page: Page, width: number, height: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w, h);
      const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      const image = g.createImageData(w, h);
      for (let i = 0; i < image.data.length; i += 65536) crypto.getRandomValues(image.data.subarray(i, i + 65536));
      for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
      g.putImageData(image, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      return new Promise<string>((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as string);
        reader.readAsDataURL(blob);
      });
    },
    [width, height] as const,
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

test('a full tablet refuses a big photo with a clear message, loses nothing saved, and still syncs', async ({
  browser,
  request,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A small tablet: Chromium reads an origin's quota override when the origin first uses its
  // storage, so it is set before the app is opened. The app, its shell (with the pulled-page
  // checker's worker) and the catalog take about 1.8 MB; 2.5 MB leaves room for the day's small
  // writes but not for a big photo.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: BASE, quotaSize: QUOTA });
  const agent = new AgentApp(page);
  await agent.signIn('hx-agent', 'daiban-agent');
  await agent.waitForOfflineReady();
  await agent.waitUntilSynced();

  // Offline, two cases are saved: one received with its photo, one a draft.
  await context.setOffline(true);
  const first17 = '43098119450612005';
  await agent.newCase.register({ name: '胡德顺', idNumber: first17 + residentIdCheckChar(first17), phone: '13807370111' });
  const received = await agent.newCase.openCase('残疾人证');
  await agent.case.attachPhoto(0, await agent.case.cameraPhoto(800, 600));
  await agent.case.receive();
  await agent.go('新建代办');
  await agent.newCase.chooseApplicant('胡德顺');
  const draft = await agent.newCase.openCase('残疾人证');

  // 设备存储 shows what the browser allows and what waits to upload.
  const panel = await agent.openStorage();
  await expect(panel.getByTestId('usage')).toHaveText(/^已用 .+，共 .+（\d+%）$/);
  await expect(panel.getByTestId('pending-photos')).toHaveText(/^待上传照片 1 张，共 \d+ KB$/);
  await expect(panel.getByTestId('persisted')).toContainText('持久存储');

  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  expect(usage).toBeLessThan(QUOTA - 300 * 1024);

  // A big photo for the draft does not fit: the agent is told what happened and what to do.
  await agent.openCaseFromList(draft);
  await agent.case.pickPhoto(0, await noisyPhoto(page, 2048, 1536));
  await expect(agent.alert('存储空间已满')).toHaveText(FULL);
  await expect(agent.case.thumbs(0)).toHaveCount(0);

  // Nothing saved before is lost: both cases, the received one with its photo.
  await agent.go('代办件');
  await expect(agent.caseRow(received)).toBeVisible();
  await expect(agent.caseRow(draft)).toBeVisible();
  await agent.openCaseFromList(received);
  await expect(agent.case.thumbs(0)).toHaveCount(1);
  await expect(agent.case.status).toHaveText('已受理（村）');

  // Back online, still on the small quota: everything syncs and the township has both cases.
  await context.setOffline(false);
  await agent.syncNow();
  await agent.waitUntilSynced();
  const login = await request.post('/api/auth/login', {
    headers: protocolHeaders,
    data: { username: 'supervisor', password: 'daiban-review', deviceName: 'e2e check' },
  });
  const { token } = (await login.json()) as Session;
  const res = await request.get('/api/cases', { headers: { ...protocolHeaders, authorization: `Bearer ${token}` } });
  const { cases } = (await res.json()) as { cases: CaseSummary[] };
  expect(
    cases
      .filter((c) => c.caseNumber === received || c.caseNumber === draft)
      .map((c) => c.status)
      .sort(),
  ).toEqual(['draft', 'submitted']);
  expect(cases.find((c) => c.caseNumber === received)?.blobsComplete).toBe(true);
});
