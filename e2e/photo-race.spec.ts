import { residentIdCheckChar } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';

test('受理 clicked while a photo is still being processed waits for it: the photo is on the case and the receipt', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const agent = new AgentApp(await context.newPage());
  const page = agent.page;
  await agent.signIn('sbz-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  const first17 = '43098119520704003';
  await agent.newCase.register({ name: '胡秀云', idNumber: first17 + residentIdCheckChar(first17), phone: '13907370888' });
  await agent.newCase.openCase('最低生活保障');
  const photo = await agent.case.cameraPhoto(4000, 3000);
  const name = await agent.case.materialName(0);

  // A slow tablet: downscaling a 12-megapixel photo takes seconds, and the agent does not wait.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  const material = await agent.case.pickPhoto(0, photo);
  await expect(material.getByTestId('photo-processing')).toBeVisible();
  await agent.case.clickReceive();
  await expect(agent.status('照片处理中').first()).toBeVisible();
  // The tablet catches up; the case is received once the photo is on it. Downscaling the rest of a
  // 12-megapixel photo (the library retries lower qualities until it fits) takes seconds even at
  // full speed: more than the usual 5 s in some full runs on 2 cores.
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await expect(agent.case.status).toHaveText('已受理（村）', { timeout: 30_000 });

  await expect(material.locator('img.thumb')).toHaveCount(1);
  await expect(material.getByTestId('photo-processing')).toHaveCount(0);
  // The photo went on the case before the case was received, in that order in its history.
  const changes = await agent.case.timeline.getByRole('listitem').allTextContents();
  const photoAt = changes.findIndex((c) => c.includes('修改材料') || c.includes('材料变更'));
  const receiveAt = changes.findIndex((c) => c.includes('受理代办件') || c.includes('村受理'));
  expect(photoAt).toBeGreaterThanOrEqual(0);
  expect(photoAt).toBeLessThan(receiveAt);
  const receipt = await agent.case.openReceipt();
  await expect(receipt.received).toContainText(name);
  await expect(receipt.missing).not.toContainText(name);
  await context.close();
});
