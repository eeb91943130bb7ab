import { expect, type Page } from '@playwright/test';
import { signIn } from './sign-in.ts';

/** The township admin's pages: the catalog (事项管理). */
export class TownshipAdmin {
  constructor(readonly page: Page) {}

  async signIn(username = 'admin', password = 'daiban-admin') {
    await signIn(this.page, username, password);
    await expect(this.page.getByRole('heading', { name: '乡镇审核' })).toBeVisible();
  }

  async openCatalog() {
    await this.page.getByRole('link', { name: '事项管理' }).click();
    await expect(this.page.getByRole('heading', { name: '事项管理' })).toBeVisible();
  }

  /** Opens the edit form of an item's newest version. */
  async editItem(code: string) {
    await this.page.getByTestId(`item-${code}`).getByRole('button', { name: '修改' }).click();
    return this.page.getByRole('form', { name: /修改事项/ });
  }
}
