import type { RecordType } from '../shared/schemas.js';

/**
 * The span of time a record is about, for `after:` and `before:`: a report's publication, an
 * event's or a hearing's date, a note's observed time, a detainee's arrests and court
 * decisions, a case's submission to adoption. Null when the record says no date.
 */
export function dateSpanOf(type: RecordType, data: Record<string, unknown>): { start: string; end: string } | null {
  const dates: unknown[] = [];
  const add = (...values: unknown[]) => dates.push(...values);
  const each = (list: unknown, pick: (item: Record<string, unknown>) => unknown[]) => {
    if (Array.isArray(list)) for (const item of list) if (item && typeof item === 'object') add(...pick(item as Record<string, unknown>));
  };
  switch (type) {
    case 'report':
      add(data.published ?? data.periodCovered);
      break;
    case 'detainee':
      each(data.arrests, (a) => [a.date, ...(Array.isArray(a.accounts) ? a.accounts.map((x: { date?: unknown }) => x.date) : [])]);
      each(data.decisions, (d) => [d.date]);
      each(data.custody, (c) => [c.from, c.to]);
      break;
    case 'trial':
      add(data.opened, (data.verdict as { date?: unknown } | undefined)?.date);
      each(data.sentences, (s) => [s.date]);
      break;
    case 'hearing':
    case 'event':
      add(data.date);
      break;
    case 'note':
      add(typeof data.observedAt === 'string' ? { start: data.observedAt.slice(0, 10), end: data.observedAt.slice(0, 10) } : undefined);
      break;
    case 'case':
      add(data.submitted, data.transmitted, data.adopted);
      each(data.replies, (r) => [r.date]);
      break;
    default:
      break;
  }
  let start: string | undefined;
  let end: string | undefined;
  for (const d of dates) {
    if (!d || typeof d !== 'object') continue;
    const { start: s, end: e } = d as { start?: string; end?: string };
    const lo = s ?? e;
    const hi = e ?? s;
    if (lo && (!start || lo < start)) start = lo;
    if (hi && (!end || hi > end)) end = hi;
  }
  return start && end ? { start, end } : null;
}
