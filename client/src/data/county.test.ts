import type { CreateServiceItemRequest, CreateTownshipRequest } from '@daiban/schemas';
import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../sync/api-client.ts';
import { editRequestOf, followCountyItem } from './catalog-admin.ts';
import { addTownshipAdmin, createTownship, publishCountyItem } from './county.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

/** The API client of someone signed in (the county administrator unless told). */
async function signedIn(username = 'county-admin', password = 'daiban-county') {
  const session = await server.login(username, password);
  return createApiClient({ baseUrl: server.url, token: async () => session.token });
}

const newTownship: CreateTownshipRequest = {
  code: 'NHZ',
  name: '南湖洲镇',
  phone: '0737-5550200',
  address: '南湖洲镇人民路 2 号',
  admin: { username: 'nhz-admin', displayName: '李建国', phone: '13800000301', password: 'nanhu-admin-1' },
};

const countyItem: CreateServiceItemRequest = {
  code: 'XJ-001',
  name: '县级试点事项',
  department: 'civil_affairs',
  legalBasis: '县政府文件',
  eligibility: '本县户籍居民',
  materials: [{ key: 'id_card', name: '居民身份证', form: 'copy', copies: 1, required: true }],
  steps: ['村代办员收件', '乡镇受理'],
  timeLimitDays: 10,
  fee: '不收费',
  handling: 'township',
  homeVisit: false,
};

describe('the county’s townships', () => {
  it('creates a township with its administrator, who then signs in to the new township', async () => {
    const api = await signedIn();
    const before = await api.countyOverview();
    expect(before.townships.map((t) => t.name)).toContain('千山红镇');
    expect(before.townships).toHaveLength(2);

    const township = await createTownship(newTownship, api);
    expect(township).toMatchObject({ code: 'NHZ', name: '南湖洲镇', villages: 0, agents: 0 });
    expect(township.admins).toEqual([expect.objectContaining({ username: 'nhz-admin', displayName: '李建国', disabled: false })]);
    expect((await api.countyOverview()).townships).toHaveLength(3);

    const admin = await server.login('nhz-admin', 'nanhu-admin-1');
    expect(admin.account.role).toBe('admin');
    expect(admin.township).toMatchObject({ id: township.id, name: '南湖洲镇' });
  });

  it('refuses a taken township code or username, and adds a further administrator to a township', async () => {
    const api = await signedIn();
    const township = await createTownship(newTownship, api);
    await expect(
      createTownship({ ...newTownship, admin: { ...newTownship.admin, username: 'nhz-admin-2' } }, api),
    ).rejects.toMatchObject({
      status: 409,
      reason: 'already_exists',
    });
    await expect(createTownship({ ...newTownship, code: 'NHZB' }, api)).rejects.toMatchObject({
      status: 409,
      reason: 'already_exists',
    });

    const second = { username: 'nhz-admin-2', displayName: '赵敏', phone: '13800000302', password: 'nanhu-admin-2' };
    expect(await addTownshipAdmin(township.id, second, api)).toMatchObject({ username: 'nhz-admin-2', disabled: false });
    const listed = (await api.countyOverview()).townships.find((t) => t.id === township.id);
    expect(listed?.admins.map((a) => a.username)).toEqual(['nhz-admin', 'nhz-admin-2']);
  });
});

describe('the county catalog', () => {
  it('publishes an item and its next version, and refuses an edit of a version that is no longer the newest', async () => {
    const api = await signedIn();
    const first = await publishCountyItem(countyItem, null, api);
    expect(first).toMatchObject({ code: 'XJ-001', version: 1 });
    expect((await api.listCountyCatalog()).items.map((i) => i.code)).toContain('XJ-001');
    await expect(publishCountyItem(countyItem, null, api)).rejects.toMatchObject({ status: 409, reason: 'already_exists' });

    const second = await publishCountyItem({ ...countyItem, timeLimitDays: 5 }, first, api);
    expect(second).toMatchObject({ version: 2, timeLimitDays: 5 });
    await expect(publishCountyItem({ ...countyItem, timeLimitDays: 7 }, first, api)).rejects.toMatchObject({
      status: 409,
      reason: 'stale_version',
    });
    const history = await api.getCountyItem('XJ-001');
    expect(history.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(history.townships).toHaveLength(2);
  });

  it('shows a township that published its own version as no longer following, until it follows the county again', async () => {
    const county = await signedIn();
    const township = await signedIn('admin', 'daiban-admin');
    await publishCountyItem(countyItem, null, county);
    const reached = await township.getCatalogItem('XJ-001');
    expect(reached.countyVersion).toBe(1);

    const own = await township.editCatalogItem('XJ-001', editRequestOf({ ...countyItem, timeLimitDays: 3 }, reached.item));
    expect((await township.getCatalogItem('XJ-001')).countyVersion).toBeNull();
    const state = async () => (await county.getCountyItem('XJ-001')).townships.find((t) => t.townshipName === '千山红镇');
    expect(await state()).toMatchObject({ follows: false, version: own.item.version });

    const followed = await followCountyItem('XJ-001', township);
    expect(followed).toMatchObject({ version: own.item.version + 1, timeLimitDays: 10 });
    expect((await township.getCatalogItem('XJ-001')).countyVersion).toBe(1);
    expect(await state()).toMatchObject({ follows: true, version: followed.version });
  });
});

describe('following the county from a township', () => {
  it('is refused for an item the county catalog does not have', async () => {
    const township = await signedIn('admin', 'daiban-admin');
    await township.createCatalogItem({ ...countyItem, code: 'QS-901', name: '本镇自设事项' });
    await expect(followCountyItem('QS-901', township)).rejects.toMatchObject({ status: 409, reason: 'invalid_transition' });
  });
});

describe('the county’s monthly report', () => {
  it('has a row for every township and a county total', async () => {
    const api = await signedIn();
    const { report } = await api.countyMonthlyReport('2026-11');
    expect(report.month).toBe('2026-11');
    expect(report.townships.map((t) => t.townshipName)).toContain('千山红镇');
    expect(report.townships).toHaveLength(2);
    expect(report.total.received).toBe(report.townships.reduce((sum, t) => sum + t.received, 0));
  });
});
