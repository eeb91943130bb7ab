import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';

/** The tablet's 事项指南: the catalog of services and each item's guide (the one-time notification sheet). */
export class ServiceGuide {
  readonly guide;
  readonly materials;
  readonly timeLimit;
  readonly version;

  constructor(readonly page: Page) {
    this.guide = page.getByTestId('guide');
    this.materials = this.guide.getByTestId('guide-materials').locator('tbody tr');
    this.timeLimit = page.getByTestId('guide-time-limit');
    this.version = page.getByTestId('guide-version');
  }

  /** Shows one department's items, or every item with 全部. */
  async filterByDepartment(name: string) {
    await this.page.getByRole('button', { name, exact: true }).click();
  }

  async search(text: string) {
    await this.page.getByPlaceholder('搜索事项').fill(text);
  }

  /** An item's link in the catalog. */
  item(name: string | RegExp) {
    return this.page.getByRole('link', { name: typeof name === 'string' ? new RegExp(name) : name });
  }

  async openGuide(name: string) {
    await this.item(name).click();
    await expect(this.guide.getByRole('heading', { level: 1 })).toHaveText(name);
    await expectAccessible(this.page, '事项指南, a guide');
  }

  /** From a guide: opens a new case for its item (the new-case screen, item chosen). */
  async startCase() {
    await this.page.getByRole('link', { name: '为此事项建立代办' }).click();
  }
}
