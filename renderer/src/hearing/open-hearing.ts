/**
 * The hearing the observer has open, remembered for this window's session (its id only, never
 * what it holds), so that a reload, an unlock or an auto-lock comes back to it and its draft
 * instead of leaving the observer to find the trial and the hearing again.
 */
const hearingKey = 'vigil-open-hearing';

export function rememberOpenHearing(id: string | null): void {
  try {
    if (id) sessionStorage.setItem(hearingKey, id);
    else sessionStorage.removeItem(hearingKey);
  } catch {
    // Storage refused (a locked-down browser): the observer picks the hearing again, nothing is lost.
  }
}

export function openHearingRemembered(): string | null {
  try {
    return sessionStorage.getItem(hearingKey);
  } catch {
    return null;
  }
}

/**
 * Whether the hearing screen is the one shown: a reload or an unlock opens on it. Leaving it for
 * another screen clears this, not the hearing, so coming back to hearing mode reopens it.
 */
const screenKey = 'vigil-hearing-screen';

export function rememberHearingScreen(shown: boolean): void {
  try {
    if (shown) sessionStorage.setItem(screenKey, '1');
    else sessionStorage.removeItem(screenKey);
  } catch {
    // As above: nothing is lost.
  }
}

export function hearingScreenShown(): boolean {
  try {
    return sessionStorage.getItem(screenKey) === '1';
  } catch {
    return false;
  }
}
