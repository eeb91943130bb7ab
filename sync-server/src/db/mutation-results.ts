import type { MutationResult } from '@daiban/schemas';
import type { Db } from './driver.ts';

export interface StoredResult {
  deviceId: string;
  deviceSeq: number;
  outcome: MutationResult['outcome'];
  reason: MutationResult['reason'] | null;
  message: string | null;
}

/** The answer a mutation got when it was first pushed, if it was. */
export async function getMutationResult(db: Db, mutationId: string): Promise<StoredResult | undefined> {
  return (await db.get(
    `SELECT device_id AS "deviceId", device_seq AS "deviceSeq", outcome, reason, message
       FROM mutation_results WHERE mutation_id = ?`,
    mutationId,
  )) as StoredResult | undefined;
}

export async function saveMutationResult(db: Db, deviceId: string, result: MutationResult): Promise<void> {
  await db.run(
    `INSERT INTO mutation_results (device_id, device_seq, mutation_id, outcome, reason, message)
     VALUES (?, ?, ?, ?, ?, ?)`,
    deviceId,
    result.deviceSeq,
    result.mutationId,
    result.outcome,
    result.reason ?? null,
    result.message ?? null,
  );
}
