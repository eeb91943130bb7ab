import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';

/**
 * Opens a screen from the menu of the township's or the county's pages: waits for its heading and
 * for it to finish loading, then checks it for accessibility.
 */
export async function openFromMenu(page: Page, link: string, heading: string | RegExp) {
  await page.getByRole('banner').getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  await expect(page.locator('main .loading')).toHaveCount(0);
  await expectAccessible(page, link);
}
