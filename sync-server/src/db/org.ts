import type { Account, Device, Duty, Role, Township, TownshipRole, Village, VillageAgent } from '@daiban/schemas';
import type { Db } from './driver.ts';

export async function getTownship(db: Db, id: string): Promise<Township | undefined> {
  return (await db.get('SELECT id, code, name, phone, address FROM townships WHERE id = ?', id)) as Township | undefined;
}

/** `countyId`: the county the township belongs to; null for a township on its own. */
export async function insertTownship(db: Db, t: Township, countyId: string | null = null): Promise<void> {
  await db.run(
    'INSERT INTO townships (id, code, name, phone, address, county_id) VALUES (?, ?, ?, ?, ?, ?)',
    t.id,
    t.code,
    t.name,
    t.phone,
    t.address,
    countyId,
  );
}

export async function getVillage(db: Db, id: string): Promise<Village | undefined> {
  return (await db.get('SELECT id, township_id AS "townshipId", code, name FROM villages WHERE id = ?', id)) as
    | Village
    | undefined;
}

export async function listVillages(db: Db, townshipId: string): Promise<Village[]> {
  return (await db.all(
    'SELECT id, township_id AS "townshipId", code, name FROM villages WHERE township_id = ? ORDER BY code',
    townshipId,
  )) as Village[];
}

/** The village with this code anywhere on the server: case numbers begin with the code, so it is taken once. */
export async function getVillageByCode(db: Db, code: string): Promise<Village | undefined> {
  return (await db.get('SELECT id, township_id AS "townshipId", code, name FROM villages WHERE code = ?', code)) as
    | Village
    | undefined;
}

/** The township's village of this name, if it has one. */
export async function getVillageByName(db: Db, townshipId: string, name: string): Promise<Village | undefined> {
  return (await db.get(
    'SELECT id, township_id AS "townshipId", code, name FROM villages WHERE township_id = ? AND name = ?',
    townshipId,
    name,
  )) as Village | undefined;
}

export async function villagesChangedSince(db: Db, townshipId: string, cursor: number, limit: number) {
  return (await db.all(
    `SELECT id, township_id AS "townshipId", code, name, seq FROM villages
       WHERE township_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    townshipId,
    cursor,
    limit,
  )) as (Village & { seq: number })[];
}

export async function insertVillage(db: Db, v: Village, seq: number): Promise<void> {
  await db.run(
    'INSERT INTO villages (id, township_id, code, name, seq) VALUES (?, ?, ?, ?, ?)',
    v.id,
    v.townshipId,
    v.code,
    v.name,
    seq,
  );
}

const ACCOUNT_COLUMNS = `id, username, display_name AS "displayName", role, phone,
  township_id AS "townshipId", village_id AS "villageId", post`;

export async function getAccountByUsername(db: Db, username: string): Promise<(Account & { passwordHash: string }) | undefined> {
  return (await db.get(
    `SELECT ${ACCOUNT_COLUMNS}, password_hash AS "passwordHash" FROM accounts WHERE username = ?`,
    username,
  )) as (Account & { passwordHash: string }) | undefined;
}

/** `countyId` only for a county administrator (whose `townshipId` is null). */
export async function insertAccount(
  db: Db,
  a: Account,
  passwordHash: string,
  createdAt: string,
  seq: number,
  countyId: string | null = null,
): Promise<void> {
  await db.run(
    `INSERT INTO accounts (id, username, display_name, role, phone, township_id, village_id, post, password_hash, created_at, seq, county_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    a.id,
    a.username,
    a.displayName,
    a.role,
    a.phone,
    a.townshipId,
    a.villageId,
    a.post,
    passwordHash,
    createdAt,
    seq,
    countyId,
  );
}

/** Agents of the given villages changed after the cursor (what tablets need to show colleagues). */
export async function agentsChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  if (villageIds.length === 0) return [];
  return (await db.all(
    `SELECT id, village_id AS "villageId", display_name AS "displayName", phone, post, seq FROM accounts
     WHERE role = 'agent' AND village_id IN (${villageIds.map(() => '?').join(', ')}) AND seq > ? ORDER BY seq LIMIT ?`,
    ...villageIds,
    cursor,
    limit,
  )) as (VillageAgent & { seq: number })[];
}

export async function getVillageAgent(db: Db, id: string): Promise<VillageAgent | undefined> {
  return (await db.get(
    `SELECT id, village_id AS "villageId", display_name AS "displayName", phone, post FROM accounts WHERE id = ? AND role = 'agent'`,
    id,
  )) as VillageAgent | undefined;
}

export async function setDuty(db: Db, duty: Duty, seq: number): Promise<void> {
  await db.run(
    `INSERT INTO duty_roster (village_id, date, account_id, seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (village_id, date) DO UPDATE SET account_id = excluded.account_id, seq = excluded.seq`,
    duty.villageId,
    duty.date,
    duty.accountId,
    seq,
  );
}

export async function dutyChangedSince(db: Db, villageIds: string[], cursor: number, limit: number) {
  if (villageIds.length === 0) return [];
  return (await db.all(
    `SELECT village_id AS "villageId", date, account_id AS "accountId", seq FROM duty_roster
     WHERE village_id IN (${villageIds.map(() => '?').join(', ')}) AND seq > ? ORDER BY seq LIMIT ?`,
    ...villageIds,
    cursor,
    limit,
  )) as (Duty & { seq: number })[];
}

export async function countAccounts(db: Db): Promise<number> {
  return ((await db.get('SELECT COUNT(*) AS n FROM accounts')) as { n: number }).n;
}

/** A township's person making a request (agent, supervisor, admin), found from its device token. */
export interface Principal {
  account: Account;
  device: Device;
  role: TownshipRole;
  townshipId: string;
  villageId: string | null;
  /** When the device last reached the server (or was enrolled): tokens idle for too long expire. */
  lastContactAt: string;
}

/** The county administrator making a request: a county and no township. */
export interface CountyPrincipal {
  account: Account;
  device: Device;
  role: 'county_admin';
  countyId: string;
  lastContactAt: string;
}

export type Caller = Principal | CountyPrincipal;

export async function principalByTokenHash(db: Db, tokenHash: string): Promise<Caller | undefined> {
  const row = (await db.get(
    `SELECT d.id AS "deviceId", d.code AS "deviceCode", d.name AS "deviceName",
              COALESCE(d.last_contact_at, d.created_at) AS "lastContactAt",
              a.id, a.username, a.display_name AS "displayName", a.role, a.phone,
              a.township_id AS "townshipId", a.village_id AS "villageId", a.post, a.county_id AS "countyId"
       FROM devices d JOIN accounts a ON a.id = d.account_id
       WHERE d.token_hash = ? AND d.revoked_at IS NULL`,
    tokenHash,
  )) as
    | (Account & { deviceId: string; deviceCode: string; deviceName: string; lastContactAt: string; countyId: string | null })
    | undefined;
  if (!row) return undefined;
  const { deviceId, deviceCode, deviceName, lastContactAt, countyId, ...account } = row;
  const device = { id: deviceId, code: deviceCode, name: deviceName };
  // The table's checks hold: a county administrator has a county and no township, everyone else a township.
  if (account.role === 'county_admin') return { account, device, role: account.role, countyId: countyId!, lastContactAt };
  return {
    account,
    device,
    role: account.role,
    townshipId: account.townshipId!,
    villageId: account.villageId,
    lastContactAt,
  };
}

/** The township person whose device holds the token, for tools acting as a device outside a request (tests, bench). */
export async function townshipPrincipalByTokenHash(db: Db, tokenHash: string): Promise<Principal> {
  const caller = await principalByTokenHash(db, tokenHash);
  if (!caller || caller.role === 'county_admin') throw new Error('not the token of a township account’s device');
  return caller;
}

/** Device codes are short and unique within a village, so case numbers need no coordination. */
export async function nextDeviceCode(db: Db, villageId: string | null, role: Role): Promise<string> {
  const n = (
    (await db.get('SELECT COUNT(*) AS n FROM devices WHERE village_id IS NOT DISTINCT FROM ?', villageId)) as { n: number }
  ).n;
  return `${role === 'agent' ? 'T' : 'S'}${String(n + 1).padStart(2, '0')}`;
}

export async function insertDevice(
  db: Db,
  d: Device & { accountId: string; villageId: string | null; tokenHash: string; createdAt: string },
): Promise<void> {
  await db.run(
    `INSERT INTO devices (id, account_id, village_id, code, name, token_hash, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    d.id,
    d.accountId,
    d.villageId,
    d.code,
    d.name,
    d.tokenHash,
    d.createdAt,
  );
}

export async function getDeviceLastSeq(db: Db, deviceId: string): Promise<number> {
  return ((await db.get('SELECT last_seq AS n FROM devices WHERE id = ?', deviceId)) as { n: number }).n;
}

export async function setDeviceLastSeq(db: Db, deviceId: string, seq: number): Promise<void> {
  await db.run('UPDATE devices SET last_seq = ? WHERE id = ?', seq, deviceId);
}
