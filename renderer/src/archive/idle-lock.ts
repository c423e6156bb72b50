import { desktop } from '../shared/contract-client.js';

/**
 * Locking when nobody is at the keyboard. The page watches its own input (both modes); the
 * desktop shell also locks on system idle, suspend and screen lock, and is told the minutes.
 * The setting is this computer's, kept with the page's preferences (it reveals nothing).
 */
const storageKey = 'vigil-auto-lock-minutes';
const defaultMinutes = 10;

export function autoLockMinutes(): number {
  const stored = Number(localStorage.getItem(storageKey));
  return localStorage.getItem(storageKey) !== null && Number.isFinite(stored) && stored >= 0 ? stored : defaultMinutes;
}

export function setAutoLockMinutes(minutes: number): void {
  localStorage.setItem(storageKey, String(minutes));
  void desktop?.setAutoLock(minutes);
}

/** Calls `lock` after the set minutes without a key, click or touch; returns the stop function. */
export function watchIdle(lock: () => void): () => void {
  let last = Date.now();
  const seen = () => (last = Date.now());
  const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
  for (const e of events) window.addEventListener(e, seen, { passive: true, capture: true });
  void desktop?.setAutoLock(autoLockMinutes());
  const timer = setInterval(() => {
    const minutes = autoLockMinutes();
    if (minutes > 0 && Date.now() - last >= minutes * 60_000) lock();
  }, 5_000);
  return () => {
    clearInterval(timer);
    for (const e of events) window.removeEventListener(e, seen, { capture: true });
  };
}
