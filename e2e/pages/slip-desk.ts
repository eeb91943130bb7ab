import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';

/** The township's 交接确认 page: handover slips from the villages, confirmed original by original. */
export class SlipDesk {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.getByRole('link', { name: '交接确认' }).click();
    await expect(this.page.getByRole('heading', { name: '交接单确认' })).toBeVisible();
    await expectAccessible(this.page, '交接确认');
  }

  /** A slip's row in the list. */
  row(slipNumber: string) {
    return this.page.getByTestId(`slip-${slipNumber}`);
  }

  async pick(slipNumber: string) {
    await this.row(slipNumber).click();
    await expect(this.form(slipNumber)).toBeVisible();
    await expectAccessible(this.page, '交接确认, a slip');
  }

  /** Opens the scanner that reads a printed slip's QR code with the camera (it closes once it has read one). */
  async scan() {
    await this.page.getByRole('button', { name: '扫码打开交接单' }).click();
  }

  scanner() {
    return this.page.getByRole('dialog', { name: '扫描交接单二维码' });
  }

  /** A case's originals on the slip's confirmation form. */
  slipCase(slipNumber: string, caseNumber: string) {
    return this.form(slipNumber).getByTestId(`slip-case-${caseNumber}`);
  }

  form(slipNumber: string) {
    return this.page.getByRole('form', { name: `签收交接单 ${slipNumber}` });
  }

  /** Unticks one original of a case and says what is missing. */
  async markMissing(slipNumber: string, caseNumber: string, original: string, note: string) {
    const row = this.slipCase(slipNumber, caseNumber);
    await row.getByRole('checkbox', { name: original }).uncheck();
    await row.getByLabel(`缺少说明：${original}`).fill(note);
  }

  async confirm(slipNumber: string) {
    await this.form(slipNumber).getByRole('button', { name: '确认签收' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: '已签收' })).toBeVisible();
    await expect(this.form(slipNumber).getByTestId('slip-confirmed')).toBeVisible();
  }
}
