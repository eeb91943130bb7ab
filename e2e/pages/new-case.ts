import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import type { CasePage } from './case-page.ts';

/**
 * The agent's new-case screen (新建代办): the villager the case is for, chosen or registered with the
 * 登记办事群众 form, the catalog item, and 建立代办件, which shows the new case's page.
 */
export class NewCase {
  /** The search over the catalog's items. */
  readonly itemSearch;

  constructor(
    readonly page: Page,
    private readonly casePage: CasePage,
    /** Opens the screen from the menu. */
    private readonly open: () => Promise<void>,
  ) {
    this.itemSearch = page.getByPlaceholder('搜索事项名称');
  }

  /** Opens the screen and registers the villager, who is then the one the case is for. */
  async register(a: { name: string; idNumber: string; phone: string }) {
    await this.open();
    await this.fillApplicantForm(a);
    await expect(this.page.getByTestId('selected-applicant')).toContainText(a.name);
  }

  /** Opens the 登记办事群众 form where the page offers it (上门代办 too), and registers the villager. */
  async fillApplicantForm(a: { name: string; idNumber: string; phone: string }) {
    await this.page.getByRole('button', { name: '登记办事群众' }).click();
    const form = this.page.getByRole('form', { name: '登记办事群众' });
    await form.getByLabel('姓名').fill(a.name);
    await form.getByLabel('身份证号码').fill(a.idNumber);
    await expect(form.getByTestId('id-facts')).toBeVisible();
    await form.getByLabel('联系电话').fill(a.phone);
    await form.getByLabel('老年人').check();
    await form.getByRole('button', { name: '登记办事群众' }).click();
    await expect(form).toHaveCount(0);
  }

  /** Chooses a villager registered before, found by name. */
  async chooseApplicant(name: string) {
    await this.page.getByPlaceholder('姓名、身份证后4位或电话').fill(name);
    await this.page
      .getByRole('button', { name: new RegExp(name) })
      .first()
      .click();
    await expect(this.page.getByTestId('selected-applicant')).toContainText(name);
  }

  /** An item of the catalog to choose. */
  itemChoice(itemName: string) {
    return this.page.getByRole('radio', { name: new RegExp(itemName) }).first();
  }

  /** Opens the case, with `itemName` chosen unless it already is; returns its number. */
  async openCase(itemName?: string) {
    if (itemName) {
      await this.itemSearch.fill(itemName);
      await this.itemChoice(itemName).check();
    }
    await this.page.getByRole('button', { name: '建立代办件' }).click();
    await expect(this.casePage.number).toBeVisible();
    await expectAccessible(this.page, 'case');
    return (await this.casePage.number.textContent()) ?? '';
  }
}
