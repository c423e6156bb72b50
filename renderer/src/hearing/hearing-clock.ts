/** Times as the hearing mode shows and stores them. */

// Shared with the engine, which stamps notes typed at the command line the same way.
export { dateInZone, instantAt, instantInZone, localDate, localInstant } from '../../../db/shared/local-time.js';
import { instantAt } from '../../../db/shared/local-time.js';

export function timeOfDay(instant: string): string {
  return instant.slice(11, 16);
}

/**
 * "1:05:09" since a hearing began ("09:30" on its day, on its time zone's clocks), or null before
 * it. Worked out from the wall clock at each tick, so it is right again the moment a laptop wakes.
 */
export function elapsedSince(start: string | undefined, now: Date, day?: string, timeZone?: string): string | null {
  if (!start) return null;
  const began = new Date(instantAt(day ?? localDateOf(now), start, now, timeZone));
  const seconds = Math.floor((now.getTime() - began.getTime()) / 1000);
  if (seconds < 0) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** This computer's time zone. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** An instant's time of day in a time zone ("09:15"), for a hearing held in another zone than the laptop's. */
export function timeInZone(instant: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(instant));
}

function localDateOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
