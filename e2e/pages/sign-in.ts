import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CSP_VIOLATIONS } from '../server-files.ts';

/** Signs in through the login form, as any role. Any Content-Security-Policy violation on the page is recorded for the final check. */
export async function signIn(page: Page, username: string, password: string) {
  // A violation caught by the page's own code (a feature test with eval, say) logs nothing by itself.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(
        `Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      ),
    );
  });
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) {
      appendFileSync(join(import.meta.dirname, '../..', CSP_VIOLATIONS), `${page.url()} ${message.text()}\n`);
    }
  });
  await page.goto('/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}
