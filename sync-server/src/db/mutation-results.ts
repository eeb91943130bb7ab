import type { MutationResult } from '@daiban/schemas';
import type { Db } from './open.ts';
import { stmt } from './statements.ts';

export interface StoredResult {
  deviceId: string;
  deviceSeq: number;
  outcome: MutationResult['outcome'];
  reason: MutationResult['reason'] | null;
  message: string | null;
}

/** The answer a mutation got when it was first pushed, if it was. */
export function getMutationResult(db: Db, mutationId: string): StoredResult | undefined {
  return stmt(
    db,
    `SELECT device_id AS deviceId, device_seq AS deviceSeq, outcome, reason, message
       FROM mutation_results WHERE mutation_id = ?`,
  ).get(mutationId) as StoredResult | undefined;
}

export function saveMutationResult(db: Db, deviceId: string, result: MutationResult): void {
  stmt(
    db,
    `INSERT INTO mutation_results (device_id, device_seq, mutation_id, outcome, reason, message)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(deviceId, result.deviceSeq, result.mutationId, result.outcome, result.reason ?? null, result.message ?? null);
}
