import { createHash } from 'node:crypto';
import type { Conflict, Followup, PullResponse, Role, Session } from '@daiban/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { FileBlobStore } from '../sync/blob-store.ts';
import { dbChecksum } from '../testing/db-checksum.ts';
import { draftOf, FakeTablet } from '../testing/fixtures.ts';
import { otherTownshipAccount, slipWithTwoCases, submittedCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { ALL, type Outsider, type Resources, ROLES, SCOPE } from './authorization-table.ts';

const USERNAMES: Record<Role, string> = {
  agent: 'dxg-agent',
  supervisor: 'supervisor',
  admin: 'admin',
  county_admin: 'county-admin',
};
const OUTSIDER_ROLE: Record<Outsider, Role> = {
  otherVillageAgent: 'agent',
  otherSupervisor: 'supervisor',
  otherAdmin: 'admin',
  otherCountyAdmin: 'county_admin',
};

let now = new Date('2026-11-20T02:00:00Z');
let server: TestServer;
let routes: string[];
let tokens: Record<Role | Outsider | 'revokedAgent' | 'revokedSupervisor', string>;
let resources: Resources;
let markers: { village: string[]; township: string[]; county: string[] };

beforeAll(async () => {
  server = await startTestServer({ now: () => now });
  routes = [
    ...new Set(
      createApp({ db: server.db, blobs: new FileBlobStore('/nonexistent'), version: 'routes' })
        .routes.filter((r) => r.method !== 'ALL')
        .map((r) => `${r.method} ${r.path}`),
    ),
  ];
  const scene = await submittedCase(server);
  const supervisor = await server.login('supervisor');
  const admin = await server.login('admin');
  const post = async (path: string, token: string, body: unknown = {}) => {
    const res = await server.api(path, { method: 'POST', token, body: JSON.stringify(body) });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const push = async (session: Session, mutations: unknown[]) => post('/api/sync/push', session.token, { mutations });

  // A photo on a second case of 大西港村.
  const photo = Buffer.from(new Uint8Array(5000).map((_, i) => (i * 17) % 251));
  const sha256 = createHash('sha256').update(photo).digest('hex');
  await server.api(`/api/blobs/${sha256}/chunks?offset=0&total=${photo.length}`, {
    method: 'PUT',
    token: scene.agent.token,
    body: photo,
    headers: { 'content-type': 'image/jpeg' },
  });
  const withPhoto = scene.tablet.openedCase(scene.applicant, scene.item);
  withPhoto.materials[0] = {
    ...withPhoto.materials[0]!,
    status: 'collected',
    attachments: [{ sha256, size: photo.length, mime: 'image/jpeg', addedAt: now.toISOString() }],
  };
  await push(scene.agent, [scene.tablet.mutation('case.open', withPhoto)]);

  // A conflict: a second tablet of the village edits the same material with an older clock.
  const second = new FakeTablet(await server.login('dxg-agent'), server.now);
  const key = scene.opened.materials[0]!.key;
  const edit = (t: FakeTablet, note: string, wall: number) =>
    t.mutation('case.setMaterial', { caseId: withPhoto.id, key, status: 'waived', attachments: [], note, base: null }, wall);
  await push(scene.agent, [edit(scene.tablet, '村里核实', now.getTime() + 60_000)]);
  await push(second.session, [edit(second, '下次带来', now.getTime())]);
  const conflicts = (await (await server.api('/api/conflicts', { token: supervisor.token })).json()) as { conflicts: Conflict[] };

  // A follow-up: the first case accepted, completed, delivered and rated 非常不满意.
  await post(`/api/cases/${scene.caseId}/accept`, supervisor.token, { missingAcknowledged: true });
  await post(`/api/cases/${scene.caseId}/complete`, supervisor.token, { result: '已办结' });
  await push(scene.agent, [
    scene.tablet.mutation('case.deliver', { caseId: scene.caseId, deliveredAt: now.toISOString(), receivedBy: '本人' }),
    scene.tablet.mutation('case.rate', { caseId: scene.caseId, level: 1, ratedAt: now.toISOString() }),
  ]);
  const followups = (await (await server.api('/api/followups', { token: supervisor.token })).json()) as { followups: Followup[] };

  const { slip } = await slipWithTwoCases(server);
  const spot = await post('/api/spot-checks', supervisor.token, {
    id: crypto.randomUUID(),
    from: '2026-11-01',
    to: '2026-11-30',
    perVillage: 5,
    seed: 'authorization',
  });

  resources = {
    caseId: scene.caseId,
    sha256,
    conflictId: conflicts.conflicts[0]!.id,
    followupId: followups.followups[0]!.id,
    slipId: slip.id,
    slipConfirmation: {
      cases: slip.items.map((item) => ({
        caseId: item.caseId,
        originals: item.originals.map((o) => ({ key: o.key, received: true })),
      })),
    },
    spotCheckId: (spot.spotCheck as { id: string }).id,
    accountId: scene.agent.account.id,
    deviceId: second.session.device.id,
    itemCode: scene.item.code,
    itemEdit: { ...draftOf(scene.item), name: '别镇改的名字', baseVersion: scene.item.version },
    townshipId: 't-qsh',
    newAdmin: { username: 'qsh-admin-2', displayName: '新管理员', phone: '13800000999', password: 'county-made-2026' },
    countyItemCode: scene.item.code,
    countyItemEdit: { ...draftOf(scene.item), name: '别县改的名字', baseVersion: 1 },
  };
  markers = {
    village: [scene.caseId, scene.opened.caseNumber, scene.applicant.name, scene.applicant.idNumber, sha256],
    township: [scene.caseId, scene.opened.caseNumber, scene.applicant.idNumber, '大西港村', 'v-dxg', scene.item.name],
    county: ['湖乡县', '千山红镇', 't-qsh', '新安镇', scene.item.name],
  };

  const revokedAgent = await server.login('dxg-agent');
  const revokedSupervisor = await server.login('supervisor');
  await post(`/api/devices/${revokedAgent.device.id}/revoke`, supervisor.token);
  await post(`/api/devices/${revokedSupervisor.device.id}/revoke`, admin.token);
  tokens = {
    agent: scene.agent.token,
    supervisor: supervisor.token,
    admin: admin.token,
    otherVillageAgent: (await server.login('qshs-agent')).token,
    otherSupervisor: (await otherTownshipAccount(server, 'supervisor')).token,
    otherAdmin: (await otherTownshipAccount(server, 'admin')).token,
    county_admin: (await server.login('county-admin')).token,
    otherCountyAdmin: (await otherTownshipAccount(server, 'county_admin')).token,
    revokedAgent: revokedAgent.token,
    revokedSupervisor: revokedSupervisor.token,
  };
}, 120_000);
afterAll(() => server.close());

const REPORT_MONTH = '?month=2026-11';

/** The route's path naming the scene's resource where it has one (so refusals are tested on real records). */
function pathOf(route: string): string {
  const scope = SCOPE[route];
  if (scope && 'path' in scope) return scope.path(resources);
  return placeholderPathOf(route);
}

/** The route's path with parameters that are well-formed but name nothing (so allowed calls change nothing). */
function placeholderPathOf(route: string): string {
  const [, pattern] = route.split(' ') as [string, string];
  const filled = pattern
    .replace(/:(id|caseId)\b/g, '00000000-0000-4000-8000-000000000000')
    .replace(':sha256', '0'.repeat(64))
    .replace(':date', '2026-12-31')
    .replace(':year', '2026')
    .replace(':code', 'NO_SUCH_ITEM');
  return pattern.includes('/reports/') ? `${filled}${REPORT_MONTH}` : filled;
}

const call = (route: string, token: string | undefined, body: unknown = {}, path = pathOf(route)) => {
  const [method] = route.split(' ') as [string];
  return server.api(path, {
    method,
    ...(token ? { token } : {}),
    ...(method !== 'GET' ? { body: JSON.stringify(body) } : {}),
  });
};

const reasonOf = async (res: Response) => ((await res.json()) as { error: { reason: string } }).error.reason;

describe('authorization on every route', () => {
  it('states who may call every route the server has, and no route it does not have', () => {
    expect(routes.filter((r) => !(r in ROLES))).toEqual([]);
    expect(Object.keys(ROLES).filter((r) => !routes.includes(r))).toEqual([]);
    const withParams = routes.filter((r) => r.includes('/:'));
    expect(withParams.filter((r) => !(r in SCOPE))).toEqual([]);
  });

  it('refuses a missing, malformed, unknown or revoked token on every non-public route, writing nothing', async () => {
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public') continue;
      const before = await dbChecksum(server.db);
      expect((await call(route, undefined)).status, `${route} without a token`).toBe(401);
      expect(
        (await server.api(pathOf(route), { method: route.split(' ')[0], headers: { authorization: 'Basic x' } })).status,
      ).toBe(401);
      expect((await call(route, 'A'.repeat(43))).status, `${route} with an unknown token`).toBe(401);
      const revoked = roles.includes('agent') ? tokens.revokedAgent : tokens.revokedSupervisor;
      const res = await call(route, revoked);
      expect(res.status, `${route} with a revoked device`).toBe(401);
      expect(await reasonOf(res)).toBe('device_revoked');
      expect(await dbChecksum(server.db), `${route} wrote although refused`).toBe(before);
    }
  });

  it('refuses every role a route is not for with 403, and lets through every role it is for', async () => {
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public') continue;
      for (const role of ALL) {
        const before = await dbChecksum(server.db);
        // Signing off ends the session: it is tried with a session of its own.
        const token = route === 'POST /api/auth/goodbye' ? (await server.login(USERNAMES[role])).token : tokens[role];
        const res = await call(route, token, {}, placeholderPathOf(route));
        if (roles.includes(role)) {
          expect([401, 403], `${route} as ${role}: ${res.status}`).not.toContain(res.status);
        } else {
          expect(res.status, `${route} as ${role}`).toBe(403);
          expect(await dbChecksum(server.db), `${route} as ${role} wrote although refused`).toBe(before);
        }
      }
    }
  });

  it('keeps one village’s and one township’s records from every outsider, on every route that names one', async () => {
    for (const [route, scope] of Object.entries(SCOPE)) {
      if ('notScoped' in scope) continue;
      for (const outsider of scope.outsiders) {
        const before = await dbChecksum(server.db);
        const res = await call(route, tokens[outsider], scope.body?.(resources));
        expect([403, 404], `${route} as ${outsider}: ${res.status}`).toContain(res.status);
        expect(await dbChecksum(server.db), `${route} as ${outsider} wrote although refused`).toBe(before);
      }
    }
  });

  it('shows outsiders none of 大西港村’s records in any list, pull or report', async () => {
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public' || !route.startsWith('GET') || route.includes('/:')) continue;
      for (const outsider of ['otherVillageAgent', 'otherSupervisor', 'otherAdmin', 'otherCountyAdmin'] as const) {
        if (!roles.includes(OUTSIDER_ROLE[outsider])) continue;
        const res = await call(route, tokens[outsider]);
        const text = route.endsWith('.xlsx') ? '' : await res.text();
        const hidden =
          outsider === 'otherVillageAgent'
            ? markers.village
            : outsider === 'otherCountyAdmin'
              ? [...markers.township, ...markers.county]
              : markers.township;
        for (const marker of hidden) expect(text.includes(marker), `${route} as ${outsider} shows ${marker}`).toBe(false);
      }
    }
    // An agent of another village cannot write into 大西港村 either: the push is refused and the case unchanged.
    const outsider = new FakeTablet(await server.login('qshs-agent'), server.now);
    const res = await server.api('/api/sync/push', {
      method: 'POST',
      token: outsider.session.token,
      body: JSON.stringify({ mutations: [outsider.mutation('case.resubmit', { caseId: resources.caseId })] }),
    });
    const [result] = ((await res.json()) as { results: { outcome: string }[] }).results;
    expect(result?.outcome).toBe('refused');
    const page = (await (await server.api('/api/sync/pull?limit=1000', { token: tokens.agent })).json()) as PullResponse;
    expect(page.cases.find((c) => c.id === resources.caseId)?.status).toBe('rated');
  });

  it('shows the county administrator townships and figures, never a case, a villager, an ID number or a photo', async () => {
    const seen = [];
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public' || !route.startsWith('GET') || route.includes('/:') || !roles.includes('county_admin')) continue;
      const res = await call(route, tokens.county_admin);
      expect(res.status, route).toBe(200);
      const text = await res.text();
      for (const marker of markers.village) expect(text.includes(marker), `${route} shows ${marker}`).toBe(false);
      seen.push(text);
    }
    // What the routes do show: the county's townships, their figures and the county's catalog.
    for (const marker of markers.county) expect(seen.join('').includes(marker), marker).toBe(true);
  });

  it('refuses tokens left idle too long: a township or county session after 12 hours, a tablet after 90 days', async () => {
    now = new Date(now.getTime() + 13 * 3600_000);
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public') continue;
      for (const role of ['supervisor', 'county_admin'] as const) {
        if (roles.includes(role)) expect((await call(route, tokens[role])).status, `${route} with an expired session`).toBe(401);
      }
    }
    now = new Date(now.getTime() + 91 * 24 * 3600_000);
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public' || !roles.includes('agent')) continue;
      expect((await call(route, tokens.otherVillageAgent)).status, `${route} with an expired tablet token`).toBe(401);
    }
  });
});
