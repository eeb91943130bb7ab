import type { Page } from '@playwright/test';

/** Signs in through the login form, as any role. */
export async function signIn(page: Page, username: string, password: string) {
  await page.goto('/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}
