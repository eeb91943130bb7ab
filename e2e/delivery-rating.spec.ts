import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { apiTablet } from './pages/api-tablet.ts';
import { ReviewApp } from './pages/review-app.ts';

test('the township completes a case, the agent hands the result back and records the rating', async ({ browser, request }) => {
  // A case the village already submitted (set up through the API).
  const scene = await apiTablet(request, 'ys-agent');
  const { opened } = await scene.submittedCase('曾秀英');

  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');
  await review.accept(opened.caseNumber);
  const inProgress = review.queue('accepted');
  await inProgress.getByRole('button', { name: '已超期' }).click();
  await expect(inProgress.getByTestId(`review-${opened.caseNumber}`)).toHaveCount(0);
  await inProgress.getByRole('button', { name: '全部期限' }).click();
  await expect(inProgress.getByTestId(`review-${opened.caseNumber}`)).toContainText(/剩 \d+ 个工作日/);
  // The certificate scan goes with the 办结: a real PNG (a screenshot of the review page).
  const certificate = await review.page.screenshot();
  await review.complete(opened.caseNumber, '证件已制发，请到村便民服务室领取', [
    { name: '残疾人证.png', mimeType: 'image/png', buffer: certificate },
  ]);

  const agent = new AgentApp(await (await browser.newContext()).newPage());
  await agent.signIn('ys-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  await agent.openCaseFromList(opened.caseNumber);
  await expect(agent.case.status).toHaveText('已办结');
  await expect(agent.case.result).toContainText('证件已制发');
  const documents = agent.case.resultDocuments;
  await documents.getByRole('button', { name: '查看（需联网）' }).click();
  await expect(documents.getByRole('img', { name: '文书 1（图片）' })).toHaveJSProperty(
    'naturalWidth',
    certificate.readUInt32BE(16),
  );

  await agent.case.deliver('曾秀英本人');
  await agent.case.rate('不满意', '等了太久');
  await expect(agent.case.rating).toContainText('不满意 · 等了太久');
  await agent.syncNow();
  await agent.waitUntilSynced();

  const pulled = await scene.pull();
  expect(pulled.cases.find((c) => c.id === opened.id)).toMatchObject({
    status: 'rated',
    delivery: { receivedBy: '曾秀英本人' },
    rating: { level: 2, comment: '等了太久' },
  });

  // A 不满意 rating opens a follow-up (回访) for the township, closed with what was fixed.
  await review.page.reload();
  await review.openOversight();
  const followup = review.followup(opened.caseNumber);
  await expect(followup).toContainText('不满意 · 等了太久');
  await followup.getByLabel('回访结果与整改情况').fill('已电话回访，调整了村里的值班时间');
  await followup.getByRole('button', { name: '办结回访' }).click();
  await expect(followup).toContainText('已回访：已电话回访');
});
