import { formatHlc, type Mutation, parseHlc } from '@daiban/schemas';
import { Refusal } from './refusal.ts';

/** How far ahead of the server's clock a mutation's HLC may run. */
export const MAX_HLC_AHEAD_MS = 5 * 60_000;

/**
 * The mutation with the clock the ledger keeps for it. The HLC's node must be the pushing device:
 * conflict records name the device by it. An HLC more than MAX_HLC_AHEAD_MS ahead of the server is
 * brought back to the server's time plus that bound (its counter kept): the mutation still applies,
 * so a tablet whose date was set days ahead loses no work, but its clock no longer drags ahead the
 * village's tablets, which merge every clock they pull. Order per device is the ledger's order, and a
 * field's clock still moves forward with each edit (nextFieldClock).
 */
export function onLedgerClock(m: Mutation, deviceId: string, now: Date): Mutation {
  const { wallMs, counter, node } = parseHlc(m.hlc);
  if (node !== deviceId)
    throw new Refusal('validation_failed', 'HLC 节点须为本设备编号 (the HLC node is not the pushing device)');
  const bound = now.getTime() + MAX_HLC_AHEAD_MS;
  return wallMs <= bound ? m : { ...m, hlc: formatHlc({ wallMs: bound, counter }, node) };
}
