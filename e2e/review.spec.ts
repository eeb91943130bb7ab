import { expect, test } from '@playwright/test';
import { expectAccessible } from './pages/accessibility.ts';
import { AgentApp } from './pages/agent-app.ts';
import { apiTablet } from './pages/api-tablet.ts';
import { ReviewApp } from './pages/review-app.ts';
import { townshipApi } from './pages/township-api.ts';

test('the township returns a case for correction, the village resubmits it, the township accepts it', async ({
  browser,
  request,
}) => {
  const scene = await apiTablet(request, 'ng-agent');
  const { item, opened } = await scene.submittedCase('黄秀兰', (items) => items.find((i) => i.materials.length > 1)!);

  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');
  await review.openOversight();
  await expect(await review.checkLedger()).toContainText('台账完整');
  await review.go('审核');
  const row = review.queue('submitted').getByTestId(`review-${opened.caseNumber}`);
  await expect(row.getByTestId('waited')).toHaveText(/^已等 0 天 0 小时$/);
  await review.returnForCorrection(opened.caseNumber, item.materials[1]!.name, '户口簿复印件缺页，请补齐');

  const agent = new AgentApp(await (await browser.newContext()).newPage());
  await agent.signIn('ng-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  await agent.openCaseFromList(opened.caseNumber);
  await expect(agent.alert('户口簿复印件缺页')).toContainText(item.materials[1]!.name);
  const resubmit = agent.case.resubmitForm;
  await expect(resubmit.getByTestId('missing-materials')).toContainText(item.materials[1]!.name);
  await resubmit.getByRole('button', { name: '补正完毕，重新报送' }).click();
  await expect(resubmit.getByLabel('未补正的理由')).toBeFocused();
  await resubmit.getByLabel('未补正的理由').fill('户口簿原件已带到镇里核验');
  await resubmit.getByRole('button', { name: '补正完毕，重新报送' }).click();
  const timeline = agent.case.timeline;
  await expect(timeline).toContainText('建立代办件');
  await expect(timeline).toContainText('乡镇退回补正 · 乡镇');
  await agent.syncNow();
  await agent.waitUntilSynced();
  await expect(timeline).not.toContainText('待同步');
  await expect(timeline).toContainText('补正后重新报送');
  await expect(timeline.getByRole('listitem')).toHaveCount(4);

  await review.page.reload();
  await review.accept(opened.caseNumber);
});

test('the supervisor sees a sync conflict with both values and restores the overwritten one', async ({ browser, request }) => {
  const first = await apiTablet(request, 'tj-agent');
  const second = await apiTablet(request, 'tj-agent');
  const item = (await first.pull()).serviceItems[0]!;
  const applicant = first.tablet.applicant({ name: '谢春花' });
  const opened = first.tablet.openedCase(applicant, item);
  await first.push([first.tablet.mutation('applicant.register', applicant), first.tablet.mutation('case.open', opened)]);
  const key = item.materials[0]!.key;
  const now = Date.now();
  await first.push([
    first.tablet.mutation(
      'case.setMaterial',
      { caseId: opened.id, key, status: 'waived', attachments: [], note: '村委会核实免交', base: null },
      now,
    ),
  ]);
  await second.push([
    second.tablet.mutation(
      'case.setMaterial',
      { caseId: opened.id, key, status: 'missing', attachments: [], note: '申请人下次带来', base: null },
      now - 60_000,
    ),
  ]);

  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');
  await review.openOversight();
  const conflict = review.conflict(opened.caseNumber);
  await expect(conflict).toContainText('保留：');
  await expect(conflict).toContainText('村委会核实免交');
  await expect(conflict).toContainText('申请人下次带来');
  await conflict.getByRole('button', { name: '恢复被覆盖的值' }).click();
  await expect(conflict).toContainText('已恢复');
  const restored = (await first.pull()).cases.find((c) => c.id === opened.id);
  expect(restored?.materials[0]?.note).toBe('申请人下次带来');
});

test('the supervisor pages through a case’s photos, refuses one case before acceptance and another after; the tablet shows why', async ({
  browser,
  request,
}) => {
  const scene = await apiTablet(request, 'dxg-agent');
  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');

  // Two "scans" of the first material: screenshots of the review page are real PNG images.
  await review.page.setViewportSize({ width: 800, height: 600 });
  const first = await scene.uploadImage(await review.page.screenshot());
  await review.page.setViewportSize({ width: 600, height: 800 });
  const second = await scene.uploadImage(await review.page.screenshot());
  const { opened } = await scene.submittedCase('熊金凤', undefined, [first, second]);
  const later = await scene.submittedCase('熊金凤');

  await review.page.reload();
  await review.openCase(opened.caseNumber);
  const viewer = await review.openPhoto();
  await expect(viewer.title()).toContainText('第1张');
  await viewer.press('下一张');
  await expect(viewer.title()).toContainText('第2张');
  await expect(viewer.image).toHaveJSProperty('naturalHeight', 800);
  await viewer.close();
  await review.leaveCase();

  await review.reject(opened.caseNumber, '申请人户籍不在本镇，请到户籍地申请', 'submitted');
  await review.accept(later.opened.caseNumber);
  await review.reject(later.opened.caseNumber, '经核查家庭收入超过标准', 'accepted');

  const agent = new AgentApp(await (await browser.newContext()).newPage());
  await agent.signIn('dxg-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  await agent.openCaseFromList(opened.caseNumber);
  await expect(agent.alert('乡镇不予受理（办理）')).toContainText('户籍不在本镇');
  await expect(agent.case.timeline).toContainText('乡镇不予受理（办理）');
});

test('the supervisor narrows the queues to one village and loads its cases a page at a time', async ({ browser, request }) => {
  const elsewhere = await (await apiTablet(request, 'ng-agent')).submittedCase('邹冬梅');
  const busy = await apiTablet(request, 'sbz-agent');
  const waiting = await busy.submittedCases(51, '罗淑珍');
  const last = waiting.at(-1)!;

  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');
  await review.showVillage('沙堡洲村');
  const queue = review.queue('submitted');
  // The first page: 50 cases, all of the village, and a way to the rest.
  await expect(review.queueRows('submitted')).toHaveCount(50);
  await expect(queue.getByRole('heading', { level: 2 })).toHaveText('待受理：先列出 50 件，还有更多');
  await expect(queue.getByRole('heading', { level: 3 })).toHaveText(['沙堡洲村']);
  await expect(queue.getByTestId(`review-${elsewhere.opened.caseNumber}`)).toHaveCount(0);
  await expect(queue.getByTestId(`review-${last.caseNumber}`)).toHaveCount(0);
  await expectAccessible(review.page, '审核 (one village)');

  while (await review.loadMoreButton('submitted').isVisible()) await review.loadMoreButton('submitted').click();
  await expect(queue.getByTestId(`review-${last.caseNumber}`)).toBeVisible();
  await expect(review.loadMoreButton('submitted')).toHaveCount(0);
  // Loading more repeats no case.
  const numbers = await review.queueRows('submitted').locator('.case-number').allTextContents();
  expect(new Set(numbers).size).toBe(numbers.length);

  await review.showVillage('南港村');
  await expect(queue.getByTestId(`review-${elsewhere.opened.caseNumber}`)).toBeVisible();
  await expect(queue.getByTestId(`review-${last.caseNumber}`)).toHaveCount(0);

  // The queue as the other specs expect it: none of this scene's cases still waiting.
  const township = await townshipApi(request);
  for (const c of [elsewhere.opened, ...waiting]) await township.reject(c.id, '测试场景结束');
});
