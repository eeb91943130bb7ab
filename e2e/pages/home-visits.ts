import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';

/** The agent's home visits (上门代办): planning a visit, and recording it on the villager's doorstep. */
export class HomeVisits {
  readonly plan;
  readonly row;
  /** The record of the visit, on the visit's own page. */
  readonly record;
  readonly recorded;
  readonly signaturePad;

  constructor(readonly page: Page) {
    this.plan = page.getByRole('form', { name: '安排上门服务' });
    this.row = page.getByTestId('visit-row');
    this.record = page.getByRole('region', { name: '上门服务记录' });
    this.recorded = page.getByTestId('visit-recorded');
    this.signaturePad = this.record.getByTestId('signature-pad');
  }

  /** Looks a villager up to plan a visit; one not yet registered is answered 查无此人. */
  async findVillager(text: string) {
    await this.page.getByPlaceholder('姓名、身份证后4位或电话').fill(text);
  }

  noSuchVillager() {
    return this.page.getByTestId('no-such-villager');
  }

  /** The villager the visit is planned for, as chosen in the list. */
  villager(name: string) {
    return this.page.getByRole('radio', { name: new RegExp(name) });
  }

  async schedule(v: { address: string; item: string }) {
    await this.plan.getByLabel('地址').fill(v.address);
    await this.plan.getByLabel('代办事项').selectOption({ label: v.item });
    await this.plan.getByRole('button', { name: '安排上门服务' }).click();
    await expect(this.row).toBeVisible();
  }

  /** Opens the planned visit from the list: the guidance to read aloud and the record form. */
  async openVisit() {
    await this.row.click();
    await expect(this.record).toBeVisible();
    await expectAccessible(this.page, '上门代办, a visit');
  }

  /** The item's guidance, printed large to be read aloud. */
  guidance() {
    return this.page.locator('.guidance-aloud');
  }

  async openCaseOnTheSpot() {
    await this.page.getByRole('button', { name: '现场建立代办件' }).click();
  }

  async fillRecord(present: string) {
    await this.record.getByLabel('在场人员').fill(present);
    await this.record.getByRole('button', { name: '记录位置' }).click();
    await expect(this.record).toContainText('位置已记录');
  }

  async save() {
    await this.record.getByRole('button', { name: '保存上门记录' }).click();
  }

  /** Draws a signature on the pad with the mouse (a finger on the tablet). */
  async sign() {
    const box = (await this.signaturePad.boundingBox())!;
    await this.page.mouse.move(box.x + 30, box.y + 60);
    await this.page.mouse.down();
    for (let i = 1; i <= 20; i++) await this.page.mouse.move(box.x + 30 + i * 15, box.y + 60 + (i % 5) * 12);
    await this.page.mouse.up();
  }
}
