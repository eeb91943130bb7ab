import { randomUUID } from 'node:crypto';
import { type Account, chinaDate, type Role } from '@daiban/schemas';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { type Publisher, publishToCounty } from '../catalog/publishing.ts';
import {
  appendSystemEvent,
  countAccounts,
  type Db,
  getAccountByUsername,
  insertAccount,
  insertCounty,
  insertTownship,
  insertVillage,
  replaceCalendarYear,
  setDuty,
} from '../db/index.ts';
import { demoCatalog } from './demo-catalog.ts';
import { demoCounty, demoCountyAdmin, demoTownships } from './demo-township.ts';
import { holidays2026 } from './holidays-2026.ts';

/** Demo passwords, printed on start. A real deployment changes them (see README). */
export const DEMO_PASSWORDS: Record<Role, string> = {
  agent: 'daiban-agent',
  supervisor: 'daiban-review',
  admin: 'daiban-admin',
  county_admin: 'daiban-county',
};

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  place: string;
}

/** Who publishes what the seed writes: nobody's device. */
const SEED: Publisher = { accountId: null, deviceId: null };

/**
 * Seeds the demo county on an empty ledger: the county and its administrator; two townships, each
 * with villages, two agents per village (A and B posts), a supervisor, an admin and the 2026 holiday
 * calendar; and the county's service catalog, which reaches both townships. Every record is written
 * with its ledger event, so devices pull it like any other change. Does nothing when accounts exist.
 */
export async function seedDemo(db: Db, now = new Date()): Promise<boolean> {
  if ((await countAccounts(db)) > 0) return false;
  const at = now.toISOString();
  const countyId = `c-${demoCounty.code.toLowerCase()}`;
  const people = demoTownships.flatMap((t) => [
    ...t.villages.flatMap((v) => [
      { ...v.agent, role: 'agent' as const, township: t, villageCode: v.code, post: 'A' as const },
      { ...v.backup, role: 'agent' as const, township: t, villageCode: v.code, post: 'B' as const },
    ]),
    ...t.staff.map((s) => ({ ...s, township: t, villageCode: null, post: null })),
  ]);
  const hashes = await Promise.all(people.map((p) => hashPassword(DEMO_PASSWORDS[p.role])));
  const countyAdminHash = await hashPassword(DEMO_PASSWORDS.county_admin);

  await db.transaction(async () => {
    const event = (type: string, entityId: string, villageId: string | null, payload: unknown) =>
      appendSystemEvent(db, type, entityId, villageId, payload, at);
    const county = { id: countyId, ...demoCounty };
    await insertCounty(db, county);
    await event('county.create', countyId, null, county);
    const countyAdmin: Account = {
      id: randomUUID(),
      ...demoCountyAdmin,
      role: 'county_admin',
      townshipId: null,
      villageId: null,
      post: null,
    };
    const countyAdminSeq = await event('account.create', countyAdmin.id, null, {
      id: countyAdmin.id,
      username: countyAdmin.username,
      role: countyAdmin.role,
      countyId,
    });
    await insertAccount(db, countyAdmin, countyAdminHash, at, countyAdminSeq, countyId);

    for (const t of demoTownships) {
      const township = { id: townshipIdOf(t.code), code: t.code, name: t.name, phone: t.phone, address: t.address };
      await insertTownship(db, township, countyId);
      await event('township.create', township.id, null, { ...township, countyId });
      for (const v of t.villages) {
        const village = { id: villageIdOf(v.code), townshipId: township.id, code: v.code, name: v.name };
        await insertVillage(db, village, await event('village.create', village.id, village.id, village));
      }
      await replaceCalendarYear(
        db,
        township.id,
        2026,
        holidays2026,
        await event('calendar.replaceYear', `calendar:${township.id}`, null, { year: 2026, entries: holidays2026 }),
      );
    }
    const ids = people.map(() => randomUUID());
    for (const [i, p] of people.entries()) {
      const account: Account = {
        id: ids[i]!,
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        phone: p.phone,
        townshipId: townshipIdOf(p.township.code),
        villageId: p.villageCode ? villageIdOf(p.villageCode) : null,
        post: p.post,
      };
      const seq = await event('account.create', account.id, account.villageId, {
        id: account.id,
        username: account.username,
        role: account.role,
      });
      await insertAccount(db, account, hashes[i]!, at, seq);
    }
    // The duty roster of the coming four weeks: the A post Monday, Wednesday and Friday, the B post Tuesday and Thursday.
    for (const v of demoTownships.flatMap((t) => t.villages)) {
      const a = ids[people.findIndex((p) => p.username === v.agent.username)]!;
      const b = ids[people.findIndex((p) => p.username === v.backup.username)]!;
      for (let d = 0; d < 28; d++) {
        const date = new Date(now.getTime() + d * 86_400_000);
        const weekday = date.getUTCDay();
        if (weekday === 0 || weekday === 6) continue;
        const duty = { villageId: villageIdOf(v.code), date: chinaDate(date), accountId: weekday % 2 === 1 ? a : b };
        await setDuty(db, duty, await event('duty.set', `${duty.villageId}@${duty.date}`, duty.villageId, duty));
      }
    }
    for (const entry of demoCatalog) await publishToCounty(db, SEED, countyId, { ...entry, version: 1, publishedAt: at });
  });
  return true;
}

export function demoLogins(): DemoLogin[] {
  return [
    { ...demoCountyAdmin, role: 'county_admin', password: DEMO_PASSWORDS.county_admin, place: demoCounty.name },
    ...demoTownships.flatMap((t) => [
      ...t.staff.map((s) => ({ ...s, password: DEMO_PASSWORDS[s.role], place: t.name })),
      ...t.villages.flatMap((v) =>
        [v.agent, v.backup].map((agent) => ({ ...agent, role: 'agent' as const, password: DEMO_PASSWORDS.agent, place: v.name })),
      ),
    ]),
  ];
}

/**
 * The demo accounts whose password is still the seeded one: the only ones the server prints. Once
 * a password is changed, printing the demo one would only mislead (and tell which accounts were
 * left as they came).
 */
export async function demoLoginsStillSeeded(db: Db): Promise<DemoLogin[]> {
  const logins = demoLogins();
  const seeded = await Promise.all(
    logins.map(async (login) => {
      const hash = (await getAccountByUsername(db, login.username))?.passwordHash;
      return !!hash && (await verifyPassword(login.password, hash));
    }),
  );
  return logins.filter((_, i) => seeded[i]);
}

function townshipIdOf(code: string): string {
  return `t-${code.toLowerCase()}`;
}

function villageIdOf(code: string): string {
  return `v-${code.toLowerCase()}`;
}
