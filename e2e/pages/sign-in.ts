import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConsoleMessage, expect, type Page } from '@playwright/test';
import { CSP_VIOLATIONS } from '../server-files.ts';
import { expectAccessible } from './accessibility.ts';

/** Opens the sign-in page. Any Content-Security-Policy violation on the page is recorded for the final check. */
async function openSignIn(page: Page) {
  // A violation caught by the page's own code (a feature test with eval, say) logs nothing by itself.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(
        `Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      ),
    );
  });
  const record = (message: ConsoleMessage) => {
    if (message.text().includes('Content Security Policy')) {
      appendFileSync(join(import.meta.dirname, '../..', CSP_VIOLATIONS), `${page.url()} ${message.text()}\n`);
    }
  };
  page.on('console', record);
  // A worker's messages are its own (the pulled-page checker runs zod under the same policy).
  page.on('worker', (worker) => worker.on('console', record));
  await page.goto('/');
  await expect(page.getByLabel('用户名')).toBeVisible();
  await expectAccessible(page, 'sign-in');
}

/** Signs in through the login form, as any role. */
export async function signIn(page: Page, username: string, password: string) {
  await openSignIn(page);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Enrols a fresh tablet with a one-time code from the township admin (the answer is left to the caller). */
export async function enrolWithCode(
  page: Page,
  e: { username: string; code: string; newPassword?: string; deviceName?: string },
) {
  await openSignIn(page);
  await page.getByRole('button', { name: '用登记码启用平板' }).click();
  await expectAccessible(page, 'enrolment');
  await page.getByLabel('用户名').fill(e.username);
  await page.getByLabel('登记码').fill(e.code);
  if (e.newPassword) await page.getByLabel('设置新密码').fill(e.newPassword);
  if (e.deviceName) await page.getByLabel('设备名称').fill(e.deviceName);
  await page.getByRole('button', { name: '启用本平板' }).click();
}
