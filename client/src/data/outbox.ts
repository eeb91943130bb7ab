import { formatHlc, HLC_ZERO, type Mutation, mutationSchema, newId, tickHlc } from '@daiban/schemas';
import type { DaibanDb } from './db.ts';
import { getMeta, setMeta } from './meta.ts';
import { keepServerVersion } from './views.ts';

export type Payload<T extends Mutation['type']> = Extract<Mutation, { type: T }>['payload'];

/** Now, by the server's clock as this device last learned it (see MetaValues.clockOffsetMs). */
export async function serverNow(db: DaibanDb): Promise<number> {
  return db.wallClock() + ((await getMeta(db, 'clockOffsetMs')) ?? 0);
}

/**
 * Appends a mutation to the outbox. Must run inside the Dexie transaction that writes the
 * record it describes (tables meta, outbox and the record's view and server tables included),
 * so both commit or neither does. Allocates the next device sequence number and
 * hybrid-logical-clock timestamp.
 */
export async function enqueue<T extends Mutation['type']>(
  db: DaibanDb,
  type: T,
  entityId: string,
  payload: Payload<T>,
): Promise<Extract<Mutation, { type: T }>> {
  const session = await getMeta(db, 'session');
  if (!session) throw new Error('no session: sign in first');
  const seq = ((await getMeta(db, 'deviceSeq')) ?? 0) + 1;
  const hlc = tickHlc((await getMeta(db, 'hlc')) ?? HLC_ZERO, await serverNow(db));
  const mutation = mutationSchema.parse({
    id: newId(),
    deviceSeq: seq,
    hlc: formatHlc(hlc, session.device.id),
    type,
    payload,
  }) as Extract<Mutation, { type: T }>;
  await setMeta(db, 'deviceSeq', seq);
  await setMeta(db, 'hlc', hlc);
  await keepServerVersion(db, type, entityId);
  await db.outbox.add({ seq, entityId, mutation });
  return mutation;
}
