/**
 * Hybrid logical clock: wall-clock milliseconds plus a counter, so that every revision a
 * device writes is later than the one before it and later than its parents, even when the
 * system clock steps back. Ties between devices are broken by revision id, not here.
 */
export interface Hlc {
  time: number;
  count: number;
}

export const zeroHlc: Hlc = { time: 0, count: 0 };

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.time - b.time || a.count - b.count;
}

export function maxHlc(...clocks: Hlc[]): Hlc {
  return clocks.reduce((a, b) => (compareHlc(a, b) >= 0 ? a : b), zeroHlc);
}

/** The next tick after everything in `after`, at wall-clock `now` where that is later. */
export function tickHlc(after: Hlc, now: number): Hlc {
  return now > after.time ? { time: now, count: 0 } : { time: after.time, count: after.count + 1 };
}

export function formatHlc(h: Hlc): string {
  return `${new Date(h.time).toISOString()}#${h.count}`;
}
