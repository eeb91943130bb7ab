import { Workbox } from 'workbox-window';

type Listener = () => void;
let waiting: Workbox | undefined;
const listeners = new Set<Listener>();

/**
 * Registers the precaching service worker. A new version waits until the agent applies
 * it (see UpdatePrompt), so a reload never happens in the middle of a form.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    waiting = wb;
    for (const l of listeners) l();
  });
  // The first install also takes control (clientsClaim); only a new version needs a reload.
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) window.location.reload();
  });
  void wb.register();
}

export function subscribeUpdate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function hasUpdate(): boolean {
  return waiting !== undefined;
}

/** Activates the waiting version; the page reloads once it controls the page. */
export function applyUpdate(): void {
  waiting?.messageSkipWaiting();
}
