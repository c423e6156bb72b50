import type { SqliteDatabase } from './sqlite.js';

/** The archive's single values, kept in the `meta` table: every key any module uses is named here. */
export type MetaKey =
  | 'archive_id'
  | 'created_ms'
  /** This device's last revision stamp (JSON). */
  | 'hlc'
  /** Digest of the key slots the audit log last recorded. */
  | 'key_slots_digest'
  /** The age identity failed-unlock notes are sealed to. */
  | 'failed_unlocks_identity'
  | 'search_index_version'
  /** Set once record_refs holds every live record's references. */
  | 'record_refs_version'
  /** Grows with every write to the search index: what catching up follows. */
  | 'search_seq'
  | 'search_deletions'
  /** Migration 16's copy of the alias and concept tables, until it becomes search-words records. */
  | 'legacy_search_words'
  | 'sync_lock_salt';

function prepareMetaSql(db: SqliteDatabase) {
  return {
    read: db.prepare<[MetaKey], string>('SELECT value FROM meta WHERE key = ?').pluck(),
    set: db.prepare<[MetaKey, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    remove: db.prepare<[MetaKey]>('DELETE FROM meta WHERE key = ?'),
    keepFirst: db.prepare<[MetaKey, string]>('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)'),
    count: db
      .prepare<[MetaKey], number>(
        `INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING CAST(value AS INTEGER)`,
      )
      .pluck(),
  };
}

const prepared = new WeakMap<SqliteDatabase, ReturnType<typeof prepareMetaSql>>();

function metaSql(db: SqliteDatabase): ReturnType<typeof prepareMetaSql> {
  let sql = prepared.get(db);
  if (!sql) prepared.set(db, (sql = prepareMetaSql(db)));
  return sql;
}

export function readMetaValue(db: SqliteDatabase, key: MetaKey): string | undefined {
  return metaSql(db).read.get(key);
}

/** Sets a value; call inside a write. */
export function setMetaValue(db: SqliteDatabase, key: MetaKey, value: string): void {
  metaSql(db).set.run(key, value);
}

/** Sets a value unless one is there already (another program may have made it first); call inside a write. Returns the value kept. */
export function removeMetaValue(db: SqliteDatabase, key: MetaKey): void {
  metaSql(db).remove.run(key);
}

export function keepFirstMetaValue(db: SqliteDatabase, key: MetaKey, value: string): string {
  metaSql(db).keepFirst.run(key, value);
  return readMetaValue(db, key)!;
}

/** Adds one to a counter and returns it; call inside a write. */
export function countMetaValue(db: SqliteDatabase, key: MetaKey): number {
  return metaSql(db).count.get(key)!;
}
