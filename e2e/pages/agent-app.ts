import { expect, type Page } from '@playwright/test';
import { signIn } from './sign-in.ts';

/** The village agent's tablet, driven through what the agent sees. */
export class AgentApp {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await signIn(this.page, username, password);
    await expect(this.page.getByTestId('sync-banner')).toBeVisible();
  }

  /** Waits until the service worker is activated and controls the page (the app shell is precached). */
  async waitForOfflineReady() {
    await this.page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
    });
  }

  async waitUntilSynced() {
    await expect(this.page.getByTestId('pending')).toHaveText('已全部同步', { timeout: 30_000 });
    await expect(this.page.getByTestId('sync-banner')).not.toContainText('尚未同步');
  }

  async openCaseFromList(caseNumber: string) {
    await this.page.getByRole('link', { name: '代办件' }).first().click();
    await this.page.getByRole('link', { name: new RegExp(caseNumber) }).click();
    await expect(this.page.getByTestId('case-number')).toHaveText(caseNumber);
  }

  async syncNow() {
    await this.page.getByTestId('sync-banner').getByRole('button', { name: '同步' }).click();
  }

  async registerApplicant(a: { name: string; idNumber: string; phone: string }) {
    await this.page.getByRole('link', { name: '新建代办' }).first().click();
    await this.page.getByRole('button', { name: '登记办事群众' }).click();
    const form = this.page.getByRole('form', { name: '登记办事群众' });
    await form.getByLabel('姓名').fill(a.name);
    await form.getByLabel('身份证号码').fill(a.idNumber);
    await expect(form.getByTestId('id-facts')).toBeVisible();
    await form.getByLabel('联系电话').fill(a.phone);
    await form.getByLabel('老年人').check();
    await form.getByRole('button', { name: '登记办事群众' }).click();
    await expect(this.page.getByTestId('selected-applicant')).toContainText(a.name);
  }

  async openCase(itemName: string) {
    await this.page.getByPlaceholder('搜索事项名称').fill(itemName);
    await this.page
      .getByRole('radio', { name: new RegExp(itemName) })
      .first()
      .check();
    await this.page.getByRole('button', { name: '建立代办件' }).click();
    await expect(this.page.getByTestId('case-number')).toBeVisible();
    return (await this.page.getByTestId('case-number').textContent()) ?? '';
  }

  async attachPhoto(materialIndex: number, photo: Buffer) {
    const material = this.page.locator('li.material').nth(materialIndex);
    await material.locator('input[type=file]').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect(material.locator('img.thumb')).toHaveCount(1);
    await expect(material).toContainText('已收');
  }

  async receive() {
    await this.page.getByRole('button', { name: '受理并出具回执' }).click();
    await expect(this.page.getByTestId('case-status')).toHaveText('已受理（村）');
  }
}
