import { createHash } from 'node:crypto';
import { VigilError } from '../errors.js';
import type { SqliteDatabase } from './sqlite.js';
import { UnitOfWork } from './unit-of-work.js';

/**
 * Numbered schema migrations. A migration, once shipped, is never edited: its checksum is
 * recorded when applied, and an archive whose applied migrations differ from these is
 * refused rather than guessed at. Add a new migration to change the schema.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const appendOnly = (table: string) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'records and revisions',
    sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- This device's signing key. Other devices' public keys live in devices.
CREATE TABLE device_keys (
  device_id TEXT PRIMARY KEY,
  private_key BLOB NOT NULL,
  public_key BLOB NOT NULL,
  created_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  public_key BLOB NOT NULL,
  name TEXT,
  first_seen_ms INTEGER NOT NULL
) STRICT;

-- Immutable revisions. body is the canonical JSON that was hashed into id and signed.
CREATE TABLE revisions (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  record_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
  hlc_time INTEGER NOT NULL,
  hlc_count INTEGER NOT NULL,
  device_id TEXT NOT NULL REFERENCES devices(device_id),
  body TEXT NOT NULL,
  signature BLOB NOT NULL
) STRICT;
CREATE INDEX revisions_by_record ON revisions(record_id);
${appendOnly('revisions')}

-- Parent edges; a parent may arrive after its child when revisions come out of order.
CREATE TABLE revision_parents (
  parent TEXT NOT NULL,
  child TEXT NOT NULL REFERENCES revisions(id),
  PRIMARY KEY (parent, child)
) STRICT, WITHOUT ROWID;
${appendOnly('revision_parents')}

-- Revisions no other revision names as a parent, per record.
CREATE TABLE leaves (
  record_id TEXT NOT NULL,
  revision_id TEXT NOT NULL REFERENCES revisions(id),
  PRIMARY KEY (record_id, revision_id)
) STRICT, WITHOUT ROWID;

-- The current value of each record, chosen from its leaves; derived, checked by verify.
CREATE TABLE records (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  revision_id TEXT NOT NULL REFERENCES revisions(id),
  deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
  conflict INTEGER NOT NULL CHECK (conflict IN (0, 1)),
  title TEXT NOT NULL,
  data TEXT,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX records_live_by_type ON records(type, id) WHERE deleted = 0;
CREATE INDEX records_in_conflict ON records(id) WHERE conflict = 1;
`,
  },
  {
    version: 2,
    name: 'attachments',
    sql: `
-- Content-addressed attachments, stored in chunks so they stream in and out.
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  chunk_count INTEGER NOT NULL,
  created_ms INTEGER NOT NULL
) STRICT;

-- blob_key is the blob's sha256, or 'staging:<random>' while a stream is still arriving.
CREATE TABLE blob_chunks (
  id INTEGER PRIMARY KEY,
  blob_key TEXT NOT NULL,
  idx INTEGER NOT NULL,
  data BLOB NOT NULL,
  UNIQUE (blob_key, idx)
) STRICT;
`,
  },
  {
    version: 3,
    name: 'audit log',
    sql: `
-- Append-only, hash-chained: hash = sha256(prev_hash || canonical entry).
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  action TEXT NOT NULL,
  device_id TEXT NOT NULL,
  record_id TEXT,
  revision_id TEXT,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
${appendOnly('audit')}
`,
  },
  {
    version: 4,
    name: 'search index',
    sql: `
-- One row per live record: what search filters on, and the record's number in the index.
-- A passage's id is (rk << 16) | n, so hits group by record without a join.
-- indexed_seq grows with every (re)indexing: "records indexed after N" is what changed since N.
CREATE TABLE search_records (
  rk INTEGER PRIMARY KEY,
  record_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  country TEXT,
  sensitivity TEXT,
  date_start TEXT,
  date_end TEXT,
  indexed_seq INTEGER NOT NULL
) STRICT;
CREATE INDEX search_records_by_type ON search_records(type);
CREATE INDEX search_records_by_seq ON search_records(indexed_seq);
CREATE TABLE search_record_tags (
  tag TEXT NOT NULL,
  rk INTEGER NOT NULL,
  PRIMARY KEY (tag, rk)
) STRICT, WITHOUT ROWID;
CREATE INDEX search_record_tags_by_record ON search_record_tags(rk);

-- Searchable passages of each record's current value; derived, rebuilt by reindex.
CREATE TABLE passages (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('head', 'body')),
  text TEXT NOT NULL,
  anchor TEXT NOT NULL
) STRICT;

-- Each passage indexed twice, under the passage's id: folded (see db/search/fold-word.ts),
-- which every search matches and ranks on, and as written (unicode61, diacritics removed),
-- which ranks exact spellings first. A record's head passage (title, names) is number 0.
CREATE VIRTUAL TABLE passage_folded USING fts5(
  text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE passage_written USING fts5(
  text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE passage_terms USING fts5vocab(passage_folded, 'row');

-- Names that mean the same, applied at query time. Spellings that fold alike share a group.
CREATE TABLE search_aliases (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL,
  term TEXT NOT NULL UNIQUE,
  folded TEXT NOT NULL
) STRICT;
CREATE INDEX search_aliases_by_group ON search_aliases(group_id);
CREATE INDEX search_aliases_by_folded ON search_aliases(folded);

-- In-memory search structures saved so that unlocking does not rebuild them.
CREATE TABLE search_snapshots (
  name TEXT PRIMARY KEY,
  watermark INTEGER NOT NULL,
  data BLOB NOT NULL
) STRICT;
`,
  },
  {
    version: 5,
    name: 'imported files',
    sql: `
CREATE TABLE imported_files (
  sha256 TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  record_ids TEXT NOT NULL,
  imported_ms INTEGER NOT NULL
) STRICT;
`,
  },
  {
    version: 6,
    name: 'bundles',
    sql: `
-- This archive's age identity (X25519), to which teammates address bundles. Created on first use.
CREATE TABLE bundle_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  age_identity TEXT NOT NULL,
  age_recipient TEXT NOT NULL,
  created_ms INTEGER NOT NULL
) STRICT;

-- What each peer has been sent: revisions up to last_seq, under the given filters.
CREATE TABLE bundle_peers (
  peer TEXT NOT NULL,
  filters TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  sent_ms INTEGER NOT NULL,
  PRIMARY KEY (peer, filters)
) STRICT, WITHOUT ROWID;

-- Bundles applied here, so that the same bundle imported again is recognised.
CREATE TABLE bundles_received (
  bundle_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  summary TEXT NOT NULL
) STRICT;
`,
  },
  {
    version: 7,
    name: 'hearings and notes by parent',
    sql: `
-- Hearing mode lists a trial's hearings and a hearing's notes as the observer types.
CREATE INDEX records_hearings_by_trial ON records(json_extract(data, '$.trial'), id) WHERE deleted = 0 AND type = 'hearing';
CREATE INDEX records_notes_by_hearing ON records(json_extract(data, '$.hearing'), id) WHERE deleted = 0 AND type = 'note';
`,
  },
  {
    version: 8,
    name: 'drafts',
    sql: `
-- Text being typed (hearing mode's note field), so a crash loses nothing. This device's only: not synced.
CREATE TABLE drafts (
  key TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  updated_ms INTEGER NOT NULL
) STRICT;
`,
  },
  {
    version: 9,
    name: 'team contacts',
    sql: `
-- The team members bundles are addressed to: a name, the fingerprint they read out, their age recipient.
CREATE TABLE team_contacts (
  recipient TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  fingerprint TEXT,
  added_ms INTEGER NOT NULL
) STRICT;
`,
  },
  {
    version: 10,
    name: 'full-text index without passage sizes',
    sql: `
-- Ranking no longer reads each matching passage's size (half the time of a search): passages
-- are paragraphs and pages of bounded length, so bm25 runs without length normalisation.
-- Without contentless_delete, a passage is removed by naming its words again (from passages).
-- The new tables start empty; the search index is rebuilt when the archive is next opened.
DROP TABLE passage_terms;
DROP TABLE passage_folded;
DROP TABLE passage_written;
CREATE VIRTUAL TABLE passage_folded USING fts5(
  text, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE passage_written USING fts5(
  text, content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE passage_terms USING fts5vocab(passage_folded, 'row');
DELETE FROM meta WHERE key = 'search_index_version';
`,
  },
  {
    version: 11,
    name: 'sync folders',
    sql: `
-- What vigil sync knows of each shared folder (by its real path): the other devices' bundles
-- it has read there, or refused as damaged (kept by content hash, so a bad file is not read
-- again until it changes), and this device's own bundle as last written there, so that each
-- folder gets what it has not yet been given and a damaged copy of it is written again.
CREATE TABLE sync_folder_files (
  folder TEXT NOT NULL,
  file TEXT NOT NULL,
  stamp TEXT NOT NULL,
  damaged_sha256 TEXT,
  damage TEXT,
  checked_ms INTEGER NOT NULL,
  PRIMARY KEY (folder, file)
) STRICT, WITHOUT ROWID;
CREATE TABLE sync_folder_own (
  folder TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL,
  stamp TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  locked_to TEXT NOT NULL,
  written_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
-- Replaced by sync_folder_files: what was seen was kept per device, whatever the folder.
DELETE FROM meta WHERE key LIKE 'sync_seen:%';
`,
  },
  {
    version: 12,
    name: 'signed audit head',
    sql: `
-- The audit chain's newest entry, signed by this device's key at every append: an unkeyed
-- chain could lose its last entries, or be rewritten whole, and still verify. Archives from
-- before have their head signed when next unlocked.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  device_id TEXT NOT NULL,
  signature BLOB NOT NULL
) STRICT;
`,
  },
  {
    version: 13,
    name: 'record references',
    sql: `
-- Which live record names which (a link, a hearing's trial, a defendant's detainee record, a
-- source's report), by field: what a record's "Linked from" reads without scanning every
-- value. Kept with each record's current value; filled for existing records when the archive
-- is next opened (meta record_refs_version).
CREATE TABLE record_refs (
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  field TEXT NOT NULL,
  PRIMARY KEY (source, target, field)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_refs_target ON record_refs (target);
`,
  },
  {
    version: 14,
    name: 'no as-written full-text index',
    sql: `
-- Search ranks a word matched as typed above its other spellings by reading the leading
-- passages again (db/search/rank-passages.ts), not with a second full-text index of every
-- passage as written: that index cost half of indexing time and a third of the index's size.
DROP TABLE passage_written;
`,
  },
  {
    version: 15,
    name: 'archive concepts',
    sql: `
-- The concepts a question widens to (forced confession = confessions extracted = признательные
-- показания под принуждением), the archive's own to edit like its aliases: seeded with the
-- concepts Vigil ships when the archive is next opened (meta search_concepts_seeded), and
-- ranked below the query's own words and its aliases.
CREATE TABLE search_concepts (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL,
  term TEXT NOT NULL UNIQUE,
  folded TEXT NOT NULL
) STRICT;
CREATE INDEX search_concepts_by_group ON search_concepts(group_id);
CREATE INDEX search_concepts_by_folded ON search_concepts(folded);
`,
  },
  {
    version: 16,
    name: 'search words as records',
    sql: `
-- Aliases and concepts become search-words records, signed and carried in bundles like any
-- record; search combines them with the groups Vigil ships. A migration cannot sign, so the
-- tables' rows wait in meta (legacy_search_words) until the archive is opened, when what the
-- team had changed becomes records (db/search/edit-search-words.ts) and the key is deleted.
INSERT INTO meta (key, value)
SELECT 'legacy_search_words', json_object(
  'aliases', (SELECT json_group_array(json_array(group_id, term)) FROM (SELECT group_id, term FROM search_aliases ORDER BY group_id, id)),
  'concepts', (SELECT json_group_array(json_array(group_id, term)) FROM (SELECT group_id, term FROM search_concepts ORDER BY group_id, id)))
WHERE EXISTS (SELECT 1 FROM search_aliases) OR EXISTS (SELECT 1 FROM search_concepts);
DROP TABLE search_aliases;
DROP TABLE search_concepts;
`,
  },
  {
    version: 17,
    name: 'defined field values',
    sql: `
-- The values of the fields an organisation defined, for filters such as conditions:overcrowding:
-- a chosen term's key, yes or no, a number, a text or a place's name in lower case. Written with
-- the record's passages (db/search/search-index.ts), so it is current in the same transaction.
-- The record's row lists what it wrote (defined_values, JSON), so they are removed by key
-- without a second index to keep on every write.
CREATE TABLE search_record_values (
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  rk INTEGER NOT NULL,
  PRIMARY KEY (field, value, rk)
) STRICT, WITHOUT ROWID;
ALTER TABLE search_records ADD COLUMN defined_values TEXT;
`,
  },
  {
    version: 18,
    name: 'field values in memory',
    sql: `
-- Filters by a defined field read the values each search record lists (search_records.defined_values)
-- into memory (db/search/field-values.ts): the table kept beside them cost every new record a
-- write to a page of its own, which a filter, asked far less often, does not need.
DROP TABLE search_record_values;
`,
  },
];

export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(`${migration.version}\n${migration.name}\n${migration.sql}`).digest('hex');
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Checks the applied migrations against `list`, then applies the missing ones, each in its
 * own transaction. Refuses archives from a newer Vigil or with a migration that differs.
 */
export function migrate(db: SqliteDatabase, list: readonly Migration[] = migrations): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_ms INTEGER NOT NULL
  ) STRICT`);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  checkApplied(applied, list);
  const done: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_ms) VALUES (?, ?, ?, ?)');
  const writes = new UnitOfWork(db);
  for (const migration of list.slice(applied.length)) {
    writes.write(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, migrationChecksum(migration), Date.now());
    });
    done.push(migration.version);
  }
  return { applied: done };
}

export function checkApplied(applied: readonly AppliedRow[], list: readonly Migration[]): void {
  const latest = list.at(-1)?.version ?? 0;
  applied.forEach((row, i) => {
    const expected = list[i];
    if (row.version !== i + 1) {
      throw new VigilError('schema_mismatch', `the archive's schema history is broken at migration ${i + 1} (found ${row.version})`);
    }
    if (!expected) {
      throw new VigilError('schema_mismatch', `this archive was written by a newer Vigil (schema ${applied.at(-1)!.version}, this Vigil knows ${latest}): update Vigil`);
    }
    if (row.checksum !== migrationChecksum(expected)) {
      throw new VigilError('schema_mismatch', `the archive's migration ${row.version} ("${row.name}") does not match this Vigil's: refusing to open it`);
    }
  });
}
