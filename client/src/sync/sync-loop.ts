import { liveQuery } from 'dexie';
import type { DaibanDb } from '../data/db.ts';
import { getMeta, setMeta } from '../data/meta.ts';
import { type ApiClient, NetworkError, ServerError } from './api-client.ts';
import { backoffDelay } from './backoff.ts';
import { uploadBlobs } from './photo-upload.ts';
import { checkServer, pushAndPull, type SyncProgress } from './sync-engine.ts';

export interface SyncStatus {
  /**
   * Whether the last probe reached the server (navigator.onLine is not trusted: it lies on a VPN):
   * offline when the device has no network at all, unreachable when it has one but the township
   * server does not answer (the government link is down, the server is off).
   */
  connection: 'unknown' | 'online' | 'offline' | 'unreachable';
  /** When the next attempt is due (epoch ms), while one is scheduled. */
  nextAttemptAt?: number;
  /** revoked: the township revoked this device; nothing is retried and nothing local is touched. */
  phase: 'idle' | 'syncing' | 'error' | 'revoked';
  error?: string;
  progress?: SyncProgress;
  /** Syncs that failed in a row (the banner says so from the second on). */
  failures: number;
  /** Photo uploads run in their own lane, so records never wait behind them. */
  upload?: SyncProgress;
  /** The server refused the last photo upload (a full quota, say); it is tried again at the next sync. */
  uploadError?: ServerError;
}

const PROBE_INTERVAL_MS = 20_000;

/** This device was revoked earlier (remembered in meta): no request is sent any more. */
class DeviceRevoked extends Error {}
/** A new local change is pushed this soon when the server was reachable at the last probe. */
const AFTER_CHANGE_MS = 1_500;

/**
 * Runs sync by itself whenever a probe reaches the server, and on demand. Failures become
 * status, never exceptions; retries back off and reset on `online` and on "sync now".
 */
export function createSyncLoop(db: DaibanDb, api: ApiClient) {
  let status: SyncStatus = { connection: 'unknown', phase: 'idle', failures: 0 };
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let uploading: Promise<void> | undefined;
  let failures = 0;

  const set = (next: Partial<SyncStatus>) => {
    status = { ...status, ...next };
    for (const l of listeners) l();
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), ms);
    set({ nextAttemptAt: Date.now() + ms });
  };
  /** No server answered: is there no network at all, or just no township server? */
  const notReached = (): SyncStatus['connection'] => (globalThis.navigator?.onLine === false ? 'offline' : 'unreachable');

  async function attempt(): Promise<void> {
    if (!(await getMeta(db, 'session'))) return;
    if (await getMeta(db, 'revokedAt')) throw new DeviceRevoked();
    try {
      await api.health();
    } catch {
      set({ connection: notReached(), phase: 'idle', progress: undefined });
      return;
    }
    set({ connection: 'online', phase: 'syncing', error: undefined });
    // Nothing goes up before the server accepts this version of the app.
    await checkServer(db, api);
    const records = pushAndPull(db, api, (progress) => set({ progress }));
    void uploadLane(records);
    await records;
    set({ phase: 'idle', progress: undefined });
  }

  /**
   * Uploads photos in a lane apart from records, starting beside them (with one photo at a time
   * until `records` settle); a failure waits for the next sync to retry.
   */
  function uploadLane(records: Promise<unknown>): Promise<void> {
    uploading ??= uploadBlobs(db, api, (upload) => set({ upload }), records)
      .then(() => set({ uploadError: undefined }))
      .catch((error: unknown) => {
        // Without the network the next sync simply tries again; a refusal is the agent's to see
        // (a revoked device is the records' to say, they stop the loop).
        if (error instanceof ServerError && error.reason !== 'device_revoked') set({ uploadError: error });
      })
      .finally(() => {
        uploading = undefined;
        set({ upload: undefined });
      });
    return uploading;
  }

  async function run(): Promise<void> {
    running ??= attempt()
      .then(async () => {
        failures = 0;
        set({ failures: 0 });
        // A change saved while this sync ran (after its push) goes up soon, not at the next probe.
        schedule((await db.outbox.count()) > 0 ? AFTER_CHANGE_MS : PROBE_INTERVAL_MS);
      })
      .catch(async (error: unknown) => {
        if (error instanceof DeviceRevoked || (error instanceof ServerError && error.reason === 'device_revoked')) {
          // Remembered on the device, so the message stays and no retry starts after a reload.
          if (!(await getMeta(db, 'revokedAt'))) await setMeta(db, 'revokedAt', new Date().toISOString());
          clearTimeout(timer);
          set({ connection: 'online', phase: 'revoked', error: undefined, progress: undefined });
          return;
        }
        const offline = error instanceof NetworkError;
        set({
          connection: offline ? notReached() : 'online',
          phase: offline ? 'idle' : 'error',
          error: error instanceof ServerError || error instanceof Error ? error.message : String(error),
          progress: undefined,
          // Being offline is normal; only a sync that reached the server and failed counts as failing.
          failures: offline ? status.failures : status.failures + 1,
        });
        schedule(backoffDelay(failures++));
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  const onOnline = () => {
    failures = 0;
    void run();
  };

  let outboxWatch: { unsubscribe(): void } | undefined;

  return {
    start() {
      globalThis.addEventListener?.('online', onOnline);
      outboxWatch = liveQuery(() => db.outbox.count()).subscribe((pending) => {
        if (pending > 0 && !running && status.connection === 'online' && status.phase === 'idle') schedule(AFTER_CHANGE_MS);
      });
      void run();
    },
    stop() {
      globalThis.removeEventListener?.('online', onOnline);
      outboxWatch?.unsubscribe();
      clearTimeout(timer);
    },
    /** The "同步" button: sync right away (shown at once as syncing) and forget earlier failures. */
    syncNow(): Promise<void> {
      failures = 0;
      if (!running && status.phase !== 'revoked') set({ phase: 'syncing', error: undefined });
      return run();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getStatus: () => status,
  };
}

export type SyncLoop = ReturnType<typeof createSyncLoop>;
