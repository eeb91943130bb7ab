// A Chromium page driven over a bare DevTools connection that enables nothing but Page and
// Runtime. Playwright enables the Network domain on every page it drives, and Chromium then copies
// each request body into an event for it: 200 uploads of 1 MB took 10.7 s sent as bytes (5 s of it
// the driver's CPU) against 0.9 s unobserved, and 1.5 s sent as Blobs against 1.2 s. A benchmark of
// uploads must not pay for an observer the product never has.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import CDP from 'chrome-remote-interface';

export interface UnobservedPage {
  /** Runs `expression` in the page and answers its value (a promise is awaited), or throws what it threw. */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
  /** Chromium's browser process: its renderer, network and GPU processes are its children. */
  readonly browserPid: number;
}

/** Opens `url` in a new headless Chromium (its own profile, deleted on close), its CSP bypassed for the scripts evaluated. */
export async function openUnobservedPage(url: string): Promise<UnobservedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'daiban-bench-chromium-'));
  const chromium = spawn(
    '/usr/bin/chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: 'ignore' },
  );
  try {
    const port = await devToolsPort(profile, chromium);
    const client = await CDP({ port, target: (await CDP.New({ port, url: 'about:blank' })).id });
    await client.Page.enable();
    await client.Page.setBypassCSP({ enabled: true });
    const loaded = client.Page.loadEventFired();
    await client.Page.navigate({ url });
    await loaded;
    return {
      browserPid: chromium.pid!,
      async evaluate<T>(expression: string) {
        const { result, exceptionDetails } = await client.Runtime.evaluate({
          expression,
          awaitPromise: true,
          returnByValue: true,
        });
        if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
        return result.value as T;
      },
      async close() {
        await client.close();
        await stop(chromium, profile);
      },
    };
  } catch (error) {
    await stop(chromium, profile);
    throw error;
  }
}

/** The port Chromium chose, from the file it writes into its profile once it listens. */
async function devToolsPort(profile: string, chromium: ChildProcess): Promise<number> {
  for (let i = 0; i < 300; i++) {
    if (chromium.exitCode !== null) throw new Error(`chromium exited with ${chromium.exitCode}`);
    try {
      return Number(readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
    } catch {
      await sleep(50);
    }
  }
  throw new Error('chromium did not open its DevTools port');
}

async function stop(chromium: ChildProcess, profile: string): Promise<void> {
  if (chromium.exitCode === null) {
    const exited = new Promise((resolve) => chromium.once('exit', resolve));
    chromium.kill('SIGTERM');
    await exited;
  }
  rmSync(profile, { recursive: true, force: true });
}
