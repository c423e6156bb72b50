import type { RecordType } from '../shared/schemas.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import { readMetaValue } from '../store/meta-values.js';

/**
 * The filter values of every indexed record, held in memory by record number so that a
 * search can group, filter and count thousands of hits without a join. Caught up from the
 * index's change counter (search_seq) before each search, so a change made by another program
 * on the same archive is seen too.
 */
export interface RecordFact {
  recordId: string;
  type: RecordType;
  country: string | null;
  sensitivity: string | null;
  dateStart: string | null;
  dateEnd: string | null;
  tags: string[];
}

interface FactRow {
  rk: number;
  record_id: string;
  type: RecordType;
  country: string | null;
  sensitivity: string | null;
  date_start: string | null;
  date_end: string | null;
  indexed_seq: number;
}

export class RecordFacts {
  readonly #db: SqliteDatabase;
  /** By record number; an array rather than a Map, as a search looks up every record it matches. */
  #byRk: (RecordFact | undefined)[] = [];
  #seq = -1;
  #deletions = -1;
  #maxRk = 0;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  current(): { byRk: readonly (RecordFact | undefined)[]; maxRk: number } {
    const seq = Number(readMetaValue(this.#db, 'search_seq') ?? 0);
    const deletions = Number(readMetaValue(this.#db, 'search_deletions') ?? 0);
    if (seq === this.#seq && deletions === this.#deletions) return { byRk: this.#byRk, maxRk: this.#maxRk };
    if (this.#seq < 0 || seq < this.#seq || deletions !== this.#deletions) {
      // Something was removed from the index: read it all again (deletions are rare next to searches).
      this.#byRk = [];
      this.#maxRk = 0;
      this.#load('SELECT * FROM search_records', []);
    } else {
      this.#load('SELECT * FROM search_records WHERE indexed_seq > ?', [this.#seq]);
    }
    this.#seq = seq;
    this.#deletions = deletions;
    return { byRk: this.#byRk, maxRk: this.#maxRk };
  }

  reset(): void {
    this.#byRk = [];
    this.#maxRk = 0;
    this.#seq = -1;
    this.#deletions = -1;
  }

  #load(sql: string, params: unknown[]): void {
    // Row by row, and tags first: a hundred thousand records need not exist twice in memory.
    const tags = new Map<number, string[]>();
    for (const t of this.#db.prepare(`SELECT rk, tag FROM search_record_tags WHERE rk IN (SELECT rk FROM (${sql}))`).iterate(...params) as IterableIterator<{
      rk: number;
      tag: string;
    }>) {
      const list = tags.get(t.rk);
      if (list) list.push(t.tag);
      else tags.set(t.rk, [t.tag]);
    }
    for (const row of this.#db.prepare(sql).iterate(...params) as IterableIterator<FactRow>) {
      if (row.rk > this.#maxRk) this.#maxRk = row.rk;
      this.#byRk[row.rk] = {
        recordId: row.record_id,
        type: row.type,
        country: row.country,
        sensitivity: row.sensitivity,
        dateStart: row.date_start,
        dateEnd: row.date_end,
        tags: tags.get(row.rk) ?? noTags,
      };
    }
  }
}

const noTags: string[] = [];
