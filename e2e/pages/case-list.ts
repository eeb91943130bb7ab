import type { Page } from '@playwright/test';

/** The agent's case list (代办件): search, filter by status, and the rows. */
export class CaseList {
  readonly list;
  /** 共 N 件 */
  readonly count;
  readonly status;
  readonly nothingFound;

  constructor(readonly page: Page) {
    this.list = page.getByTestId('case-list');
    this.count = page.getByTestId('case-count');
    this.status = page.getByLabel('状态');
    this.nothingFound = page.getByText('没有符合条件的代办件。');
  }

  /** Searches by name, the last four characters of the ID number, or case number. */
  async search(text: string) {
    await this.page.getByLabel('姓名、身份证后4位或办件编号').fill(text);
  }

  /** Shows the cases in one status only (its value, e.g. `accepted`), or every status with `''`. */
  async filterByStatus(value: string) {
    await this.status.selectOption(value);
  }

  row(caseNumber: string) {
    return this.list.getByRole('link', { name: new RegExp(caseNumber) });
  }
}
