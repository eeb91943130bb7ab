import { gzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { emptyPage } from '../testing/sync-fixtures.ts';
import type { ParseRequest } from './pulled-page.worker.ts';
import { parsePulledBody } from './pulled-page-parse.ts';
import { createPulledPageParser } from './pulled-page-parser.ts';

const page = emptyPage(7);
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

afterEach(() => vi.unstubAllGlobals());

/** A worker that checks as the real one does, answering out of order (the second page first). */
class CheckingWorker extends EventTarget {
  private held: ParseRequest | undefined;
  postMessage(request: ParseRequest) {
    const answer = (req: ParseRequest) =>
      parsePulledBody(req.bytes, req.gzip).then(
        (page) => this.dispatchEvent(new MessageEvent('message', { data: { id: req.id, page } })),
        (error: { issues?: unknown; message: string }) =>
          this.dispatchEvent(
            new MessageEvent('message', {
              data: error.issues ? { id: req.id, issues: error.issues } : { id: req.id, failure: error.message },
            }),
          ),
      );
    if (!this.held) this.held = request;
    else void answer(request).then(() => this.held && answer(this.held));
  }
  terminate() {}
}

/** A worker that takes the pages and then stops (its script failed to load, say). */
class StoppingWorker extends EventTarget {
  postMessage() {
    setTimeout(() => this.dispatchEvent(new Event('error')), 5);
  }
  terminate() {}
}

// Node has no Worker: without one, these check the pages here, as a browser without one does; e2e/ checks them in Chromium's.
describe('checking a pulled page', () => {
  it('reads a page sent as JSON or as a gzip file, and gives its body back as it came', async () => {
    const parse = createPulledPageParser();
    const zipped = gzipSync(json(page));
    const pulled = await parse(zipped.slice(), true);
    expect(pulled).toEqual({ page, bytes: zipped, gzip: true });
    await expect(parse(json(page), false)).resolves.toMatchObject({ page, gzip: false });
  });

  it('refuses a body that is not gzip, not JSON or not a page, saying which', async () => {
    const parse = createPulledPageParser();
    const zipped = gzipSync(json(page));
    await expect(parse(zipped.slice(0, zipped.length - 10), true)).rejects.toThrow('not valid gzip');
    await expect(parse(json(page), true)).rejects.toThrow('not valid gzip');
    await expect(parse(gzipSync(new TextEncoder().encode('{"cursor":')), true)).rejects.toBeInstanceOf(ZodError);
    await expect(parse(gzipSync(json({ ...page, cursor: -1 })), true)).rejects.toThrow(/cursor/);
  });

  it('gives each page its own answer from the worker, a refusal as the same error', async () => {
    vi.stubGlobal('Worker', CheckingWorker);
    const parse = createPulledPageParser();
    const first = parse(gzipSync(json(page)), true);
    const second = parse(gzipSync(json({ ...page, cursor: 9 })), true);
    await expect(second).resolves.toMatchObject({ page: { cursor: 9 } });
    await expect(first).resolves.toMatchObject({ page: { cursor: 7 } });
    await expect(parse(gzipSync(json({ ...page, cursor: -1 })), true)).rejects.toBeInstanceOf(ZodError);
    const broken = gzipSync(json(page));
    await expect(parse(broken.slice(0, broken.length - 10), true)).rejects.toThrow('not valid gzip');
  });

  it('checks the pages here when the worker cannot start, or stops holding some', async () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new DOMException('blocked', 'SecurityError');
        }
      },
    );
    await expect(createPulledPageParser()(gzipSync(json(page)), true)).resolves.toMatchObject({ page });

    vi.stubGlobal('Worker', StoppingWorker);
    const parse = createPulledPageParser();
    const held = [parse(gzipSync(json(page)), true), parse(gzipSync(json({ ...page, cursor: 8 })), true)];
    await expect(Promise.all(held)).resolves.toMatchObject([{ page: { cursor: 7 } }, { page: { cursor: 8 } }]);
    await expect(parse(json(page), false)).resolves.toMatchObject({ page });
  });
});
