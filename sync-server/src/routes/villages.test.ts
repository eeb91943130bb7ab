import { type AccountList, type PullResponse, type Session, type Village, villageListSchema } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbChecksum } from '../testing/db-checksum.ts';
import { otherTownshipAccount } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// 村/社区管理: the township admin adds villages (a township created by the county starts with none).

let server: TestServer;
const now = new Date('2026-11-20T02:00:00Z');
beforeEach(async () => {
  server = await startTestServer({ now: () => now });
});
afterEach(() => server.close());

const addVillage = (token: string, body: unknown) =>
  server.api('/api/villages', { method: 'POST', token, body: JSON.stringify(body) });
const villagesOf = async (token: string): Promise<Village[]> =>
  villageListSchema.parse(await (await server.api('/api/villages', { token })).json()).villages;

/** Pulls every page after `cursor`, as a tablet does: the villages it got and where it stands. */
async function pullAll(session: Session, cursor = 0): Promise<{ villages: Village[]; cursor: number }> {
  const villages: Village[] = [];
  for (;;) {
    const page = (await (
      await server.api(`/api/sync/pull?cursor=${cursor}&limit=500`, { token: session.token })
    ).json()) as PullResponse;
    villages.push(...page.villages);
    cursor = page.cursor;
    if (!page.hasMore) return { villages, cursor };
  }
}

describe('a township admin adding a village', () => {
  it('adds it with its ledger event; the township’s tablets pull it, and an agent can be created in it and sign in', async () => {
    const admin = await server.login('admin');
    const tablet = await server.login('qshs-agent');
    const before = await pullAll(tablet);
    expect(before.villages.map((v) => v.code)).toContain('DXG');

    const res = await addVillage(admin.token, { code: ' XGC ', name: ' 新港村 ' });
    expect(res.status, await res.clone().text()).toBe(201);
    const village = ((await res.json()) as { village: Village }).village;
    expect(village).toEqual({ id: 'v-xgc', townshipId: 't-qsh', code: 'XGC', name: '新港村' });
    expect((await villagesOf(admin.token)).map((v) => v.name)).toContain('新港村');

    const event = await server.db.get<{ seq: number; account_id: string; device_id: string }>(
      "SELECT seq, account_id, device_id FROM events WHERE type = 'village.create' AND entity_id = 'v-xgc'",
    );
    expect(event).toMatchObject({ account_id: admin.account.id, device_id: admin.device.id });
    const pulled = await pullAll(tablet, before.cursor);
    expect(pulled.villages).toEqual([village]);
    expect(pulled.cursor).toBeGreaterThanOrEqual(event!.seq);

    // The account form offers it, and an agent of the new village signs in to it.
    const list = (await (await server.api('/api/accounts', { token: admin.token })).json()) as AccountList;
    expect(list.villages.map((v) => v.id)).toContain('v-xgc');
    const created = await server.api('/api/accounts', {
      method: 'POST',
      token: admin.token,
      body: JSON.stringify({
        role: 'agent',
        username: 'xgc-agent',
        displayName: '周春花',
        phone: '13800000777',
        villageId: 'v-xgc',
        post: 'A',
        password: 'xingang-2026',
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const agent = await server.login('xgc-agent', 'xingang-2026');
    expect(agent.village).toEqual(village);
  });

  it('refuses a code or a name the township already has, and a code another township has, writing nothing', async () => {
    const admin = await server.login('admin');
    const other = await otherTownshipAccount(server, 'admin');
    const before = await dbChecksum(server.db);
    const refusals: [unknown, RegExp][] = [
      [{ code: 'DXG', name: '新港村' }, /村代码 DXG 已是本乡镇大西港村的代码/],
      [{ code: 'XGC', name: '大西港村' }, /本乡镇已有大西港村/],
      [{ code: 'BDC', name: '新港村' }, /村代码 BDC 已被本服务器上的其他乡镇使用/],
    ];
    for (const [body, message] of refusals) {
      const res = await addVillage(admin.token, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      const { error } = (await res.json()) as { error: { reason: string; message: string } };
      expect(error.reason).toBe('already_exists');
      expect(error.message).toMatch(message);
    }
    expect(await dbChecksum(server.db)).toBe(before);
    // A name is the township's own: another township may have a 大西港村 too.
    expect((await addVillage(other.token, { code: 'DXGB', name: '大西港村' })).status).toBe(201);
  });

  it('refuses bad input with 400 and the field at fault, writing nothing', async () => {
    const admin = await server.login('admin');
    const before = await dbChecksum(server.db);
    for (const body of [
      {},
      { code: 'XGC' },
      { code: 'xgc', name: '新港村' },
      { code: 'X', name: '新港村' },
      { code: 'XGCXX', name: '新港村' },
      { code: 'X1C', name: '新港村' },
      { code: 'XGC', name: '   ' },
      { code: 'XGC', name: '村'.repeat(41) },
      { code: 'XGC', name: 42 },
    ]) {
      const res = await addVillage(admin.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as { error: { reason: string; issues: { path: string }[] } };
      expect(error.reason).toBe('validation_failed');
      expect(error.issues.length).toBeGreaterThan(0);
    }
    expect(await dbChecksum(server.db)).toBe(before);
  });

  it('keeps another township’s admin to its own township: it adds there, and neither sees nor pulls the other’s', async () => {
    const other = await otherTownshipAccount(server, 'admin');
    const qshAdmin = await server.login('admin');
    const qshTablet = await server.login('dxg-agent');
    const xaTablet = await server.login('xac-agent');
    const cursors = { qsh: (await pullAll(qshTablet)).cursor, xa: (await pullAll(xaTablet)).cursor };

    expect((await villagesOf(other.token)).map((v) => v.name)).toEqual(['别的村']);
    const res = await addVillage(other.token, { code: 'BXC', name: '别的新村' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { village: Village }).village.townshipId).toBe('t-other');
    expect((await villagesOf(other.token)).map((v) => v.name)).toEqual(['别的村', '别的新村']);
    expect((await villagesOf(qshAdmin.token)).map((v) => v.code)).not.toContain('BXC');

    // 千山红镇's new village reaches 千山红镇's tablets only: not 新安镇's, nor the other township's list.
    expect((await addVillage(qshAdmin.token, { code: 'XGC', name: '新港村' })).status).toBe(201);
    expect((await pullAll(qshTablet, cursors.qsh)).villages.map((v) => v.code)).toEqual(['XGC']);
    expect((await pullAll(xaTablet, cursors.xa)).villages).toEqual([]);
    expect((await villagesOf(other.token)).map((v) => v.code)).toEqual(['BDC', 'BXC']);
  });
});
