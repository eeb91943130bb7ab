import { startTestServer, type TestServer } from '@daiban/sync-server/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncLoop, type SyncLoop } from '../sync/sync-loop.ts';
import { signedInTablet } from '../testing/test-tablet.ts';
import { createUpdateGate, updateBlockers } from './update-gate.ts';

describe('what holds an update back', () => {
  it('an open form, a record sync or a photo upload; nothing when idle, offline or failed', () => {
    expect(updateBlockers(0, { phase: 'idle' })).toEqual([]);
    expect(updateBlockers(0, { phase: 'error' })).toEqual([]);
    expect(updateBlockers(0, { phase: 'revoked' })).toEqual([]);
    expect(updateBlockers(1, { phase: 'idle' })).toEqual(['form']);
    expect(updateBlockers(0, { phase: 'syncing' })).toEqual(['sync']);
    expect(updateBlockers(0, { phase: 'idle', upload: { phase: 'blobs', done: 0, total: 2 } })).toEqual(['sync']);
    expect(updateBlockers(2, { phase: 'syncing' })).toEqual(['form', 'sync']);
  });
});

describe('the update gate', () => {
  function gate() {
    let applied = 0;
    const g = createUpdateGate(() => applied++);
    return { g, applied: () => applied };
  }

  it('applies a waiting version only when the agent asks for it, once', () => {
    const { g, applied } = gate();
    g.request();
    expect(applied()).toBe(0);
    g.newVersionWaiting();
    expect(applied()).toBe(1);
    expect(g.applied()).toBe(true);
    g.request();
    g.syncChanged({ phase: 'idle' });
    expect(applied()).toBe(1);

    const other = gate();
    other.g.newVersionWaiting();
    expect(other.g.getState()).toMatchObject({ waiting: true, requested: false, blockers: [] });
    expect(other.applied()).toBe(0);
  });

  it('waits while a form is open and applies by itself once the last form closes', () => {
    const { g, applied } = gate();
    g.newVersionWaiting();
    const closeIntake = g.openForm();
    const closeVisit = g.openForm();
    g.request();
    expect(g.getState()).toMatchObject({ requested: true, blockers: ['form'] });
    closeIntake();
    closeIntake();
    expect(applied()).toBe(0);
    closeVisit();
    expect(applied()).toBe(1);
  });

  it('waits while a sync or an upload is in flight', () => {
    const { g, applied } = gate();
    g.newVersionWaiting();
    g.syncChanged({ phase: 'syncing' });
    g.request();
    expect(g.getState().blockers).toEqual(['sync']);
    g.syncChanged({ phase: 'idle', upload: { phase: 'blobs', done: 1, total: 3 } });
    expect(applied()).toBe(0);
    g.syncChanged({ phase: 'idle' });
    expect(applied()).toBe(1);
  });

  it('tells listeners only when something they show changed', () => {
    const { g } = gate();
    let calls = 0;
    g.subscribe(() => calls++);
    g.syncChanged({ phase: 'idle' });
    expect(calls).toBe(0);
    g.newVersionWaiting();
    g.replacedElsewhere();
    expect(calls).toBe(2);
    expect(g.getState().replacedElsewhere).toBe(true);
  });
});

describe('the update gate fed by the real sync loop', () => {
  let server: TestServer | undefined;
  let loop: SyncLoop | undefined;
  afterEach(async () => {
    loop?.stop();
    await server?.close();
  });

  it('holds the update while the loop syncs with the township, and applies it when the sync is over', async () => {
    server = await startTestServer();
    const tablet = await signedInTablet(server.url, 'dxg-agent');
    loop = createSyncLoop(tablet.db, tablet.api);
    let applied = 0;
    const g = createUpdateGate(() => applied++);
    const phases: string[] = [];
    let appliedWhileSyncing = false;
    const sync = loop;
    sync.subscribe(() => {
      const status = sync.getStatus();
      phases.push(status.phase);
      g.syncChanged(status);
      // The version arrives and the agent presses "update" in the middle of the first sync.
      if (status.phase === 'syncing' && !g.getState().waiting) {
        g.newVersionWaiting();
        g.request();
      }
      if (status.phase === 'syncing' && applied > 0) appliedWhileSyncing = true;
    });
    await sync.syncNow();
    const deadline = Date.now() + 10_000;
    while (applied === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(phases).toContain('syncing');
    expect(appliedWhileSyncing).toBe(false);
    expect(applied).toBe(1);
  });
});
