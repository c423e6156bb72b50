/** Times as the hearing mode shows and stores them. */

// Shared with the engine, which stamps notes typed at the command line the same way.
export { instantAt, localDate, localInstant } from '../../../db/shared/local-time.js';

export function timeOfDay(instant: string): string {
  return instant.slice(11, 16);
}

/** "1:05:09" since a start time today ("09:30"), or null before it. */
export function elapsedSince(start: string | undefined, now: Date): string | null {
  if (!start) return null;
  const [h, m] = start.split(':').map(Number);
  const began = new Date(now);
  began.setHours(h!, m!, 0, 0);
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
