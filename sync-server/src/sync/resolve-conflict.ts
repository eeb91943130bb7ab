import { applyToCase, type Case, type Material, type Mutation, materialField, newId, parseHlc } from '@daiban/schemas';
import type { PushBatch } from '../db/index.ts';

type SetMaterial = Extract<Mutation, { type: 'case.setMaterial' }>;

/**
 * Decides an edit of one material line. An edit made on the current value simply applies: its
 * `base` is the field's clock, or the current value is the same device's (a device's mutations
 * apply in its order, so it edited on top of its own value; its base differs when the ledger
 * brought that value's clock back, see onLedgerClock). An edit made without seeing the current
 * value is concurrent: the greater hybrid logical clock wins — the same rule on every device, whatever the tablets'
 * wall clocks say — and the losing value, when it differs, is kept as a conflict record.
 * Returns the case as it is after the decision.
 */
export function resolveMaterialEdit(batch: PushBatch, c: Case, m: SetMaterial, now: Date): Case {
  const field = materialField(m.payload.key);
  const current = c.clocks?.[field];
  const edited = applyToCase(c, m, now.toISOString()) as Case;
  const concurrent = current !== undefined && m.payload.base !== current && parseHlc(current).node !== parseHlc(m.hlc).node;
  if (!concurrent) return edited;

  const incomingWins = m.hlc > current;
  const before = lineOf(c, m.payload.key);
  const after = lineOf(edited, m.payload.key);
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    const ours = { value: after, hlc: m.hlc, deviceId: parseHlc(m.hlc).node };
    const theirs = { value: before, hlc: current, deviceId: parseHlc(current).node };
    batch.insertConflict({
      id: newId(),
      caseId: c.id,
      caseNumber: c.caseNumber,
      villageId: c.villageId,
      field,
      winner: incomingWins ? ours : theirs,
      loser: incomingWins ? theirs : ours,
      recordedAt: now.toISOString(),
      restoredAt: null,
    });
  }
  return incomingWins ? edited : { ...c, updatedAt: now.toISOString() };
}

function lineOf(c: Case, key: string): Material {
  return c.materials.find((x) => x.key === key) as Material;
}
