import { expect, type Page } from '@playwright/test';
import { signIn } from './sign-in.ts';

/** The township supervisor's review page. */
export class ReviewApp {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await signIn(this.page, username, password);
    await expect(this.page.getByRole('heading', { name: '乡镇审核' })).toBeVisible();
  }

  async returnForCorrection(caseNumber: string, materialName: string, reason: string) {
    const row = this.queue('submitted').getByTestId(`review-${caseNumber}`);
    await row.getByRole('button', { name: '退回补正' }).click();
    const form = row.getByRole('form', { name: '退回补正' });
    await form.getByLabel(materialName).check();
    await form.getByLabel('退回原因').fill(reason);
    await form.getByRole('button', { name: '退回补正' }).click();
    await expect(this.page.getByRole('status')).toContainText('已退回村里补正');
    await expect(row).toHaveCount(0);
  }

  /** The ledger, devices, follow-ups and conflicts page. */
  async openOversight() {
    await this.page.getByRole('link', { name: '台账与设备' }).click();
    await expect(this.page.getByRole('heading', { name: '台账、设备与回访' })).toBeVisible();
  }

  queue(status: 'submitted' | 'accepted') {
    return this.page.getByTestId(`queue-${status}`);
  }

  async complete(caseNumber: string, result: string) {
    const row = this.queue('accepted').getByTestId(`review-${caseNumber}`);
    await row.getByRole('button', { name: '办结' }).click();
    const form = row.getByRole('form', { name: '办结' });
    await form.getByLabel('办理结果').fill(result);
    await form.getByRole('button', { name: '办结' }).click();
    await expect(this.page.getByRole('status')).toContainText('已办结');
    await expect(row).toHaveCount(0);
  }

  async accept(caseNumber: string) {
    const row = this.queue('submitted').getByTestId(`review-${caseNumber}`);
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: '受理' }).click();
    await expect(this.page.getByRole('status')).toContainText('已受理，办结时限');
    await expect(row).toHaveCount(0);
  }
}
