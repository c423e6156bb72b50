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

/** The counter's ceiling (the revision format's bound); past it the clock moves on a millisecond. */
export const maxHlcCount = 2 ** 31 - 1;

/**
 * How far ahead of this computer's clock another device's clock is believed. A revision from a
 * laptop whose clock says 2099 is kept as it is, but does not drag this device's clock along.
 */
export const maxClockDrift = 24 * 60 * 60 * 1000;

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.time - b.time || a.count - b.count;
}

export function maxHlc(...clocks: Hlc[]): Hlc {
  return clocks.reduce((a, b) => (compareHlc(a, b) >= 0 ? a : b), zeroHlc);
}

/** The next tick after everything in `after`, at wall-clock `now` where that is later. */
export function tickHlc(after: Hlc, now: number): Hlc {
  if (now > after.time) return { time: now, count: 0 };
  return after.count >= maxHlcCount ? { time: after.time + 1, count: 0 } : { time: after.time, count: after.count + 1 };
}
