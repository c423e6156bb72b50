import type { RecordType } from '../shared/schemas.js';

/**
 * The SQL of one page of a record list: live records, optionally of one type, filtered by the
 * columns a list shows (status, country, sensitivity, a tag) and sorted. Only fixed SQL text
 * is ever assembled; every value is a bound parameter.
 */
export const listSorts = ['oldest', 'newest', 'title', 'changed'] as const;
export type ListSort = (typeof listSorts)[number];

export interface ListFilter {
  status?: string;
  country?: string;
  sensitivity?: string;
  tag?: string;
  /** Records whose dates (as search reads them: arrests, hearings, publication…) reach this day or later. */
  after?: string;
  /** Records whose dates begin on this day or earlier. */
  before?: string;
  /** Records whose defined field holds one of these values (a term and its narrower terms), as search's filters keep them. */
  /** Only these records: those whose defined field holds a value asked (the search index's field values). */
  definedIds?: readonly string[];
}

export interface ListOptions extends ListFilter {
  type?: RecordType;
  sort?: ListSort;
  /** Sort by a defined field's value instead (records without one last), then by id. */
  sortBy?: string;
  limit?: number;
  offset?: number;
}

const orderBy: Record<ListSort, string> = {
  oldest: 'id',
  newest: 'id DESC',
  title: 'title COLLATE NOCASE, id',
  changed: 'updated_ms DESC, id DESC',
};

export function listWhere(options: ListOptions): { sql: string; params: unknown[] } {
  const clauses = ['deleted = 0'];
  const params: unknown[] = [];
  if (options.type) {
    clauses.push('type = ?');
    params.push(options.type);
  }
  if (options.status) {
    clauses.push(`json_extract(data, '$.status') = ?`);
    params.push(options.status);
  }
  if (options.country) {
    clauses.push(`json_extract(data, '$.country') = ?`);
    params.push(options.country.toUpperCase());
  }
  if (options.sensitivity) {
    clauses.push(`json_extract(data, '$.sensitivity') = ?`);
    params.push(options.sensitivity);
  }
  if (options.after) {
    clauses.push(`EXISTS (SELECT 1 FROM search_records s WHERE s.record_id = records.id AND s.date_end >= ?)`);
    params.push(options.after);
  }
  if (options.before) {
    clauses.push(`EXISTS (SELECT 1 FROM search_records s WHERE s.record_id = records.id AND s.date_start <= ?)`);
    params.push(options.before);
  }
  if (options.definedIds) {
    clauses.push(`records.id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(options.definedIds));
  }
  if (options.tag) {
    clauses.push(`EXISTS (SELECT 1 FROM json_each(data, '$.tags') WHERE value = ?)`);
    params.push(options.tag);
  }
  return { sql: clauses.join(' AND '), params };
}

export function listQuery(options: ListOptions): { sql: string; params: unknown[] } {
  const where = listWhere(options);
  return {
    // A defined field's path is a bound parameter: no key is ever written into the SQL.
    sql: `SELECT * FROM records WHERE ${where.sql} ORDER BY ${options.sortBy ? 'json_extract(data, ?) IS NULL, json_extract(data, ?) COLLATE NOCASE, id' : orderBy[options.sort ?? 'oldest']} LIMIT ? OFFSET ?`,
    params: [...where.params, ...(options.sortBy ? [definedPath(options.sortBy), definedPath(options.sortBy)] : []), options.limit ?? -1, options.offset ?? 0],
  };
}

export function countQuery(options: ListOptions): { sql: string; params: unknown[] } {
  const where = listWhere(options);
  return { sql: `SELECT count(*) FROM records WHERE ${where.sql}`, params: where.params };
}

/** The JSON path of a defined field's value; for several (a list), the first. */
function definedPath(key: string): string {
  return `$.defined."${key.replace(/"/g, '')}"`;
}
