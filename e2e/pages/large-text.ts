import { expect, type Page } from '@playwright/test';

/** Switches 大字 (large text) on or off with the menu's toggle, on any role's screens. */
export async function setLargeText(page: Page, on: boolean) {
  const button = page.getByRole('banner').getByRole('button', { name: '大字' });
  if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click();
  const html = expect(page.locator('html'));
  await (on ? html : html.not).toHaveClass(/large-text/);
}
