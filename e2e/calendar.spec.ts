import { type Case, chinaDate } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { apiTablet, protocolHeaders } from './pages/api-tablet.ts';
import { HolidayCalendar } from './pages/holiday-calendar.ts';
import { ReviewApp } from './pages/review-app.ts';

/** The first day after `from` that falls on the given weekdays (0 Sunday … 6 Saturday). */
function nextDay(from: string, weekdays: number[]): string {
  const date = new Date(`${from}T00:00:00Z`);
  do date.setUTCDate(date.getUTCDate() + 1);
  while (!weekdays.includes(date.getUTCDay()));
  return date.toISOString().slice(0, 10);
}

test('a holiday added on the 节假日 page reaches the tablet and shortens its countdown', async ({ browser, request }) => {
  const scene = await apiTablet(request, 'sbz-agent');
  const { opened } = await scene.submittedCase('罗冬梅');
  const login = await request.post('/api/auth/login', {
    headers: protocolHeaders,
    data: { username: 'supervisor', password: 'daiban-review', deviceName: 'scene' },
  });
  const token = ((await login.json()) as { token: string }).token;
  const accepted = await request.post(`/api/cases/${opened.id}/accept`, {
    headers: { ...protocolHeaders, authorization: `Bearer ${token}` },
    data: { missingAcknowledged: true },
  });
  const dueDate = ((await accepted.json()) as { case: Case }).case.dueDate!;
  const today = chinaDate(new Date());
  const holiday = nextDay(today, [1, 2, 3, 4, 5]);
  const saturday = nextDay(today, [6]);

  const agent = new AgentApp(await (await browser.newContext()).newPage());
  await agent.signIn('sbz-agent', 'daiban-agent');
  await agent.waitUntilSynced();
  await agent.openCaseFromList(opened.caseNumber);
  // The due date, printed once, then the working days left.
  const countdown = agent.case.countdown;
  await expect(countdown).toHaveText(new RegExp(`^${dueDate} 剩 (\\d+) 个工作日$`));
  const before = Number(/剩 (\d+)/.exec(await countdown.innerText())![1]);

  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');
  await review.go('节假日');
  const calendar = new HolidayCalendar(review.page);
  await expect(calendar.heading(today.slice(0, 4))).toBeVisible();
  await calendar.add({ date: saturday, name: '周六补假' });
  await expect(calendar.alert()).toContainText('周末');

  await calendar.add({ date: holiday, kind: '放假', name: '防汛补假' });
  await expect(calendar.status()).toContainText(`已添加 ${holiday}`);
  await expect(calendar.entry(holiday)).toContainText('防汛补假');

  await agent.syncNow();
  await agent.waitUntilSynced();
  await expect(countdown).toHaveText(`${dueDate} 剩 ${before - 1} 个工作日`);

  await review.page.reload();
  await calendar.remove(holiday);
  await expect(calendar.status()).toContainText(`已删除 ${holiday}`);
  await review.page.reload();
  await expect(calendar.heading(today.slice(0, 4))).toBeVisible();
  await expect(calendar.entry(holiday)).toHaveCount(0);
});
