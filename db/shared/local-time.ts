/** Times as hearing notes store them: ISO instants with the UTC offset of the computer they were typed on. */

/** An instant with this computer's UTC offset: "2022-01-06T14:36:05+06:00". */
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

/** A note typed later from paper: the day it happened and the time the observer writes down. */
export function instantAt(day: string, time: string, now: Date): string {
  const [hours, minutes] = time.split(':').map(Number);
  const [year, month, date] = day.split('-').map(Number);
  return localInstant(new Date(year!, month! - 1, date!, hours ?? now.getHours(), minutes ?? now.getMinutes()));
}
