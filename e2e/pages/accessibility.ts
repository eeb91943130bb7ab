import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG 2.1 A and AA rules: what a public service's pages are held to. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const scanned = new Set<string>();

/**
 * axe-core's WCAG 2.1 A/AA rules on the screen as it is now: any serious or critical violation
 * fails, listed with its rule, impact, the elements it found (selector and a little of their HTML)
 * and a link to axe's explanation; the message says whether the screen was in 大字. Nothing of the
 * app is excluded from the scan.
 */
export async function expectAccessible(page: Page, screen: string) {
  const large = await page.evaluate(() => document.documentElement.classList.contains('large-text'));
  // Each screen (as named, in each text size) is scanned once per test worker: the page objects pass
  // the same screens in every spec, and a scan costs a few hundred milliseconds.
  const key = `${screen}|${large}`;
  if (scanned.has(key)) return;
  scanned.add(key);
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) =>
      [
        `${v.id} (${v.impact}, ${v.nodes.length} ${v.nodes.length === 1 ? 'node' : 'nodes'}): ${v.help} ${v.helpUrl}`,
        ...v.nodes.map((n) => `  ${n.target.join(' ')}  ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`),
      ].join('\n'),
    );
  expect(found, `accessibility of ${screen}${large ? ' (大字)' : ''}:\n${found.join('\n')}`).toEqual([]);
}
