/** The browser's storage for this origin: persistence, usage and quota, and quota errors. */

export interface StorageState {
  /** undefined where the browser has no StorageManager (old WebViews). */
  persisted: boolean | undefined;
  usage: number | undefined;
  quota: number | undefined;
}

/** The browser's StorageManager, where there is one (not in old WebViews, nor in Node). */
const storageManager = (): StorageManager | undefined => (typeof navigator === 'undefined' ? undefined : navigator.storage);

/**
 * Asks the browser not to evict this origin's data under storage pressure (unsynced work lives
 * there). Chromium decides by itself (site engagement, installed app) and may say no; asking
 * again later is harmless.
 */
export async function askPersistentStorage(): Promise<boolean | undefined> {
  const storage = storageManager();
  if (!storage?.persist) return undefined;
  return (await storage.persisted()) || storage.persist();
}

export async function readStorageState(): Promise<StorageState> {
  const storage = storageManager();
  if (!storage?.estimate) return { persisted: undefined, usage: undefined, quota: undefined };
  const [persisted, estimate] = await Promise.all([storage.persisted(), storage.estimate()]);
  return { persisted, usage: estimate.usage, quota: estimate.quota };
}

/**
 * Whether a failed write ran out of quota. IndexedDB reports it as a QuotaExceededError on the
 * request or, when the commit fails, as the error of the aborted transaction; Dexie wraps either
 * (a QuotaExceededError or an AbortError whose `inner` is the browser's error).
 */
export function isQuotaError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { name, inner, cause } = current as { name?: unknown; inner?: unknown; cause?: unknown };
    if (name === 'QuotaExceededError') return true;
    current = inner ?? cause;
  }
  return false;
}
