import { expect, test } from '@playwright/test';
import { apiTablet } from './pages/api-tablet.ts';
import { ReviewApp } from './pages/review-app.ts';
import { SpotChecks } from './pages/spot-checks.ts';

test('the supervisor draws a spot check, records a result per case, and finds it after a reload', async ({
  browser,
  request,
}) => {
  const scene = await apiTablet(request, 'ys-agent');
  const cases = [];
  for (const name of ['陈桂兰', '刘德福', '张秀珍']) cases.push((await scene.submittedCase(name)).opened);

  const review = new ReviewApp(await (await browser.newContext()).newPage());
  await review.signIn('supervisor', 'daiban-review');
  await review.go('抽查');
  const spotChecks = new SpotChecks(review.page);
  // Other specs add cases in 永胜村 too: drawing the most per village takes every case of the period, these three included.
  await spotChecks.draw(50, 'e2e-抽查');

  const sample = spotChecks.sample;
  await expect(sample.getByRole('heading', { name: '永胜村' })).toBeVisible();
  for (const c of cases) await expect(spotChecks.row(c.caseNumber)).toBeVisible();
  // Lists show the ID number masked.
  await expect(spotChecks.row(cases[0]!.caseNumber)).toContainText(/\d{4}\*{10}\d{3}[\dX]/);
  await expect(sample).toContainText(/已查 0 \/ \d+ 件/);

  const row = spotChecks.row(cases[1]!.caseNumber);
  await row.getByLabel('抽查结果').selectOption({ label: '需整改' });
  // A result other than 合格 needs a note: the form does not send without one.
  await row.getByRole('button', { name: '保存结果' }).click();
  await expect(row.getByLabel('问题与说明')).toHaveJSProperty('validity.valueMissing', true);
  await row.getByLabel('问题与说明').fill('受理回执未经申请人签字');
  await row.getByRole('button', { name: '保存结果' }).click();
  await expect(spotChecks.status()).toContainText('抽查结果已记入台账');
  await expect(sample).toContainText(/已查 1 \/ \d+ 件/);

  await review.page.reload();
  await expect(sample).toContainText(/已查 1 \/ \d+ 件/);
  const after = spotChecks.row(cases[1]!.caseNumber);
  await expect(after).toContainText('需整改');
  await expect(after.getByLabel('问题与说明')).toHaveValue('受理回执未经申请人签字');
  await expect(spotChecks.row(cases[0]!.caseNumber)).toContainText('未查');
});
