import type { Role } from '@daiban/schemas';

/** The authorization the route-enumerating test (authorization.test.ts) holds the server to. */

export const ALL: Role[] = ['agent', 'supervisor', 'admin', 'county_admin'];
/** A township's people: everyone but the county administrator, who has no township and replicates nothing. */
const PEOPLE: Role[] = ['agent', 'supervisor', 'admin'];
const TOWNSHIP: Role[] = ['supervisor', 'admin'];
const COUNTY: Role[] = ['county_admin'];

/**
 * Who may call each route of the server. The suite fails for a route missing here, so a new
 * route cannot land without its authorization being stated and tested.
 */
export const ROLES: Record<string, Role[] | 'public'> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/enrol': 'public',
  'POST /api/auth/goodbye': ALL,
  'POST /api/auth/confirm': ['agent'],
  'POST /api/auth/password': ALL,
  'POST /api/auth/pin': ['agent'],
  'POST /api/auth/unlock': 'public',
  'GET /api/sync/pull': PEOPLE,
  'POST /api/sync/push': ['agent'],
  'GET /api/blobs/:sha256': PEOPLE,
  'GET /api/blobs/:sha256/status': PEOPLE,
  'PUT /api/blobs/:sha256/chunks': ['agent', 'supervisor'],
  'POST /api/blobs/batch': ['agent', 'supervisor'],
  'GET /api/villages': TOWNSHIP,
  'POST /api/villages': ['admin'],
  'GET /api/cases': TOWNSHIP,
  'GET /api/cases/:id': PEOPLE,
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
  'GET /api/calendar': PEOPLE,
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
  'POST /api/catalog/:code/follow-county': ['admin'],
  'GET /api/accounts': ['admin'],
  'POST /api/accounts': ['admin'],
  'POST /api/accounts/:id/disable': ['admin'],
  'POST /api/accounts/:id/enrolment-code': ['admin'],
  'GET /api/county': COUNTY,
  'POST /api/county/townships': COUNTY,
  'POST /api/county/townships/:id/admins': COUNTY,
  'GET /api/county/catalog': COUNTY,
  'GET /api/county/catalog/:code': COUNTY,
  'POST /api/county/catalog': COUNTY,
  'PUT /api/county/catalog/:code': COUNTY,
  'GET /api/county/reports/monthly': COUNTY,
  'GET /api/county/reports/monthly.csv': COUNTY,
  'GET /api/county/reports/monthly.xlsx': COUNTY,
};

export type Outsider = 'otherVillageAgent' | 'otherSupervisor' | 'otherAdmin' | 'otherCountyAdmin';

export interface Resources {
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
  /** A township of the demo county, and a valid new admin for it. */
  townshipId: string;
  newAdmin: unknown;
  /** An item of the demo county's catalog, and a valid edit of its newest version. */
  countyItemCode: string;
  countyItemEdit: unknown;
}

/**
 * For every route with a path parameter: how a resource of 大西港村 (千山红镇, 湖乡县) is named, and
 * which outsiders with the right role must still be refused it (403 or 404, nothing written). Routes
 * whose parameter is not owned by a village, township or county say why.
 */
export const SCOPE: Record<
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
  'POST /api/blobs/batch': { notScoped: 'content-addressed, as the chunks: whoever holds the bytes may upload them' },
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
  'POST /api/catalog/:code/follow-county': {
    path: (r) => `/api/catalog/${r.itemCode}/follow-county`,
    body: () => ({}),
    outsiders: ['otherAdmin'],
  },
  'POST /api/county/townships/:id/admins': {
    path: (r) => `/api/county/townships/${r.townshipId}/admins`,
    body: (r) => r.newAdmin,
    outsiders: ['otherCountyAdmin'],
  },
  'GET /api/county/catalog/:code': {
    path: (r) => `/api/county/catalog/${r.countyItemCode}`,
    outsiders: ['otherCountyAdmin'],
  },
  'PUT /api/county/catalog/:code': {
    path: (r) => `/api/county/catalog/${r.countyItemCode}`,
    body: (r) => r.countyItemEdit,
    outsiders: ['otherCountyAdmin'],
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
