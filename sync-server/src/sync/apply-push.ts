import type { Mutation, MutationResult } from '@daiban/schemas';
import { type Db, getDeviceLastSeq, type Principal, PushBatch, type StoredResult, setDeviceLastSeq } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { applyMutation, keysOf } from './apply-mutation.ts';
import { Refusal } from './refusal.ts';

/**
 * Applies a device's batch in one transaction, in device order, each mutation at
 * most once. A repeated mutation is answered with the answer it got the first time. A
 * refused mutation still uses up its sequence number, so it never blocks the ones behind it.
 * When a mutation arrives before an earlier one of the same device (a gap in the sequence),
 * it and everything after it in the batch are left unanswered, for a later push to bring
 * (the push route counts such a push as failed: see `sequenceGap`).
 * A new mutation numbered at or below what the ledger already has means the device's
 * sequence went backwards (its database was wiped or restored): the whole push is refused.
 *
 * The mutations read and write through one PushBatch, written at the end in a few statements
 * whatever the batch's size. A refusal leaves no write behind: should a mutation refuse after
 * writing, its writes are taken back from the batch before anything reaches the database.
 */
export function applyPush(db: Db, who: Principal, mutations: Mutation[], now: Date): Promise<MutationResult[]> {
  return db.transaction(async () => {
    const batch = await PushBatch.load(db, who.villageId, keysOf(mutations));
    const results: MutationResult[] = [];
    let lastSeq = await getDeviceLastSeq(db, who.device.id);
    for (const m of mutations) {
      const prior = await batch.mutationResult(m.id);
      if (prior) {
        results.push(
          prior.deviceId === who.device.id
            ? toResult(m.id, prior)
            : refusedResult(m, 'bad_request', '该变更编号已被其他设备使用 (mutation id used by another device)'),
        );
        continue;
      }
      if (m.deviceSeq <= lastSeq) throw deviceReset(lastSeq, m.deviceSeq);
      if (m.deviceSeq > lastSeq + 1) break;
      const result = await applyGuarded(batch, who, m, now);
      batch.saveResult(who.device.id, result);
      results.push(result);
      lastSeq = m.deviceSeq;
    }
    await batch.flush();
    await setDeviceLastSeq(db, who.device.id, lastSeq);
    return results;
  });
}

/** Runs one mutation; a refusal becomes its answer (its writes taken back), any other error fails the push. */
async function applyGuarded(batch: PushBatch, who: Principal, m: Mutation, now: Date): Promise<MutationResult> {
  const mark = batch.mark();
  try {
    await applyMutation(batch, who, m, now);
    return { mutationId: m.id, deviceSeq: m.deviceSeq, outcome: 'applied' };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    batch.rollbackTo(mark);
    return refusedResult(m, error.reason, error.message);
  }
}

/**
 * Why a push stopped at a gap, or undefined when every mutation got its answer. The client sends
 * its outbox in order, so a gap means the ledger lost mutations it had acknowledged (a restore
 * from backup): the queue cannot move again by itself, and the township must see it.
 */
export async function sequenceGap(
  db: Db,
  who: Principal,
  mutations: Mutation[],
  results: MutationResult[],
): Promise<string | undefined> {
  const unanswered = mutations[results.length];
  if (!unanswered) return undefined;
  const lastSeq = await getDeviceLastSeq(db, who.device.id);
  return (
    `out_of_order: 台账缺少本设备第 ${lastSeq + 1} 条变更，第 ${unanswered.deviceSeq} 条起的变更无法处理` +
    ` (sequence gap: the ledger has up to ${lastSeq}, the push went on at ${unanswered.deviceSeq})`
  );
}

export class DeviceResetError extends ApiError {}

function deviceReset(lastSeq: number, seq: number): DeviceResetError {
  return new DeviceResetError(
    409,
    'device_reset',
    `台账已收到本设备第 1–${lastSeq} 条变更，但设备从第 ${seq} 条重新编号：本地数据可能已被清除。请联系乡镇核对后重新登录。` +
      ` (the ledger has this device's changes up to ${lastSeq}; the device restarted at ${seq})`,
  );
}

function refusedResult(m: Mutation, reason: NonNullable<MutationResult['reason']>, message: string): MutationResult {
  return { mutationId: m.id, deviceSeq: m.deviceSeq, outcome: 'refused', reason, message };
}

function toResult(mutationId: string, r: StoredResult): MutationResult {
  return {
    mutationId,
    deviceSeq: r.deviceSeq,
    outcome: r.outcome,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.message ? { message: r.message } : {}),
  };
}
