import { dateTermsOf } from './date-terms.js';
import type { RecordType } from '../shared/schemas.js';
import { foldText } from './fold-word.js';
import { passagesOf } from '../shared/passages.js';
import { dateSpanOf } from './record-dates.js';

/**
 * Everything the search index stores for one record, computed without the database: its
 * passages (text, folded text, anchor) and its filter values. Pure, so that bulk indexing
 * can compute it on another thread while the database writes the previous batch.
 */
export interface PreparedPassage {
  kind: 'head' | 'body';
  text: string;
  folded: string;
  anchor: string;
}

export interface PreparedRecord {
  type: RecordType;
  passages: PreparedPassage[];
  country: string | null;
  sensitivity: string;
  dateStart: string | null;
  dateEnd: string | null;
  tags: string[];
  /** Defined fields' filter values, [field key, value]. */
  values: [string, string][];
}

/**
 * A passage's id is its record's number times 2^20 plus its own number, so hits group by
 * record with `rowid >> 20` and no join; a record holds at most 2^20 passages (about 1.5 GB of text).
 */
export const passageBits = 20;
export const maxPassagesPerRecord = 2 ** passageBits;

/**
 * What the folded index holds for a passage: its words folded, then the terms of the dates it
 * writes (date-terms.ts). Removing a passage names exactly these again.
 */
export function foldedPassage(text: string): string {
  const dates = dateTermsOf(text);
  return foldText(dates.length ? `${text} ${dates.join(' ')}` : text);
}

/** `defined`: the record's defined values as search reads them (db/templates/defined-lines.ts), when it has any. */
export function prepareRecord(type: RecordType, data: Record<string, unknown>, defined?: { lines: readonly string[]; values: [string, string][] }): PreparedRecord {
  const passages = passagesOf(type, data, defined?.lines)
    .slice(0, maxPassagesPerRecord)
    .map((p) => ({ kind: p.kind, text: p.text, folded: foldedPassage(p.text), anchor: JSON.stringify(p.anchor) }));
  const span = dateSpanOf(type, data);
  return {
    type,
    passages,
    country: typeof data.country === 'string' ? data.country : null,
    sensitivity: typeof data.sensitivity === 'string' ? data.sensitivity : 'restricted',
    dateStart: span?.start ?? null,
    dateEnd: span?.end ?? null,
    tags: Array.isArray(data.tags) ? [...new Set(data.tags.filter((t): t is string => typeof t === 'string').map((t) => t.trim().toLowerCase()))] : [],
    values: defined?.values ?? [],
  };
}
