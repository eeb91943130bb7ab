import { readFileSync } from 'node:fs';
import { chinaMonth } from '@daiban/schemas';
import { expect, test } from '@playwright/test';
import { apiTablet } from './pages/api-tablet.ts';
import { ReportPage } from './pages/report-page.ts';
import { ReviewApp } from './pages/review-app.ts';
import { townshipApi } from './pages/township-api.ts';

test('the supervisor reads this month’s report for a village, sees the charts, prints it and exports XLSX and CSV', async ({
  browser,
  request,
}) => {
  // 湖心村 is this spec's alone (other specs use other villages), so its figures are exactly these.
  // 湖心村 this month: four cases received and submitted; one completed and rated 非常满意, one returned, one rejected, one in hand.
  const village = await apiTablet(request, 'hx-agent');
  const township = await townshipApi(request);
  const [done, returned, rejected, inHand] = [
    await village.submittedCase('周桂兰'),
    await village.submittedCase('刘建国'),
    await village.submittedCase('陈淑芬'),
    await village.submittedCase('王德胜'),
  ].map((c) => c.opened.id) as [string, string, string, string];
  await township.accept(done);
  await township.complete(done, '已办结');
  const at = new Date().toISOString();
  await village.push([
    village.tablet.mutation('case.deliver', { caseId: done, deliveredAt: at, receivedBy: '本人' }),
    village.tablet.mutation('case.rate', { caseId: done, level: 5, ratedAt: at }),
  ]);
  await township.returnForCorrection(returned, '缺户口簿');
  await township.reject(rejected, '不符合申请条件');
  await township.accept(inHand);

  const review = new ReviewApp(await (await browser.newContext({ acceptDownloads: true })).newPage());
  await review.signIn('supervisor', 'daiban-review');
  const report = new ReportPage(review.page);
  const month = chinaMonth(new Date());
  await report.open(month);
  const [year, mon] = month.split('-');
  await expect(report.title()).toHaveText(`千山红镇 ${year}年${Number(mon)}月 代办工作通报`);
  await expect(report.unfinishedNote()).toBeVisible();

  const expected = {
    received: '4',
    submitted: '4',
    accepted: '2',
    completed: '1',
    completedOnTime: '1',
    completedLate: '0',
    overdue: '0',
    returned: '1',
    rejected: '1',
    avgWorkingDays: '0.0',
    ratings: '1',
    satisfiedShare: '100.0%',
    avgRating: '5.00',
  };
  for (const [column, value] of Object.entries(expected)) await expect(report.cell('HX', column)).toHaveText(value);
  await expect(report.row('total')).toContainText('全镇合计');
  await expect(report.chart('deadlines')).toBeVisible();
  await expect(report.chart('satisfaction')).toBeVisible();

  // On paper: the menu and the buttons are gone, the table and the charts stay.
  await review.page.emulateMedia({ media: 'print' });
  await expect(report.printButton()).toBeHidden();
  await expect(review.menu()).toBeHidden();
  await expect(report.row('HX')).toBeVisible();
  await expect(report.chart('deadlines')).toBeVisible();
  await review.page.emulateMedia({ media: 'screen' });

  const xlsx = await report.download('导出 Excel');
  expect(xlsx.name).toBe(`daiban-monthly-report-${month}.xlsx`);
  const rows = await ReportPage.xlsxRows(xlsx.path);
  expect(rows[0]?.[0]).toBe(`千山红镇 ${year}年${Number(mon)}月 代办工作通报`);
  expect(rows[2]?.[0]).toBe('村（社区）');
  expect(rows.find((r) => r[0] === '湖心村')).toEqual(['湖心村', 4, 4, 2, 1, 1, 0, 0, 1, 1, 0, 1, 1, 5]);
  expect(rows.at(-1)?.[0]).toBe('全镇合计');
  await expect(report.status()).toContainText('已下载');

  const csv = await report.download('导出 CSV');
  expect(csv.name).toBe(`daiban-monthly-report-${month}.csv`);
  const text = readFileSync(csv.path, 'utf8');
  expect(text.startsWith('\uFEFF村（社区）,村受理,报送乡镇')).toBe(true);
  expect(text.split('\r\n')).toContain('湖心村,4,4,2,1,1,0,0,1,1,0,1,100.0%,5');
});
