import { createHash } from 'node:crypto';
import type { Conflict, Followup, PullResponse, Role, Session } from '@daiban/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { dbChecksum } from '../testing/db-checksum.ts';
import { draftOf, FakeTablet } from '../testing/fixtures.ts';
import { otherTownshipAccount, slipWithTwoCases, submittedCase } from '../testing/scenes.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const ALL: Role[] = ['agent', 'supervisor', 'admin'];
const TOWNSHIP: Role[] = ['supervisor', 'admin'];

/**
 * Who may call each route of the server. The suite fails for a route missing here, so a new
 * route cannot land without its authorization being stated and tested.
 */
const ROLES: Record<string, Role[] | 'public'> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/enrol': 'public',
  'POST /api/auth/goodbye': ALL,
  'POST /api/auth/confirm': ['agent'],
  'POST /api/auth/pin': ['agent'],
  'POST /api/auth/unlock': 'public',
  'GET /api/sync/pull': ALL,
  'POST /api/sync/push': ['agent'],
  'GET /api/blobs/:sha256': ALL,
  'GET /api/blobs/:sha256/status': ALL,
  'PUT /api/blobs/:sha256/chunks': ['agent', 'supervisor'],
  'GET /api/cases': TOWNSHIP,
  'GET /api/cases/:id': ALL,
  'POST /api/cases/:id/accept': ['supervisor'],
  'POST /api/cases/:id/complete': ['supervisor'],
  'POST /api/cases/:id/reject': ['supervisor'],
  'POST /api/cases/:id/return': ['supervisor'],
  'GET /api/conflicts': TOWNSHIP,
  'POST /api/conflicts/:id/restore': ['supervisor'],
  'GET /api/followups': TOWNSHIP,
  'POST /api/followups/:id/close': ['supervisor'],
  'GET /api/handovers': TOWNSHIP,
  'GET /api/handovers/:id': TOWNSHIP,
  'POST /api/handovers/:id/confirm': ['supervisor'],
  'GET /api/spot-checks': ['supervisor'],
  'POST /api/spot-checks': ['supervisor'],
  'GET /api/spot-checks/:id': ['supervisor'],
  'PUT /api/spot-checks/:id/items/:caseId': ['supervisor'],
  'GET /api/reports/monthly': TOWNSHIP,
  'GET /api/reports/monthly.csv': TOWNSHIP,
  'GET /api/reports/monthly.xlsx': TOWNSHIP,
  'GET /api/calendar': ALL,
  'POST /api/calendar/entries': TOWNSHIP,
  'DELETE /api/calendar/entries/:date': TOWNSHIP,
  'PUT /api/calendar/years/:year': TOWNSHIP,
  'GET /api/devices': TOWNSHIP,
  'POST /api/devices/:id/revoke': TOWNSHIP,
  'GET /api/ledger/verify': TOWNSHIP,
  'GET /api/catalog': TOWNSHIP,
  'GET /api/catalog/:code': TOWNSHIP,
  'POST /api/catalog': ['admin'],
  'PUT /api/catalog/:code': ['admin'],
  'GET /api/accounts': ['admin'],
  'POST /api/accounts': ['admin'],
  'POST /api/accounts/:id/disable': ['admin'],
  'POST /api/accounts/:id/enrolment-code': ['admin'],
};

type Outsider = 'otherVillageAgent' | 'otherSupervisor' | 'otherAdmin';

interface Resources {
  caseId: string;
  sha256: string;
  conflictId: string;
  followupId: string;
  slipId: string;
  /** A valid confirmation of the slip: every original received. */
  slipConfirmation: unknown;
  spotCheckId: string;
  accountId: string;
  deviceId: string;
  /** A service item of 千山红镇's catalog, and a valid edit of its newest version. */
  itemCode: string;
  itemEdit: unknown;
}

/**
 * For every route with a path parameter: how a resource of 大西港村 (千山红镇) is named, and which
 * outsiders with the right role must still be refused it (403 or 404, nothing written). Routes
 * whose parameter is not owned by a village or township say why.
 */
const SCOPE: Record<
  string,
  { path: (r: Resources) => string; body?: (r: Resources) => unknown; outsiders: Outsider[] } | { notScoped: string }
> = {
  'GET /api/cases/:id': {
    path: (r) => `/api/cases/${r.caseId}`,
    outsiders: ['otherVillageAgent', 'otherSupervisor', 'otherAdmin'],
  },
  'POST /api/cases/:id/accept': {
    path: (r) => `/api/cases/${r.caseId}/accept`,
    body: () => ({ missingAcknowledged: true }),
    outsiders: ['otherSupervisor'],
  },
  'POST /api/cases/:id/complete': {
    path: (r) => `/api/cases/${r.caseId}/complete`,
    body: () => ({ result: '办结' }),
    outsiders: ['otherSupervisor'],
  },
  'POST /api/cases/:id/reject': {
    path: (r) => `/api/cases/${r.caseId}/reject`,
    body: () => ({ reason: '不符' }),
    outsiders: ['otherSupervisor'],
  },
  'POST /api/cases/:id/return': {
    path: (r) => `/api/cases/${r.caseId}/return`,
    body: () => ({ reason: '补正', materialKeys: [] }),
    outsiders: ['otherSupervisor'],
  },
  'GET /api/blobs/:sha256': {
    path: (r) => `/api/blobs/${r.sha256}`,
    outsiders: ['otherVillageAgent', 'otherSupervisor', 'otherAdmin'],
  },
  'GET /api/blobs/:sha256/status': {
    notScoped: 'content-addressed: asking for a hash means holding the bytes already; the answer is only sizes',
  },
  'PUT /api/blobs/:sha256/chunks': { notScoped: 'content-addressed: whoever holds the bytes may upload them; stored once' },
  'POST /api/conflicts/:id/restore': {
    path: (r) => `/api/conflicts/${r.conflictId}/restore`,
    body: () => ({}),
    outsiders: ['otherSupervisor'],
  },
  'POST /api/followups/:id/close': {
    path: (r) => `/api/followups/${r.followupId}/close`,
    body: () => ({ resolution: '已回访' }),
    outsiders: ['otherSupervisor'],
  },
  'GET /api/handovers/:id': { path: (r) => `/api/handovers/${r.slipId}`, outsiders: ['otherSupervisor', 'otherAdmin'] },
  'POST /api/handovers/:id/confirm': {
    path: (r) => `/api/handovers/${r.slipId}/confirm`,
    body: (r) => r.slipConfirmation,
    outsiders: ['otherSupervisor'],
  },
  'GET /api/spot-checks/:id': { path: (r) => `/api/spot-checks/${r.spotCheckId}`, outsiders: ['otherSupervisor'] },
  'PUT /api/spot-checks/:id/items/:caseId': {
    path: (r) => `/api/spot-checks/${r.spotCheckId}/items/${r.caseId}`,
    body: () => ({ result: 'pass', note: '' }),
    outsiders: ['otherSupervisor'],
  },
  'DELETE /api/calendar/entries/:date': { notScoped: 'a date, not a resource: each township edits its own calendar' },
  'PUT /api/calendar/years/:year': { notScoped: 'a year, not a resource: each township edits its own calendar' },
  'POST /api/devices/:id/revoke': {
    path: (r) => `/api/devices/${r.deviceId}/revoke`,
    body: () => ({}),
    outsiders: ['otherSupervisor', 'otherAdmin'],
  },
  'GET /api/catalog/:code': {
    path: (r) => `/api/catalog/${r.itemCode}`,
    outsiders: ['otherSupervisor', 'otherAdmin'],
  },
  'PUT /api/catalog/:code': {
    path: (r) => `/api/catalog/${r.itemCode}`,
    body: (r) => r.itemEdit,
    outsiders: ['otherAdmin'],
  },
  'POST /api/accounts/:id/disable': {
    path: (r) => `/api/accounts/${r.accountId}/disable`,
    body: () => ({}),
    outsiders: ['otherAdmin'],
  },
  'POST /api/accounts/:id/enrolment-code': {
    path: (r) => `/api/accounts/${r.accountId}/enrolment-code`,
    body: () => ({}),
    outsiders: ['otherAdmin'],
  },
};

const USERNAMES: Record<Role, string> = { agent: 'dxg-agent', supervisor: 'supervisor', admin: 'admin' };

let now = new Date('2026-11-20T02:00:00Z');
let server: TestServer;
let routes: string[];
let tokens: Record<Role | Outsider | 'revokedAgent' | 'revokedSupervisor', string>;
let resources: Resources;
let markers: { village: string[]; township: string[] };

beforeAll(async () => {
  server = await startTestServer({ now: () => now });
  routes = [
    ...new Set(
      createApp({ db: server.db, blobDir: '/nonexistent', version: 'routes' })
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
  };
  markers = {
    village: [scene.caseId, scene.opened.caseNumber, scene.applicant.name, scene.applicant.idNumber, sha256],
    township: [scene.caseId, scene.opened.caseNumber, scene.applicant.idNumber, '大西港村', 'v-dxg', scene.item.name],
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
  return pattern.startsWith('/api/reports/') ? `${filled}${REPORT_MONTH}` : filled;
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
      const before = dbChecksum(server.db);
      expect((await call(route, undefined)).status, `${route} without a token`).toBe(401);
      expect(
        (await server.api(pathOf(route), { method: route.split(' ')[0], headers: { authorization: 'Basic x' } })).status,
      ).toBe(401);
      expect((await call(route, 'A'.repeat(43))).status, `${route} with an unknown token`).toBe(401);
      const revoked = roles.includes('agent') ? tokens.revokedAgent : tokens.revokedSupervisor;
      const res = await call(route, revoked);
      expect(res.status, `${route} with a revoked device`).toBe(401);
      expect(await reasonOf(res)).toBe('device_revoked');
      expect(dbChecksum(server.db), `${route} wrote although refused`).toBe(before);
    }
  });

  it('refuses every role a route is not for with 403, and lets through every role it is for', async () => {
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public') continue;
      for (const role of ALL) {
        const before = dbChecksum(server.db);
        // Signing off ends the session: it is tried with a session of its own.
        const token = route === 'POST /api/auth/goodbye' ? (await server.login(USERNAMES[role])).token : tokens[role];
        const res = await call(route, token, {}, placeholderPathOf(route));
        if (roles.includes(role)) {
          expect([401, 403], `${route} as ${role}: ${res.status}`).not.toContain(res.status);
        } else {
          expect(res.status, `${route} as ${role}`).toBe(403);
          expect(dbChecksum(server.db), `${route} as ${role} wrote although refused`).toBe(before);
        }
      }
    }
  });

  it('keeps one village’s and one township’s records from every outsider, on every route that names one', async () => {
    for (const [route, scope] of Object.entries(SCOPE)) {
      if ('notScoped' in scope) continue;
      for (const outsider of scope.outsiders) {
        const before = dbChecksum(server.db);
        const res = await call(route, tokens[outsider], scope.body?.(resources));
        expect([403, 404], `${route} as ${outsider}: ${res.status}`).toContain(res.status);
        expect(dbChecksum(server.db), `${route} as ${outsider} wrote although refused`).toBe(before);
      }
    }
  });

  it('shows outsiders none of 大西港村’s records in any list, pull or report', async () => {
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public' || !route.startsWith('GET') || route.includes('/:')) continue;
      for (const outsider of ['otherVillageAgent', 'otherSupervisor', 'otherAdmin'] as const) {
        const role: Role = outsider === 'otherVillageAgent' ? 'agent' : outsider === 'otherSupervisor' ? 'supervisor' : 'admin';
        if (!roles.includes(role)) continue;
        const res = await call(route, tokens[outsider]);
        const text = route.endsWith('.xlsx') ? '' : await res.text();
        for (const marker of outsider === 'otherVillageAgent' ? markers.village : markers.township) {
          expect(text.includes(marker), `${route} as ${outsider} shows ${marker}`).toBe(false);
        }
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

  it('refuses tokens left idle too long: a township session after 12 hours, a tablet after 90 days', async () => {
    now = new Date(now.getTime() + 13 * 3600_000);
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public' || !roles.includes('supervisor')) continue;
      expect((await call(route, tokens.supervisor)).status, `${route} with an expired session`).toBe(401);
    }
    now = new Date(now.getTime() + 91 * 24 * 3600_000);
    for (const [route, roles] of Object.entries(ROLES)) {
      if (roles === 'public' || !roles.includes('agent')) continue;
      expect((await call(route, tokens.otherVillageAgent)).status, `${route} with an expired tablet token`).toBe(401);
    }
  });
});
