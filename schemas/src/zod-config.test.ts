import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

afterEach(() => {
  vi.unstubAllGlobals();
  z.config({ jitless: undefined });
});

describe('zod under the app’s Content-Security-Policy', () => {
  it('never probes for eval in a browser worker (the pulled-page checker), as in a page', async () => {
    vi.resetModules();
    vi.stubGlobal('WorkerGlobalScope', function WorkerGlobalScope() {});
    await import('./zod-config.ts');
    expect(z.config().jitless).toBe(true);
  });

  it('keeps the compiled parsers on the server', async () => {
    vi.resetModules();
    await import('./zod-config.ts');
    expect(z.config().jitless).not.toBe(true);
  });
});
