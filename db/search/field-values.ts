import { readMetaValue } from '../store/meta-values.js';
import type { SqliteDatabase } from '../store/sqlite.js';

interface Held {
  state: string;
  /** field key → stored value → record numbers (rk). */
  byField: Map<string, Map<string, number[]>>;
  idOf: Map<number, string>;
}

/**
 * The values of the organisation's fields, as filters (conditions:overcrowding, a list's choice
 * filter) read them: held in memory, read from the search index's records (their
 * `defined_values`) when first asked and again once the index changed. A table kept on every
 * write cost each new record a write to a page of its own; a filter is asked far less often
 * than a record is written.
 */
export class FieldValues {
  readonly #db: SqliteDatabase;
  readonly #sql;
  #held: Held | undefined;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#sql = { rows: db.prepare('SELECT rk, record_id, defined_values FROM search_records WHERE defined_values IS NOT NULL').raw() };
  }

  /** Records whose field `field` holds one of `values`, or (for text) a value starting with `prefix`. */
  records(field: string, values: readonly string[], prefix?: string): Set<number> {
    const byValue = this.#current().byField.get(field);
    const out = new Set<number>();
    if (!byValue) return out;
    for (const value of values) for (const rk of byValue.get(value) ?? []) out.add(rk);
    if (prefix) for (const [value, rks] of byValue) if (value.startsWith(prefix)) for (const rk of rks) out.add(rk);
    return out;
  }

  /** The same, as record ids (a list's filter). */
  recordIds(field: string, values: readonly string[], prefix?: string): string[] {
    const held = this.#current();
    return [...this.records(field, values, prefix)].map((rk) => held.idOf.get(rk)!);
  }

  /**
   * What the index holds now. Its state is the count of index writes and deletions: equal, the
   * values read before still hold. Inside a write that may yet roll back, read afresh, not kept.
   */
  #current(): Held {
    const state = `${readMetaValue(this.#db, 'search_seq') ?? 0}:${readMetaValue(this.#db, 'search_deletions') ?? 0}`;
    if (this.#held?.state === state) return this.#held;
    const held: Held = { state, byField: new Map(), idOf: new Map() };
    for (const [rk, id, json] of this.#sql.rows.all() as [number, string, string][]) {
      held.idOf.set(rk, id);
      for (const [field, value] of JSON.parse(json) as [string, string][]) {
        let byValue = held.byField.get(field);
        if (!byValue) held.byField.set(field, (byValue = new Map()));
        const rks = byValue.get(value);
        if (rks) rks.push(rk);
        else byValue.set(value, [rk]);
      }
    }
    if (!this.#db.inTransaction) this.#held = held;
    return held;
  }
}
