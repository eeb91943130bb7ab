import type { MutationResult } from '@daiban/schemas';
import { inList, listParam, type RowsOf } from './dialect.ts';
import type { Db } from './driver.ts';

export interface StoredResult {
  deviceId: string;
  deviceSeq: number;
  outcome: MutationResult['outcome'];
  reason: MutationResult['reason'] | null;
  message: string | null;
}

/** The answers the mutations of `ids` got when they were first pushed, by mutation id (the ones pushed before). */
export async function mutationResultsOf(db: Db, ids: Iterable<string>): Promise<Map<string, StoredResult>> {
  const rows = (await db.all(
    `SELECT mutation_id AS "mutationId", device_id AS "deviceId", device_seq AS "deviceSeq", outcome, reason, message
       FROM mutation_results WHERE ${inList(db, 'mutation_id')}`,
    listParam(ids),
  )) as (StoredResult & { mutationId: string })[];
  return new Map(rows.map(({ mutationId, ...r }) => [mutationId, r]));
}

/** A mutation's answer, as stored for the device that pushed it. */
export interface DeviceResult {
  deviceId: string;
  result: MutationResult;
}

export const MUTATION_RESULT_ROWS: RowsOf<DeviceResult> = {
  table: 'mutation_results',
  columns: ['device_id', 'device_seq', 'mutation_id', 'outcome', 'reason', 'message'],
  row: ({ deviceId, result: r }) => [deviceId, r.deviceSeq, r.mutationId, r.outcome, r.reason ?? null, r.message ?? null],
};
