import { useSyncExternalStore } from 'react';

/**
 * Photos picked for a case that are still being prepared (downscaled, hashed, stored). Receiving
 * the case waits for them, so a photo picked just before 受理 is never left off the receipt, and
 * the material shows that it is being processed. In memory: after a reload nothing is in progress.
 */
function createPhotosInProgress() {
  const running = new Map<string, Set<Promise<unknown>>>();
  const counts = new Map<string, number>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  const countKey = (caseId: string, key: string) => `${caseId}/${key}`;

  return {
    /** Runs `work` (preparing and attaching one photo) as in progress for the case and material. */
    async track(caseId: string, key: string, work: () => Promise<void>): Promise<void> {
      const promise = work();
      const set = running.get(caseId) ?? new Set();
      running.set(caseId, set.add(promise));
      counts.set(countKey(caseId, key), (counts.get(countKey(caseId, key)) ?? 0) + 1);
      changed();
      try {
        await promise;
      } finally {
        set.delete(promise);
        if (set.size === 0) running.delete(caseId);
        const left = (counts.get(countKey(caseId, key)) ?? 1) - 1;
        if (left === 0) counts.delete(countKey(caseId, key));
        else counts.set(countKey(caseId, key), left);
        changed();
      }
    },
    /** Resolves once every photo in progress for the case has been attached or has failed. */
    async settled(caseId: string): Promise<void> {
      for (let set = running.get(caseId); set; set = running.get(caseId)) await Promise.allSettled([...set]);
    },
    /** How many photos of one material are being processed. */
    count(caseId: string, key: string): number {
      return counts.get(countKey(caseId, key)) ?? 0;
    },
    inCase(caseId: string): boolean {
      return running.has(caseId);
    },
    any(): boolean {
      return running.size > 0;
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const photosInProgress = createPhotosInProgress();

/** Photos of a material being processed (0 when none), for the material's row; without a key, whether any of the case's are. */
export function usePhotosInProgress(caseId: string, key?: string): number {
  return useSyncExternalStore(photosInProgress.subscribe, () =>
    key === undefined ? Number(photosInProgress.inCase(caseId)) : photosInProgress.count(caseId, key),
  );
}

/** Whether any photo is being processed: an app update must not reload the page under it. */
export function useAnyPhotoInProgress(): boolean {
  return useSyncExternalStore(photosInProgress.subscribe, photosInProgress.any);
}
