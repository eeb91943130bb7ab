import type { Page } from '@playwright/test';

/** The printable 受理回执 of a received case, as the agent's tablet shows and prints it. */
export class Receipt {
  readonly sheet;
  readonly number;
  /** The materials received, one list item each. */
  readonly received;
  /** The required materials still missing (容缺), one list item each. */
  readonly missing;
  readonly signatures;
  readonly qrCode;
  /** Shown only when the tablet's clock could not be checked against the township's. */
  readonly uncheckedClock;

  constructor(readonly page: Page) {
    this.sheet = page.getByTestId('receipt');
    this.number = this.sheet.getByTestId('receipt-number');
    this.received = this.sheet.getByTestId('receipt-received');
    this.missing = this.sheet.getByTestId('receipt-missing');
    this.signatures = this.sheet.getByTestId('receipt-signatures');
    this.qrCode = this.sheet.getByRole('img', { name: '办件编号二维码' });
    this.uncheckedClock = this.sheet.getByTestId('receipt-unchecked-clock');
  }

  /** Lays the receipt out for an 80 mm receipt printer instead of A4. */
  async useNarrowPaper() {
    await this.page.getByRole('button', { name: '80 毫米小票' }).click();
  }
}
