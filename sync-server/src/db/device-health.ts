import {
  CLOCK_WRONG_AFTER_MS,
  type DeviceHealth,
  type PriorEnrolment,
  SILENT_AFTER_MS,
  STUCK_AFTER_FAILURES,
} from '@daiban/schemas';
import { DROP_KEY_SHARE } from './accounts.ts';
import type { Db } from './driver.ts';

/**
 * Records that the device was heard from, and how far its own clock was from the server's when it
 * said (`clockSkewMs`, undefined when it did not); written at most once a minute per device.
 */
export async function touchDevice(db: Db, deviceId: string, now: Date, clockSkewMs?: number): Promise<void> {
  const at = now.toISOString();
  const minuteAgo = new Date(now.getTime() - 60_000).toISOString();
  await db.run(
    `UPDATE devices SET last_contact_at = ?, clock_skew_ms = COALESCE(?, clock_skew_ms)
     WHERE id = ? AND (last_contact_at IS NULL OR last_contact_at < ?)`,
    at,
    clockSkewMs ?? null,
    deviceId,
    minuteAgo,
  );
}

export async function recordPushSuccess(db: Db, deviceId: string, now: Date): Promise<void> {
  await db.run(
    'UPDATE devices SET last_push_at = ?, push_failures = 0, last_push_error = NULL WHERE id = ?',
    now.toISOString(),
    deviceId,
  );
}

/** A push the server could not take at all: counted, so a queue that never moves is seen. */
export async function recordPushFailure(db: Db, deviceId: string, error: string): Promise<void> {
  await db.run(
    'UPDATE devices SET push_failures = push_failures + 1, last_push_error = ? WHERE id = ?',
    error.slice(0, 500),
    deviceId,
  );
}

export async function recordDeviceReset(db: Db, deviceId: string, now: Date): Promise<void> {
  await db.run('UPDATE devices SET reset_detected_at = COALESCE(reset_detected_at, ?) WHERE id = ?', now.toISOString(), deviceId);
}

/** The device signed off with nothing left to sync; its token stops working. */
export async function recordGoodbye(db: Db, deviceId: string, now: Date): Promise<void> {
  await db.run(
    `UPDATE devices SET goodbye_at = ?, revoked_at = COALESCE(revoked_at, ?), ${DROP_KEY_SHARE} WHERE id = ?`,
    now.toISOString(),
    now.toISOString(),
    deviceId,
  );
}

export async function priorEnrolments(db: Db, accountId: string, exceptDeviceId: string): Promise<PriorEnrolment[]> {
  return (await db.all(
    `SELECT code, name, created_at AS "enrolledAt", last_contact_at AS "lastContactAt", last_seq AS "lastSeq" FROM devices
     WHERE account_id = ? AND id != ? AND goodbye_at IS NULL AND revoked_at IS NULL ORDER BY created_at`,
    accountId,
    exceptDeviceId,
  )) as PriorEnrolment[];
}

/** Every device of the township's villages and staff, most worrying first. */
export async function deviceHealth(db: Db, townshipId: string, now: Date): Promise<DeviceHealth[]> {
  const rows = (await db.all(
    `SELECT d.id, d.code, d.name, a.display_name AS "accountName", v.name AS "villageName", d.created_at AS "enrolledAt",
            d.last_contact_at AS "lastContactAt", d.last_push_at AS "lastPushAt", d.last_seq AS "lastSeq",
            d.push_failures AS "pushFailures", d.last_push_error AS "lastPushError", d.reset_detected_at AS "resetDetectedAt",
            d.goodbye_at AS "goodbyeAt", d.revoked_at AS "revokedAt", d.clock_skew_ms AS "clockSkewMs"
     FROM devices d JOIN accounts a ON a.id = d.account_id LEFT JOIN villages v ON v.id = d.village_id
     WHERE a.township_id = ? ORDER BY d.created_at`,
    townshipId,
  )) as Omit<DeviceHealth, 'silent' | 'stuck' | 'clockWrong'>[];
  const silentBefore = now.getTime() - SILENT_AFTER_MS;
  return rows
    .map((d) => {
      const active = !d.goodbyeAt && !d.revokedAt;
      return {
        ...d,
        silent: active && Date.parse(d.lastContactAt ?? d.enrolledAt) < silentBefore,
        stuck: active && d.pushFailures >= STUCK_AFTER_FAILURES,
        clockWrong: active && d.clockSkewMs !== null && Math.abs(d.clockSkewMs) > CLOCK_WRONG_AFTER_MS,
      };
    })
    .sort((a, b) => Number(worrying(b)) - Number(worrying(a)));
}

function worrying(d: DeviceHealth): boolean {
  return d.stuck || d.silent || d.clockWrong || !!d.resetDetectedAt;
}
