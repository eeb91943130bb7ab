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

type Waiting = { resolve: (answer: ParseAnswer) => void; reject: (error: Error) => void };

/**
 * Checks pull answers in a worker where the browser has one (issue 18: a first sync's hundred pages
 * cost the main thread a second of zod, which runs without its compiled parsers under the app's CSP,
 * and half a second of inflating and parsing JSON), else here. The body moves to the worker and back.
 */
export function createPulledPageParser(): (bytes: Uint8Array<ArrayBuffer>, gzip: boolean) => Promise<PulledPage> {
  let worker: Worker | undefined;
  let broken = typeof Worker === 'undefined';
  const waiting = new Map<number, Waiting>();
  let lastId = 0;

  function start(): Worker {
    const started = new Worker(new URL('./pulled-page.worker.ts', import.meta.url), { type: 'module' });
    started.addEventListener('message', (event: MessageEvent<ParseAnswer>) => {
      waiting.get(event.data.id)?.resolve(event.data);
      waiting.delete(event.data.id);
    });
    // A worker that cannot start (its script missing from an old cache): pages are checked here from now on.
    started.addEventListener('error', (event) => {
      broken = true;
      worker = undefined;
      started.terminate();
      for (const w of waiting.values()) w.reject(new Error(`the page checker stopped: ${event.message}`));
      waiting.clear();
    });
    return started;
  }

  return async (bytes, gzip) => {
    if (broken) return { page: await parsePulledBody(bytes, gzip), bytes, gzip };
    worker ??= start();
    const id = ++lastId;
    const answer = await new Promise<ParseAnswer>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker?.postMessage({ id, bytes, gzip } satisfies ParseRequest, { transfer: [bytes.buffer] });
    });
    // The body came back with the answer: the caller's view of it was emptied by the move.
    if ('page' in answer) return { page: answer.page, bytes: answer.bytes, gzip };
    if ('issues' in answer) throw new z.ZodError(answer.issues);
    throw new Error(answer.failure);
  };
}
