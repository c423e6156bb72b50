import { readMetaValue } from '../store/meta-values.js';
import type { SqliteDatabase } from '../store/sqlite.js';

type Values = readonly (readonly [string, string])[];

interface Held {
  state: string;
  /** field key → stored value → record numbers (rk). */
  byField: Map<string, Map<string, Set<number>>>;
  /** What each record holds, and its id. */
  records: Map<number, { id: string; values: Values }>;
}

/**
 * The values of the organisation's fields, as filters (conditions:overcrowding, a list's choice
 * filter) read them: held in memory, read from the search index's records (their
 * `defined_values`) when first asked. The index's own writes keep them current as they commit;
 * anything else that changed the index (its state: the count of its writes and deletions) has
 * them read again. A table kept on every write cost each new record a write to a page of its
 * own; a filter is asked far less often than a record is written.
 */
export class FieldValues {
  readonly #db: SqliteDatabase;
  readonly #sql;
  #held: Held | undefined;
  /** This write's changes, kept until it commits; and the state the held values had when it began (null: none held). */
  #pending: { rk: number; id: string | null; values: Values | null }[] = [];
  #before: string | null | undefined;
  /** Changes joined the held values since the last rollback (a rollback then drops them all). */
  #joined = false;

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
    return [...this.records(field, values, prefix)].map((rk) => held.records.get(rk)!.id);
  }

  /** Called by the index before it changes anything in a write: the state the held values answer to. */
  beforeChange(): void {
    if (this.#before === undefined) this.#before = this.#held ? this.#state() : null;
  }

  /** A record indexed (again) in this write, with what it holds. */
  indexed(rk: number, id: string, values: Values | undefined): void {
    if (this.#before) this.#pending.push({ rk, id, values: values ?? [] });
  }

  /** A record left out of the index in this write. */
  dropped(rk: number): void {
    if (this.#before) this.#pending.push({ rk, id: null, values: null });
  }

  /**
   * The write is committing, or handing on what it queued midway through: its changes join the
   * held values, if they were current when it began.
   */
  committing(): void {
    const held = this.#held;
    if (held && this.#before === held.state) {
      for (const change of this.#pending) {
        forget(held, change.rk);
        if (change.id && change.values?.length) remember(held, change.rk, change.id, change.values);
      }
      held.state = this.#state();
      this.#joined = true;
    }
    this.#pending = [];
    this.#before = undefined;
  }

  /**
   * The write rolled back. Changes it handed on midway may be in the held values: they are read
   * again (the index's state alone could come back to the same count with other contents).
   */
  rolledBack(): void {
    if (this.#joined) this.#held = undefined;
    this.#joined = false;
    this.#pending = [];
    this.#before = undefined;
  }

  /** Everything dropped (a reindex): read again when next asked. */
  clear(): void {
    this.#held = undefined;
  }

  #state(): string {
    return `${readMetaValue(this.#db, 'search_seq') ?? 0}:${readMetaValue(this.#db, 'search_deletions') ?? 0}`;
  }

  /** What the index holds now; inside a write that may yet roll back, read afresh and not kept. */
  #current(): Held {
    const state = this.#state();
    if (this.#held?.state === state) return this.#held;
    const held: Held = { state, byField: new Map(), records: new Map() };
    for (const [rk, id, json] of this.#sql.rows.all() as [number, string, string][]) remember(held, rk, id, JSON.parse(json) as [string, string][]);
    if (!this.#db.inTransaction) this.#held = held;
    return held;
  }
}

function remember(held: Held, rk: number, id: string, values: Values): void {
  held.records.set(rk, { id, values });
  for (const [field, value] of values) {
    let byValue = held.byField.get(field);
    if (!byValue) held.byField.set(field, (byValue = new Map()));
    let rks = byValue.get(value);
    if (!rks) byValue.set(value, (rks = new Set()));
    rks.add(rk);
  }
}

function forget(held: Held, rk: number): void {
  const was = held.records.get(rk);
  if (!was) return;
  held.records.delete(rk);
  for (const [field, value] of was.values) {
    const byValue = held.byField.get(field);
    const rks = byValue?.get(value);
    rks?.delete(rk);
    if (rks?.size === 0) byValue!.delete(value);
  }
}
