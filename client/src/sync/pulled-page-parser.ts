import type { PullResponse } from '@daiban/schemas';
import { z } from 'zod';
import type { ParseAnswer, ParseRequest } from './pulled-page.worker.ts';
import { parsePulledBody } from './pulled-page-parse.ts';

/** A pulled page as checked, and its body as the server sent it (JSON, UTF-8, gzipped when `gzip`). */
export interface PulledPage {
  page: PullResponse;
  bytes: Uint8Array<ArrayBuffer>;
  gzip: boolean;
}

interface Waiting {
  bytes: Uint8Array<ArrayBuffer>;
  gzip: boolean;
  resolve: (page: PullResponse) => void;
  reject: (error: Error) => void;
}

/**
 * Checks pull answers in a worker where the browser has one (issue 18: a first sync's hundred pages
 * cost the main thread a second of zod, which runs without its compiled parsers under the app's CSP,
 * and half a second of inflating and parsing JSON), else here. The worker gets a copy of the body (a
 * gzipped page is some 40 KB); a worker that cannot start or stops has the pages it held checked here.
 */
export function createPulledPageParser(): (bytes: Uint8Array<ArrayBuffer>, gzip: boolean) => Promise<PulledPage> {
  let worker: Worker | undefined;
  let broken = typeof Worker === 'undefined';
  const waiting = new Map<number, Waiting>();
  let lastId = 0;

  function giveUp(): void {
    broken = true;
    worker?.terminate();
    worker = undefined;
    for (const w of waiting.values()) parsePulledBody(w.bytes, w.gzip).then(w.resolve, w.reject);
    waiting.clear();
  }

  function start(): Worker | undefined {
    try {
      const started = new Worker(new URL('./pulled-page.worker.ts', import.meta.url), { type: 'module' });
      started.addEventListener('message', (event: MessageEvent<ParseAnswer>) => {
        const answer = event.data;
        const asked = waiting.get(answer.id);
        waiting.delete(answer.id);
        if ('page' in answer) asked?.resolve(answer.page);
        else asked?.reject('issues' in answer ? new z.ZodError(answer.issues) : new Error(answer.failure));
      });
      // Its script missing from an old cache, say: pages are checked here from now on.
      started.addEventListener('error', giveUp);
      return started;
    } catch {
      broken = true;
      return undefined;
    }
  }

  return async (bytes, gzip) => {
    if (!broken) worker ??= start();
    if (!worker) return { page: await parsePulledBody(bytes, gzip), bytes, gzip };
    const id = ++lastId;
    const checked = new Promise<PullResponse>((resolve, reject) => {
      waiting.set(id, { bytes, gzip, resolve, reject });
    });
    worker.postMessage({ id, bytes, gzip } satisfies ParseRequest);
    return { page: await checked, bytes, gzip };
  };
}
