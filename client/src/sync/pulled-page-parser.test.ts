import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createPulledPageParser } from './pulled-page-parser.ts';

const page = {
  cursor: 7,
  hasMore: false,
  serviceItems: [],
  villages: [],
  applicants: [],
  cases: [],
  visits: [],
  handovers: [],
  agents: [],
  duty: [],
};
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

// Node has no Worker: these check the pages here, as a browser without one does; e2e/ checks them in Chromium's worker.
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
});
