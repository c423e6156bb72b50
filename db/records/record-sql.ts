import type { SqliteDatabase } from '../store/sqlite.js';
import type { DeviceRow, RecordRow, RevisionRow } from '../store/table-rows.js';

/** A revision as the leaf set and history order need it. */
export interface LeafRevisionRow {
  id: string;
  op: 'put' | 'delete';
  hlc_time: number;
  hlc_count: number;
}

/** A revision as a bundle carries it (its body is the stored canonical JSON). */
export type RevisionLineRow = Pick<RevisionRow, 'seq' | 'id' | 'record_type' | 'op' | 'device_id' | 'body' | 'signature'>;

/**
 * The SQL of the record tables (records, revisions, revision_parents, leaves, devices) in one
 * module, whoever reads them: the record store, exports, import, search, sync and verify.
 * Statements are prepared once per connection.
 */
function prepareRecordSql(db: SqliteDatabase) {
  return {
    // ---- records: current values ----
    record: db.prepare<[string], RecordRow>('SELECT * FROM records WHERE id = ?'),
    listAll: db.prepare<[number, number], RecordRow>('SELECT * FROM records WHERE deleted = 0 ORDER BY id LIMIT ? OFFSET ?'),
    listByType: db.prepare<[string, number, number], RecordRow>('SELECT * FROM records WHERE deleted = 0 AND type = ? ORDER BY id LIMIT ? OFFSET ?'),
    everyRecord: db.prepare<[], RecordRow>('SELECT * FROM records ORDER BY id'),
    conflicted: db.prepare<[], RecordRow>('SELECT * FROM records WHERE conflict = 1 ORDER BY id'),
    /** Every live record's value: what the search index and quick-find are built from. */
    liveValues: db.prepare<[], { id: string; type: string; data: string }>('SELECT id, type, data FROM records WHERE deleted = 0'),
    isLive: db.prepare<[string], 1>('SELECT 1 FROM records WHERE id = ? AND deleted = 0').pluck(),
    titleOf: db.prepare<[string], Pick<RecordRow, 'title' | 'type' | 'deleted'>>('SELECT title, type, deleted FROM records WHERE id = ?'),
    // A trial's hearings and a hearing's notes, oldest first, through migration 7's indexes.
    hearingsOf: db.prepare<[string, number], RecordRow>(`SELECT * FROM records WHERE deleted = 0 AND type = 'hearing' AND json_extract(data, '$.trial') = ? ORDER BY id LIMIT ?`),
    notesOf: db.prepare<[string, number], RecordRow>(`SELECT * FROM records WHERE deleted = 0 AND type = 'note' AND json_extract(data, '$.hearing') = ? ORDER BY id LIMIT ?`),
    upsertRecord: db.prepare<RecordRow>(
      `INSERT INTO records (id, type, revision_id, deleted, conflict, title, data, created_ms, updated_ms)
       VALUES (@id, @type, @revision_id, @deleted, @conflict, @title, @data, @created_ms, @updated_ms)
       ON CONFLICT (id) DO UPDATE SET revision_id = excluded.revision_id, deleted = excluded.deleted,
         conflict = excluded.conflict, title = excluded.title, data = excluded.data,
         created_ms = excluded.created_ms, updated_ms = excluded.updated_ms`,
    ),
    // ---- record_refs: who names whom ----
    deleteRefsOf: db.prepare<[string]>('DELETE FROM record_refs WHERE source = ?'),
    insertRef: db.prepare<[string, string, string]>('INSERT OR IGNORE INTO record_refs (source, target, field) VALUES (?, ?, ?)'),
    deleteAllRefs: db.prepare<[]>('DELETE FROM record_refs'),
    /** Live records naming a record, with the field they name it in, by type and title. */
    refsTo: db.prepare<[string, number], { id: string; type: string; title: string; field: string }>(
      `SELECT r.id, r.type, r.title, x.field FROM record_refs x JOIN records r ON r.id = x.source AND r.deleted = 0
       WHERE x.target = ? ORDER BY x.field, r.title, r.id LIMIT ?`,
    ),
    /** A record with revisions but no current value (verify). */
    revisionsWithoutRecord: db.prepare<[], string>('SELECT record_id FROM revisions WHERE record_id NOT IN (SELECT id FROM records) LIMIT 1').pluck(),

    // ---- revisions ----
    revision: db.prepare<[string], RevisionRow>('SELECT * FROM revisions WHERE id = ?'),
    revisionExists: db.prepare<[string], Pick<RevisionRow, 'record_id' | 'record_type'>>('SELECT record_id, record_type FROM revisions WHERE id = ?'),
    recordTypeOf: db.prepare<[string], string>('SELECT record_type FROM revisions WHERE record_id = ? LIMIT 1').pluck(),
    historyOf: db.prepare<[string], RevisionRow>('SELECT * FROM revisions WHERE record_id = ? ORDER BY hlc_time, hlc_count, id'),
    everyRevision: db.prepare<[], RevisionRow>('SELECT * FROM revisions ORDER BY seq'),
    revisionsAfter: db.prepare<[number, number], RevisionRow>('SELECT * FROM revisions WHERE seq > ? ORDER BY seq LIMIT ?'),
    revisionLines: db.prepare<[number, number], RevisionLineRow>(
      'SELECT seq, id, record_type, op, device_id, body, signature FROM revisions WHERE seq > ? AND seq <= ? ORDER BY seq',
    ),
    revisionsOfRecord: db.prepare<[string], LeafRevisionRow & { body: string }>('SELECT id, op, hlc_time, hlc_count, body FROM revisions WHERE record_id = ?'),
    lastSeq: db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM revisions').pluck(),
    recordsChangedAfter: db.prepare<[number], string>('SELECT DISTINCT record_id FROM revisions WHERE seq > ?').pluck(),
    bodyOf: db.prepare<[string], string>('SELECT body FROM revisions WHERE id = ?').pluck(),
    latestPutBody: db.prepare<[string], string>(`SELECT body FROM revisions WHERE record_id = ? AND op = 'put' ORDER BY hlc_time DESC, hlc_count DESC, id DESC LIMIT 1`).pluck(),
    createdOf: db.prepare<[string], number>('SELECT min(hlc_time) FROM revisions WHERE record_id = ?').pluck(),
    /** Whether any revision names an attachment (its hash appears quoted in a body). */
    namesAttachment: db.prepare<[string], 1>(`SELECT 1 FROM revisions WHERE instr(body, ?) > 0 LIMIT 1`).pluck(),
    insertRevision: db.prepare<[string, string, string, string, number, number, string, string, Buffer]>(
      `INSERT INTO revisions (seq, id, record_id, record_type, op, hlc_time, hlc_count, device_id, body, signature)
       VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM revisions), ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),

    // ---- revision_parents and leaves ----
    insertParent: db.prepare<[string, string]>('INSERT OR IGNORE INTO revision_parents (parent, child) VALUES (?, ?)'),
    parentsOf: db.prepare<[string], string>('SELECT parent FROM revision_parents WHERE child = ? ORDER BY parent').pluck(),
    // Parent links count only within a record: a revision naming another record's revision does not hide it.
    hasChild: db.prepare<[string, string], 1>('SELECT 1 FROM revision_parents p JOIN revisions c ON c.id = p.child WHERE p.parent = ? AND c.record_id = ? LIMIT 1').pluck(),
    deleteLeaf: db.prepare<[string, string]>('DELETE FROM leaves WHERE record_id = ? AND revision_id = ?'),
    insertLeaf: db.prepare<[string, string]>('INSERT OR IGNORE INTO leaves (record_id, revision_id) VALUES (?, ?)'),
    leavesOf: db.prepare<[string], LeafRevisionRow>(`SELECT r.id, r.op, r.hlc_time, r.hlc_count FROM leaves l JOIN revisions r ON r.id = l.revision_id WHERE l.record_id = ?`),
    leafIdsOf: db.prepare<[string], string>('SELECT revision_id FROM leaves WHERE record_id = ? ORDER BY revision_id').pluck(),

    // ---- devices ----
    devices: db.prepare<[], Pick<DeviceRow, 'device_id' | 'public_key'>>('SELECT device_id, public_key FROM devices'),
    devicePublicKey: db.prepare<[string], Buffer>('SELECT public_key FROM devices WHERE device_id = ?').pluck(),
    deviceName: db.prepare<[string], string | null>('SELECT name FROM devices WHERE device_id = ?').pluck(),
    insertDevice: db.prepare<[string, Buffer, number]>('INSERT OR IGNORE INTO devices (device_id, public_key, name, first_seen_ms) VALUES (?, ?, NULL, ?)'),
  };
}

export type RecordSql = ReturnType<typeof prepareRecordSql>;

const prepared = new WeakMap<SqliteDatabase, RecordSql>();

export function recordSql(db: SqliteDatabase): RecordSql {
  let sql = prepared.get(db);
  if (!sql) prepared.set(db, (sql = prepareRecordSql(db)));
  return sql;
}

/** Titles of the records named, by id, in one query. */
export function titlesOf(db: SqliteDatabase, ids: readonly string[]): Map<string, string> {
  if (!ids.length) return new Map();
  const rows = db.prepare<string[], { id: string; title: string }>(`SELECT id, title FROM records WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids);
  return new Map(rows.map((r) => [r.id, r.title]));
}
