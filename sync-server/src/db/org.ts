import type { Account, Device, Duty, Role, Township, Village, VillageAgent } from '@daiban/schemas';
import type { Db } from './open.ts';
import { stmt } from './statements.ts';

export function getTownship(db: Db, id: string): Township | undefined {
  return stmt(db, 'SELECT id, code, name, phone, address FROM townships WHERE id = ?').get(id) as Township | undefined;
}

export function insertTownship(db: Db, t: Township): void {
  stmt(db, 'INSERT INTO townships (id, code, name, phone, address) VALUES (?, ?, ?, ?, ?)').run(
    t.id,
    t.code,
    t.name,
    t.phone,
    t.address,
  );
}

export function getVillage(db: Db, id: string): Village | undefined {
  return stmt(db, 'SELECT id, township_id AS townshipId, code, name FROM villages WHERE id = ?').get(id) as Village | undefined;
}

export function listVillages(db: Db, townshipId: string): Village[] {
  return stmt(db, 'SELECT id, township_id AS townshipId, code, name FROM villages WHERE township_id = ? ORDER BY code').all(
    townshipId,
  ) as Village[];
}

export function villagesChangedSince(db: Db, townshipId: string, cursor: number, limit: number) {
  return stmt(
    db,
    `SELECT id, township_id AS townshipId, code, name, seq FROM villages
       WHERE township_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
  ).all(townshipId, cursor, limit) as (Village & { seq: number })[];
}

export function insertVillage(db: Db, v: Village, seq: number): void {
  stmt(db, 'INSERT INTO villages (id, township_id, code, name, seq) VALUES (?, ?, ?, ?, ?)').run(
    v.id,
    v.townshipId,
    v.code,
    v.name,
    seq,
  );
}

const ACCOUNT_COLUMNS = `id, username, display_name AS displayName, role, phone,
  township_id AS townshipId, village_id AS villageId, post`;

export function getAccountByUsername(db: Db, username: string): (Account & { passwordHash: string }) | undefined {
  return stmt(db, `SELECT ${ACCOUNT_COLUMNS}, password_hash AS passwordHash FROM accounts WHERE username = ?`).get(username) as
    | (Account & { passwordHash: string })
    | undefined;
}

export function insertAccount(db: Db, a: Account, passwordHash: string, createdAt: string, seq: number): void {
  stmt(
    db,
    `INSERT INTO accounts (id, username, display_name, role, phone, township_id, village_id, post, password_hash, created_at, seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(a.id, a.username, a.displayName, a.role, a.phone, a.townshipId, a.villageId, a.post, passwordHash, createdAt, seq);
}

/** Agents of the given villages changed after the cursor (what tablets need to show colleagues). */
export function agentsChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  if (villageIds.length === 0) return [];
  return stmt(
    db,
    `SELECT id, village_id AS villageId, display_name AS displayName, phone, post, seq FROM accounts
     WHERE role = 'agent' AND village_id IN (${villageIds.map(() => '?').join(', ')}) AND seq > ? ORDER BY seq LIMIT ?`,
  ).all(...villageIds, cursor, limit) as (VillageAgent & { seq: number })[];
}

export function getVillageAgent(db: Db, id: string): VillageAgent | undefined {
  return stmt(
    db,
    "SELECT id, village_id AS villageId, display_name AS displayName, phone, post FROM accounts WHERE id = ? AND role = 'agent'",
  ).get(id) as VillageAgent | undefined;
}

export function setDuty(db: Db, duty: Duty, seq: number): void {
  stmt(
    db,
    `INSERT INTO duty_roster (village_id, date, account_id, seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (village_id, date) DO UPDATE SET account_id = excluded.account_id, seq = excluded.seq`,
  ).run(duty.villageId, duty.date, duty.accountId, seq);
}

export function dutyChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  if (villageIds.length === 0) return [];
  return stmt(
    db,
    `SELECT village_id AS villageId, date, account_id AS accountId, seq FROM duty_roster
     WHERE village_id IN (${villageIds.map(() => '?').join(', ')}) AND seq > ? ORDER BY seq LIMIT ?`,
  ).all(...villageIds, cursor, limit) as (Duty & { seq: number })[];
}

export function countAccounts(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n;
}

/** What a request is allowed to do, found from its device token. */
export interface Principal {
  account: Account;
  device: Device;
  role: Role;
  townshipId: string;
  villageId: string | null;
  /** When the device last reached the server (or was enrolled): tokens idle for too long expire. */
  lastContactAt: string;
}

export function principalByTokenHash(db: Db, tokenHash: string): Principal | undefined {
  const row = stmt(
    db,
    `SELECT d.id AS deviceId, d.code AS deviceCode, d.name AS deviceName,
              COALESCE(d.last_contact_at, d.created_at) AS lastContactAt,
              a.id, a.username, a.display_name AS displayName, a.role, a.phone,
              a.township_id AS townshipId, a.village_id AS villageId, a.post
       FROM devices d JOIN accounts a ON a.id = d.account_id
       WHERE d.token_hash = ? AND d.revoked_at IS NULL`,
  ).get(tokenHash) as (Account & { deviceId: string; deviceCode: string; deviceName: string; lastContactAt: string }) | undefined;
  if (!row) return undefined;
  const { deviceId, deviceCode, deviceName, lastContactAt, ...account } = row;
  return {
    account,
    device: { id: deviceId, code: deviceCode, name: deviceName },
    role: account.role,
    townshipId: account.townshipId,
    villageId: account.villageId,
    lastContactAt,
  };
}

/** Device codes are short and unique within a village, so case numbers need no coordination. */
export function nextDeviceCode(db: Db, villageId: string | null, role: Role): string {
  const n = (stmt(db, 'SELECT COUNT(*) AS n FROM devices WHERE village_id IS ?').get(villageId) as { n: number }).n;
  return `${role === 'agent' ? 'T' : 'S'}${String(n + 1).padStart(2, '0')}`;
}

export function insertDevice(
  db: Db,
  d: Device & { accountId: string; villageId: string | null; tokenHash: string; createdAt: string },
): void {
  stmt(
    db,
    `INSERT INTO devices (id, account_id, village_id, code, name, token_hash, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(d.id, d.accountId, d.villageId, d.code, d.name, d.tokenHash, d.createdAt);
}

export function getDeviceLastSeq(db: Db, deviceId: string): number {
  return (stmt(db, 'SELECT last_seq AS n FROM devices WHERE id = ?').get(deviceId) as { n: number }).n;
}

export function setDeviceLastSeq(db: Db, deviceId: string, seq: number): void {
  stmt(db, 'UPDATE devices SET last_seq = ? WHERE id = ?').run(seq, deviceId);
}
