import { desktop } from '../shared/contract-client.js';

/**
 * Locking when nobody is at the keyboard. The page watches its own input (both modes); the
 * desktop shell also locks on system idle, suspend and screen lock, and is told the minutes.
 * The setting is this computer's, kept with the page's preferences (it reveals nothing).
 */
const storageKey = 'vigil-auto-lock-minutes';
const defaultMinutes = 10;
/**
 * While a hearing is open an observer may listen for half an hour without touching a key: the
 * lock can wait longer there (or not come at all), as they choose. Locking keeps the draft.
 */
const hearingKey = 'vigil-auto-lock-in-hearing';
export const hearingLockChoices = ['same', '30', '60', '120', 'never'] as const;
export type HearingLockChoice = (typeof hearingLockChoices)[number];

let hearingOpen = false;

function storedMinutes(): number {
  const stored = Number(localStorage.getItem(storageKey));
  return localStorage.getItem(storageKey) !== null && Number.isFinite(stored) && stored >= 0 ? stored : defaultMinutes;
}

export function hearingLockChoice(): HearingLockChoice {
  const stored = localStorage.getItem(hearingKey);
  return (hearingLockChoices as readonly string[]).includes(stored ?? '') ? (stored as HearingLockChoice) : 'same';
}

/** The idle minutes set in Settings, whatever screen is open. */
export function autoLockSetting(): number {
  return storedMinutes();
}

/** The idle minutes that lock now: in an open hearing, the hearing's choice (0 = never). */
export function autoLockMinutes(): number {
  const choice = hearingLockChoice();
  if (!hearingOpen || choice === 'same') return storedMinutes();
  return choice === 'never' ? 0 : Number(choice);
}

export function setAutoLockMinutes(minutes: number): void {
  localStorage.setItem(storageKey, String(minutes));
  void desktop?.setAutoLock(autoLockMinutes());
}

export function setHearingLockChoice(choice: HearingLockChoice): void {
  localStorage.setItem(hearingKey, choice);
  void desktop?.setAutoLock(autoLockMinutes());
}

/** Told by the hearing screen as a hearing opens and closes; the desktop shell learns the minutes that now apply. */
export function setHearingOpen(open: boolean): void {
  hearingOpen = open;
  void desktop?.setAutoLock(autoLockMinutes());
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
