/**
 * Times as hearing notes store them: ISO instants with the UTC offset of the hearing's time
 * zone (the courtroom's), or of the computer they were typed on when the hearing has none.
 */

const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');

function offsetText(minutes: number): string {
  return `${minutes >= 0 ? '+' : '-'}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

/** An instant with this computer's UTC offset: "2022-01-06T14:36:05+06:00". */
export function localInstant(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    offsetText(-date.getTimezoneOffset())
  );
}

export function localDate(date: Date): string {
  return localInstant(date).slice(0, 10);
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a time zone, and that zone's UTC offset then, in minutes. */
function wallClock(date: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number; offset: number } {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  const fields = { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, second: +parts.second! };
  const asUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  return { ...fields, offset: Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000) };
}

/** An instant as the clock on the wall of a time zone shows it: "2022-01-06T14:36:05+06:00". Without a zone, this computer's. */
export function instantInZone(date: Date, timeZone: string | undefined): string {
  if (!timeZone) return localInstant(date);
  const w = wallClock(date, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${offsetText(w.offset)}`;
}

/** The date on the wall of a time zone (this computer's without one). */
export function dateInZone(date: Date, timeZone: string | undefined): string {
  return instantInZone(date, timeZone).slice(0, 10);
}

/**
 * The instant a time written down in a courtroom names: that time on the hearing's day, on the
 * clocks of the hearing's time zone (this computer's without one).
 */
export function instantAt(day: string, time: string, now: Date, timeZone?: string): string {
  const [hours, minutes, seconds] = time.split(':').map(Number);
  const [year, month, date] = day.split('-').map(Number);
  const h = hours ?? now.getHours();
  const m = minutes ?? now.getMinutes();
  const sec = seconds ?? 0;
  if (!timeZone) return localInstant(new Date(year!, month! - 1, date!, h, m, sec));
  const wanted = Date.UTC(year!, month! - 1, date!, h, m, sec);
  // The zone's offset at the wanted wall time, found from a guess and corrected once (enough across a daylight-saving change).
  let guess = wanted - wallClock(new Date(wanted), timeZone).offset * 60_000;
  guess = wanted - wallClock(new Date(guess), timeZone).offset * 60_000;
  return instantInZone(new Date(guess), timeZone);
}
