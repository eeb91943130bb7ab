import { expect, type Page } from '@playwright/test';
import { openFromMenu } from './menu.ts';

/** 修改密码, opened from the menu of any role: the form with the current password and the new one twice. */
export class ChangePassword {
  constructor(readonly page: Page) {}

  form() {
    return this.page.getByRole('form', { name: '修改密码' });
  }

  async open() {
    await openFromMenu(this.page, '修改密码', '修改密码');
    await expect(this.form()).toBeVisible();
  }

  /** Fills the form and sends it (the answer is left to the caller). */
  async change(current: string, next: string, repeat = next) {
    const form = this.form();
    await form.getByLabel('当前密码').fill(current);
    await form.getByLabel('新密码', { exact: true }).fill(next);
    await form.getByLabel('再次输入新密码').fill(repeat);
    await form.getByRole('button', { name: '修改密码' }).click();
  }

  alert() {
    return this.form().getByRole('alert');
  }

  done() {
    return this.form().getByRole('status').filter({ hasText: '密码已修改' });
  }
}
