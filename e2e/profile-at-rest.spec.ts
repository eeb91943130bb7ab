import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { residentIdCheckChar } from '@daiban/schemas';
import { type BrowserContext, expect, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';

const first17 = '43098119470921005';
const VILLAGER = { name: '龚秀莲', idNumber: first17 + residentIdCheckChar(first17), phone: '13807370921' };

/** Every file of the browser profile, whole: what someone who takes the tablet can copy. */
async function profileBytes(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (path) => ({ path, bytes: await readFile(path).catch(() => Buffer.alloc(0)) })));
}

/** Where in the profile a text is found, as UTF-8 or as the UTF-16 V8 stores non-Latin strings in. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const forms = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return (await profileBytes(dir))
    .filter(({ bytes }) => forms.some((f) => bytes.includes(f)))
    .map(({ path }) => path.slice(dir.length));
}

async function expectNoVillagerIn(dir: string) {
  for (const text of Object.values(VILLAGER)) expect(await filesHolding(dir, text), text).toEqual([]);
}

test('a stolen tablet’s browser profile holds no villager’s data: not with the lock screen up, not after sign-out', async ({
  playwright,
  launchOptions,
  baseURL,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'daiban-profile-'));
  const launch = (): Promise<BrowserContext> =>
    playwright.chromium.launchPersistentContext(dir, {
      ...launchOptions,
      ...(baseURL ? { baseURL } : {}),
      serviceWorkers: 'allow',
    });
  try {
    // The agent records a villager and a case offline: it waits on the tablet, unsynced.
    let context = await launch();
    let agent = new AgentApp(context.pages()[0] ?? (await context.newPage()));
    await agent.page.goto('/');
    await agent.signIn('dnh-agent-b', 'daiban-agent');
    await agent.waitUntilSynced();
    await context.setOffline(true);
    await agent.newCase.register(VILLAGER);
    const caseNumber = await agent.newCase.openCase('残疾人证');
    await expect(agent.pending()).toContainText('待同步');
    await agent.lock();
    // The tablet is taken with the lock screen up: the browser's files are all there is to read.
    await context.close();
    await expectNoVillagerIn(dir);

    // Back in the agent's hands: the PIN opens it, the case syncs, and the agent signs out.
    context = await launch();
    agent = new AgentApp(context.pages()[0] ?? (await context.newPage()));
    await agent.page.goto('/');
    await agent.unlock();
    await agent.openCaseFromList(caseNumber);
    await expect(agent.screen()).toContainText(VILLAGER.name);
    await agent.syncNow();
    await agent.waitUntilSynced();
    await agent.signOut();
    await context.close();
    await expectNoVillagerIn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
