import { randomUUID } from 'node:crypto';
import { type Account, type Role, SCHEMA_VERSION, type ServiceItem } from '@daiban/schemas';
import { hashPassword } from '../auth/passwords.ts';
import {
  appendEvent,
  countAccounts,
  type Db,
  insertAccount,
  insertServiceItem,
  insertTownship,
  insertVillage,
} from '../db/index.ts';
import { demoCatalog } from './demo-catalog.ts';
import { demoStaff, demoTownship, demoVillages } from './demo-township.ts';

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
 * a supervisor and an admin, and the service catalog. Every record is written with its
 * ledger event, so devices pull it like any other change. Does nothing when accounts exist.
 */
export async function seedDemo(db: Db, now = new Date()): Promise<boolean> {
  if (countAccounts(db) > 0) return false;
  const at = now.toISOString();
  const townshipId = `t-${demoTownship.code.toLowerCase()}`;
  const people = [
    ...demoVillages.map((v) => ({ ...v.agent, role: 'agent' as const, villageCode: v.code })),
    ...demoStaff.map((s) => ({ ...s, villageCode: null })),
  ];
  const hashes = await Promise.all(people.map((p) => hashPassword(DEMO_PASSWORDS[p.role])));

  db.transaction(() => {
    insertTownship(db, { id: townshipId, ...demoTownship });
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
    event('township.create', townshipId, null, { id: townshipId, ...demoTownship });
    for (const v of demoVillages) {
      const village = { id: villageIdOf(v.code), townshipId, code: v.code, name: v.name };
      insertVillage(db, village, event('village.create', village.id, village.id, village));
    }
    people.forEach((p, i) => {
      const account: Account = {
        id: randomUUID(),
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        phone: p.phone,
        townshipId,
        villageId: p.villageCode ? villageIdOf(p.villageCode) : null,
      };
      insertAccount(db, account, hashes[i]!, at);
      event('account.create', account.id, account.villageId, { id: account.id, username: account.username, role: account.role });
    });
    for (const entry of demoCatalog) {
      const item: ServiceItem = { ...entry, version: 1, publishedAt: at };
      insertServiceItem(
        db,
        item,
        event('catalog.publish', `${item.code}@${item.version}`, null, { ...item, schemaVersion: SCHEMA_VERSION }),
      );
    }
  })();
  return true;
}

export function demoLogins(): DemoLogin[] {
  return [
    ...demoStaff.map((s) => ({ ...s, password: DEMO_PASSWORDS[s.role], place: demoTownship.name })),
    ...demoVillages.map((v) => ({
      ...v.agent,
      role: 'agent' as const,
      password: DEMO_PASSWORDS.agent,
      place: v.name,
    })),
  ];
}

function villageIdOf(code: string): string {
  return `v-${code.toLowerCase()}`;
}
