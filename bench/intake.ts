// Saving an intake: the real `commands.openCase` (a draft case with its item's material checklist,
// the case and its outbox mutation in one IndexedDB transaction) in Chromium, on a tablet that
// holds 50,000 cases. The app's data layer is bundled by Vite for the page and run there.
import { fillTablet, openApp, signIn, waitUntilSynced } from './agent-tablet.ts';
import { APPLICANTS, CASES } from './case-list.ts';
import { bundleForPage } from './page-bundle.ts';
import { percentile } from './stats.ts';

export type IntakeResult = { intake_save_ms: number; intake_save_p95_ms: number };

const WARM_UP = 10;
const SAVES = 100;

export async function benchIntake(): Promise<IntakeResult> {
  const script = await bundleForPage(new URL('./intake-page.ts', import.meta.url), 'daibanBench');
  const tablet = await openApp(undefined, { bypassCSP: true });
  try {
    const { page } = tablet;
    await fillTablet(page, CASES, APPLICANTS);
    await signIn(page);
    await waitUntilSynced(page, 60_000);
    // The agent saves from the new-case page, not in front of the 50,000-case list.
    await page.getByRole('link', { name: '新建代办' }).first().click();
    await page.getByPlaceholder('搜索事项名称').waitFor();
    await page.evaluate(script);
    const times = (await page.evaluate(
      `daibanBench.timeIntakeSaves('MZ-001', ${WARM_UP}, ${SAVES}, 'daiban-agent')`,
    )) as number[];
    const pct = (p: number) => Math.round(percentile(times, p) * 10) / 10;
    return { intake_save_ms: pct(0.5), intake_save_p95_ms: pct(0.95) };
  } finally {
    await tablet.close();
  }
}
