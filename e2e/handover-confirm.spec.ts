import { chromium, expect, type TestInfo, test } from '@playwright/test';
import { residentIdNumber } from '../sync-server/src/testing/fixtures.ts';
import { withOriginals } from '../sync-server/src/testing/scenes.ts';
import { AgentApp } from './pages/agent-app.ts';
import { apiTablet } from './pages/api-tablet.ts';
import { writeQrVideo } from './pages/fake-camera.ts';
import { HandoverSlips } from './pages/handover-slips.ts';
import { ReviewApp } from './pages/review-app.ts';
import { SlipDesk } from './pages/slip-desk.ts';

/**
 * A village's slip with two received cases, made on a tablet over the API; its item asks for at
 * least two originals. The applicants' ID numbers (born 1936) are this spec's own, so the
 * scene cannot clash with another spec's applicants in the same village.
 */
async function slipOfTwoCases(scene: Awaited<ReturnType<typeof apiTablet>>, names: [string, string]) {
  const { tablet } = scene;
  const item = (await scene.pull()).serviceItems.find(withOriginals(2))!;
  const cases = [];
  for (const [i, name] of names.entries()) {
    const applicant = tablet.applicant({ name, idNumber: residentIdNumber(`4309811936${String(i + 1).padStart(2, '0')}15777`) });
    const opened = tablet.openedCase(applicant, item, i + 1);
    await scene.push([
      tablet.mutation('applicant.register', applicant),
      tablet.mutation('case.open', opened),
      tablet.receive(opened.id),
    ]);
    cases.push(opened);
  }
  const slip = tablet.handover(cases, item);
  await scene.push([tablet.mutation('handover.create', slip)]);
  return { slip, cases, originals: slip.items[0]!.originals };
}

/** The agent's tablet opens the slip from its list of handover slips. */
async function openSlipOnTablet(agent: AgentApp, slipNumber: string) {
  await agent.go('交接单');
  const slips = new HandoverSlips(agent.page);
  await slips.open(slipNumber);
  return slips;
}

/** A Chromium of its own for a camera scene: the suite's flags without its fake camera, plus `camera`. */
function launchWithCamera(testInfo: TestInfo, camera: string[]) {
  const args = (testInfo.project.use.launchOptions?.args ?? []).filter((a) => !a.includes('media-stream'));
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...args, ...camera] });
}

test('the township confirms a slip original by original and the village tablet learns who holds its originals', async ({
  browser,
  request,
}) => {
  const scene = await apiTablet(request, 'dxg-agent');
  const { slip, cases, originals } = await slipOfTwoCases(scene, ['李桂英', '王德顺']);
  const lost = originals[1]!.name;

  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');
  const desk = new SlipDesk(review.page);
  await desk.open();
  await expect(desk.row(slip.slipNumber)).toContainText('在途');
  await desk.pick(slip.slipNumber);
  await expect(desk.form(slip.slipNumber)).toContainText('王德顺');
  await desk.markMissing(slip.slipNumber, cases[1]!.caseNumber, lost, '信封内未见，已电话告知村里补送');
  await desk.confirm(slip.slipNumber);
  const total = originals.length;
  await expect(desk.slipCase(slip.slipNumber, cases[0]!.caseNumber)).toContainText(`乡镇已签收 ${total}/${total} 件原件`);
  await expect(desk.slipCase(slip.slipNumber, cases[1]!.caseNumber)).toContainText(
    `乡镇已签收 ${total - 1}/${total} 件原件，缺：${lost}（信封内未见，已电话告知村里补送）`,
  );
  await expect(desk.row(slip.slipNumber)).toContainText('缺 1 件原件');

  const agent = new AgentApp(await (await browser.newContext()).newPage());
  await agent.signIn('dxg-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  const onTablet = await openSlipOnTablet(agent, slip.slipNumber);
  await expect(onTablet.status).toContainText('乡镇已接收 汤雪芹 于');
  await expect(onTablet.item(cases[1]!.caseNumber)).toContainText(`缺：${lost}`);
  await agent.openCaseFromList(cases[1]!.caseNumber);
  await expect(agent.case.custody).toContainText(
    `乡镇已签收 ${total - 1}/${total} 件原件，缺：${lost}（信封内未见，已电话告知村里补送）`,
  );
  await agent.openCaseFromList(cases[0]!.caseNumber);
  await expect(agent.case.custody).toContainText(`乡镇已签收 ${total}/${total} 件原件`);
  await expect(agent.case.custody).not.toContainText('缺');
});

test('the supervisor opens a slip by holding its printed QR code up to the camera', async ({ browser, request }, testInfo) => {
  const scene = await apiTablet(request, 'qshs-agent');
  const { slip } = await slipOfTwoCases(scene, ['黄秀兰', '郑春生']);
  // The QR code exactly as the village tablet draws it on the printed slip.
  const agent = new AgentApp(await (await browser.newContext()).newPage());
  await agent.signIn('qshs-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  const onTablet = await openSlipOnTablet(agent, slip.slipNumber);
  const svg = await onTablet.qrCode.evaluate((el) => el.outerHTML);
  const video = testInfo.outputPath('slip-qr.y4m');
  writeQrVideo(svg, video);

  const camera = await launchWithCamera(testInfo, [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  try {
    const review = new ReviewApp(await (await camera.newContext({ baseURL: testInfo.project.use.baseURL })).newPage());
    await review.signIn('supervisor', 'daiban-review');
    const desk = new SlipDesk(review.page);
    await desk.open();
    await desk.scan();
    await expect(desk.form(slip.slipNumber)).toBeVisible({ timeout: 20_000 });
    await expect(desk.scanner()).toHaveCount(0);
    await expect(desk.form(slip.slipNumber)).toContainText('黄秀兰');
  } finally {
    await camera.close();
  }
});

test('when the camera may not be used the scanner says so, and the slip is picked from the list', async ({
  request,
}, testInfo) => {
  const scene = await apiTablet(request, 'bbg-agent');
  const { slip } = await slipOfTwoCases(scene, ['曾秋菊', '钱有福']);
  const denying = await launchWithCamera(testInfo, ['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
  try {
    const review = new ReviewApp(await (await denying.newContext({ baseURL: testInfo.project.use.baseURL })).newPage());
    await review.signIn('supervisor', 'daiban-review');
    const desk = new SlipDesk(review.page);
    await desk.open();
    await desk.scan();
    await expect(desk.scanner().getByRole('alert')).toContainText('未获准使用摄像头');
    await desk.scanner().getByRole('button', { name: '取消' }).click();
    await desk.pick(slip.slipNumber);
  } finally {
    await denying.close();
  }
});
