import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { PIN_PROOF_ATTEMPTS } from '@daiban/schemas';
import type { Db } from './driver.ts';

/**
 * The server's half of a tablet's data key (docs/operations.md, "A lost tablet"): a random share
 * per device, handed out only against the PIN's proof, and only while the device is enrolled.
 */

export type ShareAnswer =
  | { outcome: 'share'; keyShare: Buffer }
  | { outcome: 'wrong'; attemptsLeft: number }
  | { outcome: 'disabled' }
  | { outcome: 'unknown' };

const hashProof = (proof: string) => createHash('sha256').update(Buffer.from(proof, 'base64')).digest('hex');

/** A new PIN's proof for the device; the wrong-PIN count starts again. Returns the device's key share. */
export async function registerPinProof(db: Db, deviceId: string, proof: string): Promise<Buffer> {
  const row = (await db.get('SELECT key_share AS "keyShare" FROM devices WHERE id = ?', deviceId)) as
    | { keyShare: Buffer | null }
    | undefined;
  const keyShare = row?.keyShare ?? randomBytes(32);
  await db.run(
    'UPDATE devices SET key_share = ?, pin_proof_hash = ?, pin_failures = 0 WHERE id = ?',
    keyShare,
    hashProof(proof),
    deviceId,
  );
  return keyShare;
}

/** Checks a PIN proof; a wrong one is counted before the answer. Call inside a transaction. */
export async function shareForProof(db: Db, deviceId: string, proof: string): Promise<ShareAnswer> {
  const row = (await db.get(
    `SELECT key_share AS "keyShare", pin_proof_hash AS "proofHash", pin_failures AS failures
     FROM devices WHERE id = ? AND revoked_at IS NULL`,
    deviceId,
  )) as { keyShare: Buffer | null; proofHash: string | null; failures: number } | undefined;
  if (!row) return { outcome: 'unknown' };
  if (!row.keyShare || !row.proofHash || row.failures >= PIN_PROOF_ATTEMPTS) return { outcome: 'disabled' };
  if (timingSafeEqual(Buffer.from(hashProof(proof)), Buffer.from(row.proofHash))) {
    if (row.failures > 0) await db.run('UPDATE devices SET pin_failures = 0 WHERE id = ?', deviceId);
    return { outcome: 'share', keyShare: row.keyShare };
  }
  await db.run('UPDATE devices SET pin_failures = pin_failures + 1 WHERE id = ?', deviceId);
  const attemptsLeft = PIN_PROOF_ATTEMPTS - row.failures - 1;
  return attemptsLeft > 0 ? { outcome: 'wrong', attemptsLeft } : { outcome: 'disabled' };
}
