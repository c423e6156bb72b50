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
