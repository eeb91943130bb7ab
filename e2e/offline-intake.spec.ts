import { createHash } from 'node:crypto';
import {
  type CaseDetail,
  type CaseSummary,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  residentIdCheckChar,
  type Session,
} from '@daiban/schemas';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { ReviewApp } from './pages/review-app.ts';

const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

async function supervisorToken(request: APIRequestContext): Promise<string> {
  const res = await request.post('/api/auth/login', {
    headers,
    data: { username: 'supervisor', password: 'daiban-review', deviceName: 'e2e check' },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as Session).token;
}

test('a case recorded offline on the tablet reaches the township ledger and the acceptance comes back', async ({
  browser,
  request,
}) => {
  const tabletContext = await browser.newContext();
  const tablet = new AgentApp(await tabletContext.newPage());

  // Online once: sign in, enrol, let the worker precache the shell and the catalog sync down.
  await tablet.signIn('dxg-agent', 'daiban-agent');
  await tablet.waitForOfflineReady();
  await tablet.waitUntilSynced();
  // The pulled pages were checked off the main thread, in the app's page checker.
  expect(tablet.page.workers().map((w) => w.url())).toContainEqual(expect.stringContaining('pulled-page.worker'));

  // The link drops. The app still loads from the service worker and works from IndexedDB.
  await tabletContext.setOffline(true);
  await tablet.reload();
  await expect(tablet.connection()).toHaveText('离线', { timeout: 15_000 });

  const first17 = '43098119480305002';
  await tablet.newCase.register({ name: '周桂香', idNumber: first17 + residentIdCheckChar(first17), phone: '13807370123' });
  const caseNumber = await tablet.newCase.openCase('残疾人证');
  expect(caseNumber).toMatch(/^DXG-T\d{2}-\d{8}-0001$/);
  // A 3000 × 2000 photo from the tablet camera is stored downscaled to a long edge of 2048 px.
  const photo = await tablet.case.cameraPhoto(3000, 2000);
  await tablet.case.attachPhoto(0, photo);
  const stored = await tablet.case.storedPhoto(0);
  expect(Math.max(stored.width, stored.height)).toBe(2048);
  expect(stored.bytes).toBeLessThan(photo.length);
  await tablet.case.receive();
  await expect(tablet.pending()).toContainText('待同步');
  await expect(tablet.pending()).toContainText('待上传照片 1 张');
  await expect(tablet.case.timeline).toContainText('建立代办件 （待同步）');
  await expect(tablet.case.timeline).toContainText('村受理，报送乡镇 （待同步）');

  // Back online: sync pushes the case and uploads the photo.
  await tabletContext.setOffline(false);
  await tablet.syncNow();
  await tablet.waitUntilSynced();

  // The township ledger holds the case, its materials and the photo, byte for byte.
  const token = await supervisorToken(request);
  const auth = { ...headers, authorization: `Bearer ${token}` };
  const queue = (await (await request.get('/api/cases?status=submitted', { headers: auth })).json()) as { cases: CaseSummary[] };
  const summary = queue.cases.find((c) => c.caseNumber === caseNumber);
  expect(summary).toMatchObject({ applicantName: '周桂香', blobsComplete: true });
  const detail = (await (await request.get(`/api/cases/${summary!.id}`, { headers: auth })).json()) as CaseDetail;
  const attachment = detail.case.materials[0]!.attachments[0]!;
  expect(detail.case.materials[0]!.status).toBe('collected');
  expect(attachment.sha256).toBe(await tablet.case.attachmentSha(caseNumber, 0));
  expect(attachment.size).toBe(stored.bytes);
  expect(detail.missingBlobs).toEqual([]);
  const blob = await request.get(`/api/blobs/${attachment.sha256}`, { headers: auth });
  expect(
    createHash('sha256')
      .update(await blob.body())
      .digest('hex'),
  ).toBe(attachment.sha256);

  // The supervisor accepts it in the review page.
  const reviewContext = await browser.newContext();
  const review = new ReviewApp(await reviewContext.newPage());
  await review.signIn('supervisor', 'daiban-review');

  // Before deciding, the supervisor looks at the photo in the viewer: zoom in, turn it, page through.
  await review.openCase(caseNumber);
  await expect(review.photos()).toHaveCount(1);
  const viewer = await review.openPhoto();
  await expect(viewer.title()).toContainText('第1张');
  await viewer.press('向右转');
  await expect(viewer.image).toHaveAttribute('style', /rotate\(90deg\)/);
  const widthBefore = await viewer.image.evaluate((img) => img.getBoundingClientRect().width);
  await viewer.press('放大');
  await expect.poll(() => viewer.image.evaluate((img) => img.getBoundingClientRect().width)).toBeGreaterThan(widthBefore);
  await viewer.close();
  await review.leaveCase();

  await review.accept(caseNumber);

  // The tablet pulls the decision and shows 已受理.
  await tablet.syncNow();
  await expect(tablet.case.status).toHaveText('已受理', { timeout: 15_000 });
  await expect(tablet.case.countdown).toContainText(/剩 \d+ 个工作日/);

  await reviewContext.close();
  await tabletContext.close();
});
