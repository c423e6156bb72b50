import { recordObjectOf, type RecordType } from '../shared/schemas.js';
import { isFuzzyDate } from '../shared/schema-parts.js';

/**
 * How a record becomes one spreadsheet row. Column names follow Uwazi's CSV import, which
 * matches headers to template property names (snake_case): `title` first, several values in
 * one cell separated by `|`, dates as YYYY-MM-DD and ranges as YYYY/MM/DD:YYYY/MM/DD. Names
 * Uwazi reserves for other meanings (`id`, `file`, `files`, `attachments`) are not used: the
 * record id is `vigil_id`.
 */
export type Row = Record<string, string>;

const reserved: Record<string, string> = { id: 'vigil_id', file: 'file_name', files: 'file_names', attachments: 'attachment_names' };

export function columnName(path: string[]): string {
  const name = path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()).join('_');
  return reserved[name] ?? name;
}

/** The record type's fields in the order its schema declares them. */
export function fieldOrder(type: RecordType): string[] {
  return Object.keys(recordObjectOf(type).shape);
}

/** A date as Uwazi reads it: one day, or a range start:end. */
function uwaziDate(date: { start?: string; end?: string }): string {
  if (date.start && date.start === date.end) return date.start;
  if (!date.start && !date.end) return '';
  return `${(date.start ?? '').replaceAll('-', '/') || ' '}:${(date.end ?? '').replaceAll('-', '/')}`;
}

/** A value in words, for a cell: nested objects as "field: value; field: value", deeper ones in brackets. */
export function plain(value: unknown, depth = 0): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'object') return String(value);
  if (isFuzzyDate(value)) return value.text;
  if (Array.isArray(value)) {
    const items = value.map((v) => plain(v, depth + 1)).filter(Boolean);
    return depth > 0 && items.length > 1 ? `[${items.join(' | ')}]` : items.join(' | ');
  }
  // Someone named and described ({kind, name}): the name says it.
  const named = value as { name?: unknown; kind?: unknown };
  if (typeof named.name === 'string' && Object.keys(value).every((k) => k === 'name' || k === 'kind')) return named.name;
  const text = Object.entries(value)
    .map(([k, v]) => [k, plain(v, depth + 1)] as const)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return depth > 1 && text ? `(${text})` : text;
}

/** Cells for one field: scalars as they are, dates twice (for Uwazi and as written), one level of objects spread into columns. */
export function cellsOf(path: string[], value: unknown, into: Row): void {
  if (value === undefined || value === null) return;
  const name = columnName(path);
  if (isFuzzyDate(value)) {
    into[name] = uwaziDate(value);
    into[`${name}_as_written`] = value.text;
    return;
  }
  if (Array.isArray(value)) {
    if (path.at(-1) === 'attachments') {
      into[name] = value.map((a) => String((a as { name?: unknown }).name ?? '')).join('|');
      return;
    }
    into[name] = value.every((v) => typeof v !== 'object' || v === null) ? value.map((v) => plain(v)).join('|') : value.map(plain).join(' | ');
    return;
  }
  if (typeof value === 'object') {
    if (path.length > 1) {
      into[name] = plain(value);
      return;
    }
    for (const [k, v] of Object.entries(value)) cellsOf([...path, k], v, into);
    return;
  }
  into[name] = plain(value);
}
