import { expect } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { ReviewApp } from './review-app.ts';

/**
 * The township admin: a supervisor's pages, and the catalog (事项管理), villages (村（社区）), accounts
 * and devices (账号与设备).
 */
export class TownshipAdmin extends ReviewApp {
  override async signIn(username = 'admin', password = 'daiban-admin') {
    await super.signIn(username, password);
  }

  async openCatalog() {
    await this.go('事项管理');
  }

  /** An item's row in the catalog. */
  item(code: string) {
    return this.page.getByTestId(`item-${code}`);
  }

  /** Opens the edit form of an item's newest version. */
  async editItem(code: string) {
    await this.item(code).getByRole('button', { name: '修改' }).click();
    const form = this.page.getByRole('form', { name: /修改事项/ });
    await expect(form).toBeVisible();
    await expectAccessible(this.page, '事项管理, editing an item');
    return form;
  }

  /** The versions of the item being edited, oldest first. */
  itemHistory() {
    return this.page.getByTestId('item-history').getByRole('listitem');
  }

  /** On an item being edited, in a county: 县级事项 (the county's) or 本镇版本 (the township's own). */
  countyState() {
    return this.page.getByTestId('item-county-state');
  }

  /** On an item being edited: 恢复使用县级事项, the county's current version becomes the township's next. */
  async followCounty() {
    await this.countyState().getByRole('button', { name: '恢复使用县级事项' }).click();
    await expect(this.status()).toContainText('已恢复使用县级事项');
  }

  async openVillages() {
    await this.go('村（社区）');
  }

  /** The township's villages on 村（社区）, by code. */
  villages() {
    return this.page.getByTestId('village-list').getByRole('listitem');
  }

  /** Fills and sends 添加村（社区）; the caller checks what the page answered (status or alert). */
  async addVillage(v: { code: string; name: string }) {
    const form = this.page.getByRole('form', { name: '添加村（社区）' });
    await form.getByLabel('村代码').fill(v.code);
    await form.getByLabel('村（社区）名称').fill(v.name);
    await form.getByRole('button', { name: '添加村（社区）' }).click();
  }

  /** What the page says went wrong (a form's problem or the server's refusal). */
  alert() {
    return this.page.getByRole('alert');
  }

  async openAccounts() {
    await this.go('账号与设备');
  }

  /** Creates an agent without a password (the agent sets one when enrolling with a code). */
  async createAgent(a: { username: string; displayName: string; phone: string; village: string; post: 'A岗' | 'B岗' }) {
    const form = this.page.getByRole('form', { name: '新建账号' });
    await form.getByLabel('用户名').fill(a.username);
    await form.getByLabel('姓名').fill(a.displayName);
    await form.getByLabel('联系电话').fill(a.phone);
    await form.getByLabel('所在村').selectOption({ label: a.village });
    await form.getByLabel('岗位').selectOption({ label: a.post });
    await form.getByRole('button', { name: '新建账号' }).click();
    await expect(this.page.getByRole('status').first()).toContainText(`已创建账号：${a.displayName}`);
  }

  /** Issues a one-time enrolment code for the account and reads it off the screen (shown once). */
  async issueCode(username: string): Promise<string> {
    await this.page.getByTestId(`account-${username}`).getByRole('button', { name: '发登记码' }).click();
    const shown = this.page.getByTestId('enrolment-code').locator('.big-code');
    await expect(shown).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await expectAccessible(this.page, '账号与设备, with an enrolment code');
    return (await shown.textContent()) ?? '';
  }

  async revokeDevice(deviceName: string) {
    const row = this.page.getByTestId('device-admin-list').getByRole('listitem').filter({ hasText: deviceName });
    await row.getByRole('button', { name: '停用设备' }).click();
    await row.getByRole('button', { name: '确认停用此设备' }).click();
    await expect(row).toContainText('已停用');
  }
}
