import type { PullResponse } from '@daiban/schemas';
import type { DaibanDb } from '../data/db.ts';
import { getMeta, setMeta } from '../data/meta.ts';
import type { ApiClient } from './api-client.ts';

export const PUSH_BATCH = 100;
export const PULL_PAGE = 500;

export interface SyncProgress {
  phase: 'push' | 'pull' | 'blobs';
  done: number;
  total: number;
}

/**
 * One full sync: push the outbox, pull changes, then upload photos, so small metadata
 * never waits behind a big upload. Network calls happen outside Dexie transactions; each
 * acknowledgement or stored page is its own transaction, so a drop at any point leaves
 * the database consistent and the next sync simply continues.
 */
export async function syncOnce(db: DaibanDb, api: ApiClient, onProgress: (p: SyncProgress) => void = () => {}): Promise<void> {
  await pushOutbox(db, api, onProgress);
  await pullChanges(db, api, onProgress);
  await uploadBlobs(db, api, onProgress);
  await setMeta(db, 'lastSyncAt', new Date().toISOString());
}

export async function pushOutbox(db: DaibanDb, api: ApiClient, onProgress: (p: SyncProgress) => void = () => {}) {
  const total = await db.outbox.count();
  let done = 0;
  for (;;) {
    const batch = await db.outbox.orderBy('seq').limit(PUSH_BATCH).toArray();
    if (batch.length === 0) return;
    const { results } = await api.push(batch.map((e) => e.mutation));
    await db.transaction('rw', [db.outbox, db.refusals], async () => {
      for (const result of results) {
        const entry = batch.find((e) => e.mutation.id === result.mutationId);
        if (!entry) continue;
        if (result.outcome === 'refused') {
          await db.refusals.put({
            mutationId: entry.mutation.id,
            entityId: entry.entityId,
            mutation: entry.mutation,
            reason: result.reason ?? 'bad_request',
            message: result.message ?? '',
            refusedAt: new Date().toISOString(),
          });
        }
        await db.outbox.delete(entry.seq);
      }
    });
    done += results.length;
    onProgress({ phase: 'push', done, total });
    // The server answers in order; no answer for the head of the queue means it is waiting for something else.
    if (results.length === 0) throw new Error('服务器未确认任何变更，稍后重试 (server acknowledged nothing)');
  }
}

export async function pullChanges(db: DaibanDb, api: ApiClient, onProgress: (p: SyncProgress) => void = () => {}) {
  let done = 0;
  for (;;) {
    const cursor = (await getMeta(db, 'cursor')) ?? 0;
    const page = await api.pull(cursor, PULL_PAGE);
    await storePage(db, page);
    done += page.serviceItems.length + page.villages.length + page.applicants.length + page.cases.length;
    onProgress({ phase: 'pull', done, total: done });
    if (!page.hasMore) return;
  }
}

/**
 * Stores one pulled page and moves the cursor in the same transaction: a crash before
 * commit re-pulls the page harmlessly. A record with a local change still waiting in the
 * outbox is left as it is; the server's version arrives again once the change is pushed.
 */
export async function storePage(db: DaibanDb, page: PullResponse): Promise<void> {
  await db.transaction('rw', [db.serviceItems, db.villages, db.applicants, db.cases, db.outbox, db.meta], async () => {
    const pending = new Set(
      (
        await db.outbox
          .where('entityId')
          .anyOf([...page.applicants.map((a) => a.id), ...page.cases.map((c) => c.id)])
          .toArray()
      ).map((e) => e.entityId),
    );
    await db.serviceItems.bulkPut(page.serviceItems);
    await db.villages.bulkPut(page.villages);
    await db.applicants.bulkPut(
      page.applicants.filter((a) => !pending.has(a.id)).map((a) => ({ ...a, idTail: a.idNumber.slice(-4) })),
    );
    await db.cases.bulkPut(page.cases.filter((c) => !pending.has(c.id)));
    await setMeta(db, 'cursor', page.cursor);
  });
}

export async function uploadBlobs(db: DaibanDb, api: ApiClient, onProgress: (p: SyncProgress) => void = () => {}) {
  const waiting = await db.blobs.where('uploaded').equals(0).primaryKeys();
  let done = 0;
  for (const sha256 of waiting) {
    const stored = await db.blobs.get(sha256);
    if (!stored) continue;
    const status = await api.blobStatus(sha256);
    if (!status.complete) await api.putBlob(sha256, stored.blob, stored.mime);
    await db.blobs.update(sha256, { uploaded: 1 });
    onProgress({ phase: 'blobs', done: ++done, total: waiting.length });
  }
}
