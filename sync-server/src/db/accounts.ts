import type { AccountListing, Role } from '@daiban/schemas';
import type { Db } from './driver.ts';

/** A revoked or signed-off device's key share is gone for good: its tablet's PIN opens nothing any more. */
export const DROP_KEY_SHARE = 'key_share = NULL, pin_proof_hash = NULL';

/** Account administration: listing, disabling, passwords set at enrolment, and enrolment codes. */

export async function listAccounts(db: Db, townshipId: string): Promise<AccountListing[]> {
  const rows = (await db.all(
    `SELECT id, username, display_name AS "displayName", role, phone, township_id AS "townshipId", village_id AS "villageId",
            post, created_at AS "createdAt", disabled_at AS "disabledAt", CASE WHEN password_hash != '' THEN 1 ELSE 0 END AS "hasPassword"
     FROM accounts WHERE township_id = ? ORDER BY role, village_id, post, username`,
    townshipId,
  )) as (Omit<AccountListing, 'hasPassword'> & { hasPassword: number })[];
  return rows.map((r) => ({ ...r, hasPassword: r.hasPassword === 1 }));
}

export async function getAccountListing(db: Db, id: string): Promise<AccountListing | undefined> {
  const row = (await db.get(
    `SELECT id, username, display_name AS "displayName", role, phone, township_id AS "townshipId", village_id AS "villageId",
            post, created_at AS "createdAt", disabled_at AS "disabledAt", CASE WHEN password_hash != '' THEN 1 ELSE 0 END AS "hasPassword"
     FROM accounts WHERE id = ?`,
    id,
  )) as (Omit<AccountListing, 'hasPassword'> & { hasPassword: number }) | undefined;
  return row && { ...row, hasPassword: row.hasPassword === 1 };
}

/** Disables the account and revokes every device enrolled with it; returns the devices revoked now. */
export async function disableAccount(db: Db, accountId: string, at: string): Promise<string[]> {
  const devices = (await db.all('SELECT id FROM devices WHERE account_id = ? AND revoked_at IS NULL', accountId)) as {
    id: string;
  }[];
  await db.run('UPDATE accounts SET disabled_at = ? WHERE id = ?', at, accountId);
  await db.run(`UPDATE devices SET revoked_at = ?, ${DROP_KEY_SHARE} WHERE account_id = ? AND revoked_at IS NULL`, at, accountId);
  return devices.map((d) => d.id);
}

export async function setPasswordHash(db: Db, accountId: string, passwordHash: string): Promise<void> {
  await db.run('UPDATE accounts SET password_hash = ? WHERE id = ?', passwordHash, accountId);
}

/** The device that made the account's latest password change (修改密码), if any did. */
export async function lastPasswordChangeDevice(db: Db, accountId: string): Promise<string | undefined> {
  const row = (await db.get(
    "SELECT device_id AS d FROM events WHERE entity_id = ? AND type = 'account.password' ORDER BY seq DESC LIMIT 1",
    accountId,
  )) as { d: string | null } | undefined;
  return row?.d ?? undefined;
}

export interface EnrolmentCodeRow {
  id: string;
  accountId: string;
  codeHash: string;
  createdAt: string;
  expiresAt: string;
  failedAttempts: number;
  usedAt: string | null;
}

const CODE_COLUMNS = `id, account_id AS "accountId", code_hash AS "codeHash", created_at AS "createdAt", expires_at AS "expiresAt",
  failed_attempts AS "failedAttempts", used_at AS "usedAt"`;

/** A new code replaces the account's open ones: they expire now. */
export async function insertEnrolmentCode(db: Db, code: Omit<EnrolmentCodeRow, 'failedAttempts' | 'usedAt'>): Promise<void> {
  await db.run(
    'UPDATE enrolment_codes SET expires_at = ? WHERE account_id = ? AND used_at IS NULL AND expires_at > ?',
    code.createdAt,
    code.accountId,
    code.createdAt,
  );
  await db.run(
    'INSERT INTO enrolment_codes (id, account_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    code.id,
    code.accountId,
    code.codeHash,
    code.createdAt,
    code.expiresAt,
  );
}

/** The account's latest codes, newest first (a used or expired one is still recognised, to say so). */
export async function recentEnrolmentCodes(db: Db, accountId: string, limit = 5): Promise<EnrolmentCodeRow[]> {
  return (await db.all(
    `SELECT ${CODE_COLUMNS} FROM enrolment_codes WHERE account_id = ? ORDER BY created_at DESC LIMIT ?`,
    accountId,
    limit,
  )) as EnrolmentCodeRow[];
}

/** Marks the code used by the device; false when another request used it first (single use). */
export async function useEnrolmentCode(db: Db, codeId: string, deviceId: string, at: string): Promise<boolean> {
  return (
    (await db.run('UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE id = ? AND used_at IS NULL', at, deviceId, codeId))
      .changes === 1
  );
}

export interface DeviceOwner {
  id: string;
  accountId: string;
  villageId: string | null;
  townshipId: string | null;
  role: Role;
  revokedAt: string | null;
  goodbyeAt: string | null;
}

const DEVICE_OWNER = `SELECT d.id, d.account_id AS "accountId", d.village_id AS "villageId", a.township_id AS "townshipId", a.role,
  d.revoked_at AS "revokedAt", d.goodbye_at AS "goodbyeAt" FROM devices d JOIN accounts a ON a.id = d.account_id`;

export async function getDeviceOwner(db: Db, id: string): Promise<DeviceOwner | undefined> {
  return (await db.get(`${DEVICE_OWNER} WHERE d.id = ?`, id)) as DeviceOwner | undefined;
}

/** The device a token belongs to, revoked or not (to tell a revoked device why it is refused). */
export async function deviceByTokenHash(db: Db, tokenHash: string): Promise<DeviceOwner | undefined> {
  return (await db.get(`${DEVICE_OWNER} WHERE d.token_hash = ?`, tokenHash)) as DeviceOwner | undefined;
}

export async function revokeDevice(db: Db, id: string, at: string): Promise<void> {
  await db.run(`UPDATE devices SET revoked_at = ?, ${DROP_KEY_SHARE} WHERE id = ? AND revoked_at IS NULL`, at, id);
}
