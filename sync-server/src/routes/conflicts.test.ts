import type { Conflict } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { twoTabletsOnOneCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const T = Date.parse('2026-11-20T02:00:00Z');

// The server's clock is T: clocks more than five minutes ahead of it would be brought back.
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ now: () => new Date(T) });
});
afterEach(() => server.close());

describe('concurrent edits of the same material', () => {
  for (const order of ['later edit arrives first', 'later edit arrives last'] as const) {
    it(`keep the edit with the greater clock and record the loser (${order})`, async () => {
      const { a, b, caseId, push, pulledCase, edit } = await twoTabletsOnOneCase(server);
      const fromA = edit(a, 'A: 村委会已核实', null, T + 60_000);
      const fromB = edit(b, 'B: 申请人口头说明', null, T);
      if (order === 'later edit arrives first') {
        await push(a, [fromA]);
        await push(b, [fromB]);
      } else {
        await push(b, [fromB]);
        await push(a, [fromA]);
      }
      const seenByB = await pulledCase(b);
      expect(seenByB.materials[0]?.note).toBe('A: 村委会已核实');
      const supervisor = await server.login('supervisor');
      const { conflicts } = (await (await server.api('/api/conflicts', { token: supervisor.token })).json()) as {
        conflicts: Conflict[];
      };
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({
        caseId,
        winner: { value: { note: 'A: 村委会已核实' } },
        loser: { value: { note: 'B: 申请人口头说明' } },
      });
      expect(conflicts[0]?.loser.deviceId).toBe(b.session.device.id);
    });
  }

  it('applies an edit made on the current value without a conflict', async () => {
    const { a, b, push, pulledCase, clockOf, edit } = await twoTabletsOnOneCase(server);
    await push(a, [edit(a, '第一次', null, T)]);
    const base = (await clockOf(b)) ?? null;
    // B's wall clock is three days behind, but it edits what it saw: its edit is the newer one.
    await push(b, [edit(b, '第二次', base, T - 3 * 86_400_000)]);
    expect((await pulledCase(a)).materials[0]?.note).toBe('第二次');
    expect(await server.db.get('SELECT COUNT(*) AS n FROM conflicts')).toEqual({ n: 0 });
  });

  it('lets the supervisor restore the losing value once, as a new event the tablets pull', async () => {
    const { a, b, push, pulledCase, edit } = await twoTabletsOnOneCase(server);
    await push(a, [edit(a, '赢', null, T + 1)]);
    await push(b, [edit(b, '输', null, T)]);
    const supervisor = await server.login('supervisor');
    const { conflicts } = (await (await server.api('/api/conflicts', { token: supervisor.token })).json()) as {
      conflicts: Conflict[];
    };
    const id = conflicts[0]!.id;
    const restored = await server.api(`/api/conflicts/${id}/restore`, { method: 'POST', token: supervisor.token, body: '{}' });
    expect(restored.status).toBe(200);
    expect((await pulledCase(a)).materials[0]?.note).toBe('输');
    const again = await server.api(`/api/conflicts/${id}/restore`, { method: 'POST', token: supervisor.token, body: '{}' });
    expect(again.status).toBe(409);
  });

  it('keeps conflict records from agents', async () => {
    const agent = await server.login('dxg-agent');
    expect((await server.api('/api/conflicts', { token: agent.token })).status).toBe(403);
  });
});
