/** Times as the hearing mode shows and stores them. */

/** Now as an ISO instant with this computer's UTC offset: "2022-01-06T14:36:05+06:00". */
export function localInstant(date: Date): string {
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

export function localDate(date: Date): string {
  return localInstant(date).slice(0, 10);
}

export function timeOfDay(instant: string): string {
  return instant.slice(11, 16);
}

/** A note typed later from paper: the day it happened and the time the observer writes down. */
export function instantAt(day: string, time: string, now: Date): string {
  const [hours, minutes] = time.split(':').map(Number);
  const [year, month, date] = day.split('-').map(Number);
  return localInstant(new Date(year!, month! - 1, date!, hours ?? now.getHours(), minutes ?? now.getMinutes()));
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
