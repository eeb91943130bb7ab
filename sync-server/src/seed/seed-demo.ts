import { randomUUID } from 'node:crypto';
import { type Account, chinaDate, type Role, SCHEMA_VERSION, type ServiceItem } from '@daiban/schemas';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import {
  appendEvent,
  countAccounts,
  type Db,
  getAccountByUsername,
  insertAccount,
  insertServiceItem,
  insertTownship,
  insertVillage,
  replaceCalendarYear,
  setDuty,
} from '../db/index.ts';
import { demoCatalog } from './demo-catalog.ts';
import { demoStaff, demoTownship, demoVillages } from './demo-township.ts';
import { holidays2026 } from './holidays-2026.ts';

/** Demo passwords, printed on start. A real deployment changes them (see README). */
export const DEMO_PASSWORDS: Record<Role, string> = {
  agent: 'daiban-agent',
  supervisor: 'daiban-review',
  admin: 'daiban-admin',
};

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  place: string;
}

/**
 * Seeds the demo township on an empty ledger: township, villages, one agent per village,
 * a supervisor and an admin, the 2026 holiday calendar and the service catalog. Every record is written with its
 * ledger event, so devices pull it like any other change. Does nothing when accounts exist.
 */
export async function seedDemo(db: Db, now = new Date()): Promise<boolean> {
  if ((await countAccounts(db)) > 0) return false;
  const at = now.toISOString();
  const townshipId = `t-${demoTownship.code.toLowerCase()}`;
  const people = [
    ...demoVillages.flatMap((v) => [
      { ...v.agent, role: 'agent' as const, villageCode: v.code, post: 'A' as const },
      { ...v.backup, role: 'agent' as const, villageCode: v.code, post: 'B' as const },
    ]),
    ...demoStaff.map((s) => ({ ...s, villageCode: null, post: null })),
  ];
  const hashes = await Promise.all(people.map((p) => hashPassword(DEMO_PASSWORDS[p.role])));

  await db.transaction(async () => {
    await insertTownship(db, { id: townshipId, ...demoTownship });
    const event = (type: string, entityId: string, villageId: string | null, payload: unknown) =>
      appendEvent(db, {
        type,
        entityId,
        villageId,
        accountId: null,
        deviceId: null,
        mutationId: null,
        hlc: null,
        payload,
        recordedAt: at,
      });
    await event('township.create', townshipId, null, { id: townshipId, ...demoTownship });
    for (const v of demoVillages) {
      const village = { id: villageIdOf(v.code), townshipId, code: v.code, name: v.name };
      await insertVillage(db, village, await event('village.create', village.id, village.id, village));
    }
    const ids = people.map(() => randomUUID());
    for (const [i, p] of people.entries()) {
      const account: Account = {
        id: ids[i]!,
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        phone: p.phone,
        townshipId,
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
    for (const v of demoVillages) {
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
    await replaceCalendarYear(
      db,
      townshipId,
      2026,
      holidays2026,
      await event('calendar.replaceYear', `calendar:${townshipId}`, null, { year: 2026, entries: holidays2026 }),
    );
    for (const entry of demoCatalog) {
      const item: ServiceItem = { ...entry, version: 1, publishedAt: at };
      await insertServiceItem(
        db,
        townshipId,
        item,
        await event('catalog.publish', `${townshipId}:${item.code}@${item.version}`, null, {
          ...item,
          townshipId,
          schemaVersion: SCHEMA_VERSION,
        }),
      );
    }
  });
  return true;
}

export function demoLogins(): DemoLogin[] {
  return [
    ...demoStaff.map((s) => ({ ...s, password: DEMO_PASSWORDS[s.role], place: demoTownship.name })),
    ...demoVillages.flatMap((v) =>
      [v.agent, v.backup].map((agent) => ({ ...agent, role: 'agent' as const, password: DEMO_PASSWORDS.agent, place: v.name })),
    ),
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

function villageIdOf(code: string): string {
  return `v-${code.toLowerCase()}`;
}
