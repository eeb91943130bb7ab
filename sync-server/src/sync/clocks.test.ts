import { formatHlc, type Mutation, parseHlc } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { twoTabletsOnOneCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const now = new Date('2026-11-20T02:00:00Z');
const T = now.getTime();
const DAY = 86_400_000;
const AHEAD_BOUND = 5 * 60_000;

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

const count = async (table: string) => ((await server.db.get(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }).n;

describe('the HLC node is the pushing device', () => {
  it('refuses a mutation whose clock names another device, and records no conflict in that device’s name', async () => {
    const { a, b, push, edit } = await twoTabletsOnOneCase(server);
    await push(a, [edit(a, 'A', null, T)]);
    const events = await count('events');
    const forged = edit(b, 'B 冒充 A', null, T - 1);
    const asA: Mutation = { ...forged, hlc: formatHlc(parseHlc(forged.hlc), a.session.device.id) };
    const [result] = await push(b, [asA]);
    expect(result).toMatchObject({ outcome: 'refused', reason: 'validation_failed' });
    expect(result?.message).toMatch(/HLC/);
    expect(await count('events')).toBe(events);
    expect(await count('conflicts')).toBe(0);
  });
});

describe('a clock far ahead of the server', () => {
  it('is applied with a clock brought back to the bound, so the tablets that pull it are not dragged ahead', async () => {
    const { a, b, push, pulledCase, clockOf, edit } = await twoTabletsOnOneCase(server);
    // Tablet A's date was set three days ahead while it was offline: two edits of one line in a row.
    const first = edit(a, '第一次', null, T + 3 * DAY);
    const second = edit(a, '第二次', first.hlc, T + 3 * DAY + 1);
    const results = await push(a, [first, second]);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied']);

    const seenByB = await pulledCase(b);
    expect(seenByB.materials[0]?.note).toBe('第二次');
    const clock = parseHlc((await clockOf(b))!);
    expect(clock.wallMs).toBeLessThanOrEqual(T + AHEAD_BOUND);
    expect(clock.node).toBe(a.session.device.id);
    for (const hlc of Object.values(seenByB.clocks ?? {})) expect(parseHlc(hlc).wallMs).toBeLessThanOrEqual(T + AHEAD_BOUND);
    const stored = (await server.db.get('SELECT MAX(hlc) AS hlc FROM events WHERE device_id = ?', a.session.device.id)) as {
      hlc: string;
    };
    expect(parseHlc(stored.hlc).wallMs).toBeLessThanOrEqual(T + AHEAD_BOUND);
    // A's second edit was made on its first: no conflict of the tablet with itself.
    expect(await count('conflicts')).toBe(0);

    // B edits what it pulled, with its right clock: its edit is the newer one.
    await push(b, [edit(b, 'B 修改', (await clockOf(b))!, T + 1)]);
    expect((await pulledCase(a)).materials[0]?.note).toBe('B 修改');
    expect(await count('conflicts')).toBe(0);
  });

  it('keeps a clock within the bound as it is', async () => {
    const { a, push, clockOf, edit } = await twoTabletsOnOneCase(server);
    const m = edit(a, '快 4 分钟', null, T + 4 * 60_000);
    await push(a, [m]);
    expect(await clockOf()).toBe(m.hlc);
  });
});

describe('an edit made on the current value', () => {
  it('wins even with a stale clock, and moves the field’s clock forward, never back', async () => {
    const { a, b, push, pulledCase, clockOf, edit } = await twoTabletsOnOneCase(server);
    await push(a, [edit(a, '第一次', null, T)]);
    const base = (await clockOf(b))!;
    // B's clock is three days behind, but B edited what it pulled.
    await push(b, [edit(b, '第二次', base, T - 3 * DAY)]);
    const after = (await clockOf(b))!;
    expect((await pulledCase(a)).materials[0]?.note).toBe('第二次');
    expect(after > base).toBe(true);
    expect(parseHlc(after).node).toBe(b.session.device.id);
    expect(await count('conflicts')).toBe(0);

    // A third tablet's edit, concurrent with both and older than the first, still loses to B's.
    const c = new FakeTablet(await server.login('dxg-agent'), server.now);
    await push(c, [edit(c, '并发的旧修改', null, T - DAY)]);
    expect((await pulledCase(a)).materials[0]?.note).toBe('第二次');
    expect(await clockOf()).toBe(after);
    expect(await count('conflicts')).toBe(1);
  });
});
