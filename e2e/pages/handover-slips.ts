import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';

/** The agent's handover slips (交接单): the paper originals of received cases, sent to the township. */
export class HandoverSlips {
  readonly slip;
  readonly number;
  readonly status;
  readonly qrCode;

  constructor(readonly page: Page) {
    this.slip = page.getByTestId('handover-slip');
    this.number = this.slip.getByTestId('slip-number');
    this.status = this.slip.getByTestId('slip-status');
    this.qrCode = this.slip.getByRole('img', { name: '交接单号二维码' });
  }

  /** On the 交接单 screen: ticks the cases and makes their slip, which is then shown. */
  async create(caseNumbers: string[]) {
    for (const caseNumber of caseNumbers) {
      await this.page.getByTestId(`candidate-${caseNumber}`).getByRole('checkbox').check();
    }
    await this.page.getByRole('button', { name: `生成交接单（${caseNumbers.length} 件）` }).click();
    await this.shown();
  }

  /** On the 交接单 screen: opens a slip from the list. */
  async open(slipNumber: string) {
    await this.page.getByRole('link', { name: new RegExp(slipNumber) }).click();
    await expect(this.number).toHaveText(slipNumber);
    await this.shown();
  }

  /** A case's line on the slip shown. */
  item(caseNumber: string) {
    return this.slip.getByTestId(`slip-item-${caseNumber}`);
  }

  private async shown() {
    await expect(this.number).toBeVisible();
    await expectAccessible(this.page, '交接单, a slip');
  }
}
