import { useEffect } from 'react';
import { setScreenLock } from './screen-lock.ts';

/** Minutes without a touch, a key or a click before the agent's screens lock. */
export const IDLE_LOCK_MS = 5 * 60_000;
const CHECK_EVERY_MS = 10_000;
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks the screen after IDLE_LOCK_MS without input. Timers sleep while the tab is hidden or
 * the tablet is off, so the idle time is checked again whenever the page becomes visible.
 */
export function useIdleLock(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let lastInput = Date.now();
    const onInput = () => {
      lastInput = Date.now();
    };
    const check = () => {
      if (Date.now() - lastInput >= IDLE_LOCK_MS) setScreenLock('locked');
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') check();
    };
    for (const type of ACTIVITY) window.addEventListener(type, onInput, { capture: true, passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    const timer = setInterval(check, CHECK_EVERY_MS);
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, onInput, { capture: true });
      document.removeEventListener('visibilitychange', onVisibility);
      clearInterval(timer);
    };
  }, [active]);
}
