import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../db/store/archive.js';
import { migrate, migrationChecksum, migrations } from '../db/store/migrations.js';
import { openEncryptedDatabase, type SqliteDatabase } from '../db/store/sqlite.js';
import { rowTypesMatchColumns, tableColumns } from '../db/store/table-rows.js';
import { verifyArchive } from '../db/verify-archive.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';

/**
 * Shipped migrations are never edited: their checksums are pinned here. To change the schema,
 * add a migration (and a test of it from the schema before it).
 */
const pinned: Record<number, string> = {
  1: 'de0616f526a725478f38d251324806f6c6a7b8b62b051f4adcbb16d904fc721a',
  2: 'c09e20759de201b602ba00d318bf4a3937ea42b4b08a6e7a817f5cdd0d7f467d',
  3: '1795e068eeeb5a9736cf2b90e7742bce4a2530310c939ad6ed9a70c889fb3428',
  4: 'f93376799d05be077ba9a8c8dd6627975595bdbbf71b255edd82247696eb4215',
  5: 'd650b22f7fd74bbef2b25d165778c78c42705f59bd1d908b00687a848d2198c0',
  6: 'e7bab95a10ad0f6e55175746612e6c3edeb64553859f7989bf679ad10f704272',
  7: 'ec5eab30907145d051d9b0b88f97f9d197586a95cd4ba4fd3bc3a367a47d6d88',
  8: 'b262b00e084bce92e608ccebfd02cf9a38a701af7406066bdf55a2569084f9d0',
  9: 'a0619d56834415fe69e010502da40784e5b8d3450d86298d6f4da413167c00cc',
  10: 'c5ba859e60f654d78f45fa37818c1c7a6157a23577031fdc78a19ed278eb58c9',
  11: 'dfacc999eb8f24293595e4ab7e379259c26bd31ab8c9f90355b1c2e3a47d500c',
  12: '55582b8160ba391016b9162f66711d932a667e5f87b8ec0b7ee86179c9b920b8',
  13: '74adb959773d7380520992bde6923344e08c9c1558b9ee095a47118e4aeb4100',
  14: '9c6b5351426c79141f45bb26cc5e094e1bdda0479fcdf230b91c3adc75cedfe7',
  15: '744ef35586b70f00be2d43f3d6759bb25fde2c1470f3025cc241d8891321da07',
  16: '7ee0f2468656022ee07caae8c1ea83086d465801f180e7d2d3fbcfd572e54f54',
  17: 'd2ed00be120181016327e53e55cb50b1a49d1c8fc07086cc9d1f75f686fa0840',
  18: '9d6e9e0baab869fba9b833cca80617117f5b726b819eae931b31a90b6658ecde',
};

function databaseAt(version: number): SqliteDatabase {
  const db = openEncryptedDatabase(join(tempDir(), 'archive.db'), randomBytes(32), { create: true });
  migrate(db, migrations.slice(0, version));
  return db;
}

/** One note record as schema 1 stores it: its device, its revision and its current value. */
function insertNote(db: SqliteDatabase, id: string, data: Record<string, unknown>): void {
  db.prepare(`INSERT INTO devices VALUES ('d', x'00', NULL, 1)`).run();
  db.prepare(
    `INSERT INTO revisions (id, record_id, record_type, op, hlc_time, hlc_count, device_id, body, signature) VALUES ('rev', ?, 'note', 'put', 1, 0, 'd', '{}', x'00')`,
  ).run(id);
  db.prepare(`INSERT INTO records VALUES (?, 'note', 'rev', 0, 0, 'kept', ?, 1, 1)`).run(id, JSON.stringify(data));
}

function tables(db: SqliteDatabase): string[] {
  return db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
}

describe('migrations', () => {
  it('are numbered 1..n and unchanged since they shipped', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) expect(migrationChecksum(m), `migration ${m.version} was edited`).toBe(pinned[m.version]);
  });

  it('leave every table with exactly the columns its row type names (the full-text index aside)', async () => {
    const { archive } = await newArchive();
    expect(rowTypesMatchColumns).toBe(true);
    const tables = (archive.db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'`).pluck().all() as string[]).filter(
      (name) => !/^passage_(folded|written|terms)/.test(name),
    );
    expect(tables.sort()).toEqual(Object.keys(tableColumns).sort());
    for (const table of tables) {
      const columns = (archive.db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
      expect(columns, table).toEqual(tableColumns[table as keyof typeof tableColumns]);
    }
    archive.close();
  });

  it('1 (records and revisions) creates the record tables on an empty database', () => {
    const db = databaseAt(0);
    migrate(db, migrations.slice(0, 1));
    expect(tables(db)).toEqual(expect.arrayContaining(['meta', 'device_keys', 'devices', 'revisions', 'revision_parents', 'leaves', 'records']));
    expect(() =>
      db.prepare(`INSERT INTO records (id, type, revision_id, deleted, conflict, title, data, created_ms, updated_ms) VALUES ('r', 't', 'missing', 0, 0, '', NULL, 0, 0)`).run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('2 (attachments) adds chunked blobs to a schema-1 database and keeps its records', () => {
    const db = databaseAt(1);
    insertNote(db, 'rec', { title: 'kept' });
    migrate(db, migrations.slice(0, 2));
    expect(tables(db)).toEqual(expect.arrayContaining(['blobs', 'blob_chunks']));
    expect(db.prepare('SELECT title FROM records').pluck().get()).toBe('kept');
    db.prepare(`INSERT INTO blob_chunks (blob_key, idx, data) VALUES ('k', 0, x'0102')`).run();
    expect(() => db.prepare(`INSERT INTO blob_chunks (blob_key, idx, data) VALUES ('k', 0, x'03')`).run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('3 (audit log) adds the append-only audit table to a schema-2 database and keeps its data', () => {
    const db = databaseAt(2);
    db.prepare(`INSERT INTO blobs VALUES ('abc', 2, 1, 1)`).run();
    migrate(db, migrations.slice(0, 3));
    expect(db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(1);
    db.prepare(`INSERT INTO audit VALUES (1, 1, 'unlock', 'd', NULL, NULL, '{}', 'p', 'h')`).run();
    expect(() => db.prepare(`UPDATE audit SET action = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit`).run()).toThrow(/append-only/);
    db.close();
  });

  it('4 (search index) adds passages, the FTS5 index and aliases to a schema-3 database and keeps its data', () => {
    const db = databaseAt(3);
    db.prepare(`INSERT INTO audit VALUES (1, 1, 'unlock', 'd', NULL, NULL, '{}', 'p', 'h')`).run();
    migrate(db, migrations.slice(0, 4));
    expect(db.prepare('SELECT count(*) FROM audit').pluck().get()).toBe(1);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['passages', 'passage_folded', 'passage_written', 'search_records', 'search_record_tags', 'search_aliases', 'search_snapshots']),
    );
    db.prepare(`INSERT INTO passages (id, kind, text, anchor) VALUES (1, 'body', 'Ахметова задержали', '{}')`).run();
    db.prepare(`INSERT INTO passage_written (rowid, text) VALUES (1, 'Ахметова задержали')`).run();
    db.prepare(`INSERT INTO passage_folded (rowid, text) VALUES (1, 'ahmet saderiali')`).run();
    expect(db.prepare(`SELECT rowid FROM passage_written WHERE passage_written MATCH 'ахметова'`).pluck().all()).toEqual([1]);
    expect(db.prepare(`SELECT doc FROM passage_terms WHERE term = 'ahmet'`).pluck().get()).toBe(1);
    db.prepare('DELETE FROM passage_written WHERE rowid = 1').run();
    expect(db.prepare(`SELECT count(*) FROM passage_written WHERE passage_written MATCH 'ахметова'`).pluck().get()).toBe(0);
    db.close();
  });

  it('5 (imported files) adds the record of imported files to a schema-4 database and keeps its data', () => {
    const db = databaseAt(4);
    db.prepare(`INSERT INTO passages (id, kind, text, anchor) VALUES (1, 'body', 'kept', '{}')`).run();
    migrate(db, migrations.slice(0, 5));
    expect(db.prepare('SELECT text FROM passages').pluck().get()).toBe('kept');
    db.prepare(`INSERT INTO imported_files VALUES ('${'a'.repeat(64)}', 'opinion.pdf', 'pdf', '["r"]', 1)`).run();
    expect(() => db.prepare(`INSERT INTO imported_files VALUES ('${'a'.repeat(64)}', 'again.pdf', 'pdf', '["s"]', 2)`).run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('6 (bundles) adds the bundle identity, peers and received bundles to a schema-5 database and keeps its data', () => {
    const db = databaseAt(5);
    db.prepare(`INSERT INTO imported_files VALUES ('${'b'.repeat(64)}', 'list.csv', 'csv', '["r"]', 1)`).run();
    migrate(db, migrations.slice(0, 6));
    expect(db.prepare('SELECT name FROM imported_files').pluck().get()).toBe('list.csv');
    db.prepare(`INSERT INTO bundle_identity VALUES (1, 'AGE-SECRET-KEY-1X', 'age1x', 1)`).run();
    expect(() => db.prepare(`INSERT INTO bundle_identity VALUES (2, 'AGE-SECRET-KEY-1Y', 'age1y', 1)`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO bundle_peers VALUES ('hq', '{}', 10, 1)`).run();
    expect(() => db.prepare(`INSERT INTO bundle_peers VALUES ('hq', '{}', 11, 2)`).run()).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO bundles_received VALUES ('b1', 'd', 1, 2, '{}')`).run();
    expect(() => db.prepare(`INSERT INTO bundles_received VALUES ('b1', 'd', 1, 3, '{}')`).run()).toThrow(/UNIQUE/);
    db.close();
  });

  it("7 (hearings and notes by parent) indexes a trial's hearings and a hearing's notes, used by the lookups", () => {
    const db = databaseAt(6);
    insertNote(db, 'n1', { title: 'kept', hearing: 'h1' });
    migrate(db, migrations.slice(0, 7));
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan(`SELECT * FROM records WHERE deleted = 0 AND type = 'note' AND json_extract(data, '$.hearing') = 'h1' ORDER BY id`)).toMatch(/records_notes_by_hearing/);
    expect(plan(`SELECT * FROM records WHERE deleted = 0 AND type = 'hearing' AND json_extract(data, '$.trial') = 't1' ORDER BY id`)).toMatch(/records_hearings_by_trial/);
    expect(db.prepare(`SELECT title FROM records WHERE deleted = 0 AND type = 'note' AND json_extract(data, '$.hearing') = 'h1'`).pluck().get()).toBe('kept');
    db.close();
  });

  it('8 (drafts) adds a keyed draft table to a schema-7 database and keeps its data', () => {
    const db = databaseAt(7);
    db.prepare(`INSERT INTO bundle_peers VALUES ('hq', '{}', 10, 1)`).run();
    migrate(db, migrations.slice(0, 8));
    expect(db.prepare('SELECT peer FROM bundle_peers').pluck().get()).toBe('hq');
    db.prepare(`INSERT INTO drafts VALUES ('hearing:h1', 'The judge', 1)`).run();
    expect(() => db.prepare(`INSERT INTO drafts VALUES ('hearing:h1', 'again', 2)`).run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('9 (team contacts) adds contacts keyed by recipient to a schema-8 database and keeps its data', () => {
    const db = databaseAt(8);
    db.prepare(`INSERT INTO drafts VALUES ('hearing:h1', 'kept', 1)`).run();
    migrate(db, migrations.slice(0, 9));
    expect(db.prepare('SELECT text FROM drafts').pluck().get()).toBe('kept');
    db.prepare(`INSERT INTO team_contacts VALUES ('age1x', 'Aigerim', NULL, 1)`).run();
    expect(() => db.prepare(`INSERT INTO team_contacts VALUES ('age1x', 'Other', NULL, 2)`).run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('10 (full-text index without passage sizes) recreates the FTS5 tables empty, keeps passages, and asks for a reindex', () => {
    const db = databaseAt(9);
    db.prepare(`INSERT INTO passages (id, kind, text, anchor) VALUES (1, 'body', 'Ахметова задержали', '{}')`).run();
    db.prepare(`INSERT INTO passage_folded (rowid, text) VALUES (1, 'ahmet saderiali')`).run();
    db.prepare(`INSERT INTO meta (key, value) VALUES ('search_index_version', '1')`).run();
    migrate(db, migrations.slice(0, 10));
    expect(db.prepare('SELECT text FROM passages').pluck().get()).toBe('Ахметова задержали');
    expect(db.prepare(`SELECT count(*) FROM passage_folded WHERE passage_folded MATCH 'ahmet'`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'search_index_version'`).pluck().get()).toBeUndefined();
    expect(tables(db)).not.toContain('passage_folded_docsize');
    // No length normalisation: one mention ranks the same in a short and a long passage.
    const insert = db.prepare('INSERT INTO passage_folded (rowid, text) VALUES (?, ?)');
    insert.run(1, 'ahmet saderiali');
    insert.run(2, `ahmet ${'sud '.repeat(300)}`);
    const [short, long] = db.prepare(`SELECT bm25(passage_folded) FROM passage_folded WHERE passage_folded MATCH 'ahmet' ORDER BY rowid`).pluck().all() as number[];
    expect(short).toBe(long);
    // Removing names the words again.
    db.prepare(`INSERT INTO passage_folded (passage_folded, rowid, text) VALUES ('delete', 1, 'ahmet saderiali')`).run();
    expect(db.prepare(`SELECT rowid FROM passage_folded WHERE passage_folded MATCH 'ahmet'`).pluck().all()).toEqual([2]);
    expect(db.prepare(`SELECT doc FROM passage_terms WHERE term = 'ahmet'`).pluck().get()).toBe(1);
    db.close();
  });

  it('11 (sync folders) adds what sync knows of each folder to a schema-10 database and drops the per-device stamps', () => {
    const db = databaseAt(10);
    db.prepare(`INSERT INTO meta VALUES ('sync_seen:0123', '10:5'), ('archive_id', 'kept')`).run();
    migrate(db, migrations.slice(0, 11));
    expect(db.prepare(`SELECT key FROM meta ORDER BY key`).pluck().all()).toEqual(['archive_id']);
    db.prepare(`INSERT INTO sync_folder_files VALUES ('/media/stick', 'a.vigil', '10:5', NULL, NULL, 1)`).run();
    expect(() => db.prepare(`INSERT INTO sync_folder_files VALUES ('/media/stick', 'a.vigil', '11:6', NULL, NULL, 2)`).run()).toThrow(/UNIQUE|PRIMARY/);
    db.prepare(`INSERT INTO sync_folder_own VALUES ('/media/stick', 3, '10:5', 'ab', 'to:age1x', 1)`).run();
    expect(() => db.prepare(`INSERT INTO sync_folder_own VALUES ('/media/stick', 'x', '10:5', 'ab', 'to:age1x', 1)`).run()).toThrow(/cannot store TEXT|datatype/);
    db.close();
  });

  it('12 (signed audit head) adds the one-row head table to a schema-11 database; an older archive has its head signed when next unlocked', async () => {
    const db = databaseAt(11);
    migrate(db, migrations.slice(0, 12));
    db.prepare(`INSERT INTO audit_head VALUES (1, 5, 'ab', 'dev', x'00')`).run();
    expect(() => db.prepare(`INSERT INTO audit_head VALUES (2, 5, 'ab', 'dev', x'00')`).run()).toThrow(/CHECK/);
    db.close();
    const { dir, archive } = await newArchive();
    archive.db.prepare('DELETE FROM audit_head').run();
    archive.close();
    const reopened = await openArchive(dir, { passphrase });
    expect(reopened.db.prepare('SELECT seq FROM audit_head').pluck().get()).toBe(reopened.db.prepare('SELECT max(seq) FROM audit').pluck().get());
    expect(verifyArchive(reopened).ok).toBe(true);
    reopened.close();
  });

  it('13 (record references) adds who-names-whom to a schema-12 database, one row per record, field and target', () => {
    const db = databaseAt(12);
    migrate(db, migrations.slice(0, 13));
    db.prepare(`INSERT INTO record_refs VALUES ('a', 'b', 'trial')`).run();
    expect(() => db.prepare(`INSERT INTO record_refs VALUES ('a', 'b', 'trial')`).run()).toThrow(/UNIQUE/);
    expect(db.prepare(`SELECT source FROM record_refs WHERE target = 'b'`).pluck().all()).toEqual(['a']);
    db.close();
  });

  it('14 (no as-written full-text index) drops the as-written index and keeps the folded one and the passages', () => {
    const db = databaseAt(13);
    db.prepare(`INSERT INTO passages (id, kind, text, anchor) VALUES (1, 'body', 'Zhanaozen', '{}')`).run();
    db.prepare(`INSERT INTO passage_folded (rowid, text) VALUES (1, 'janaosen')`).run();
    migrate(db, migrations.slice(0, 14));
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    expect(tables).not.toContain('passage_written');
    expect(db.prepare(`SELECT rowid FROM passage_folded WHERE passage_folded MATCH 'janaosen'`).pluck().all()).toEqual([1]);
    expect(db.prepare('SELECT text FROM passages').pluck().all()).toEqual(['Zhanaozen']);
    db.close();
  });

  it('15 (archive concepts) adds the concepts table beside the aliases, one group per term', () => {
    const db = databaseAt(14);
    migrate(db, migrations.slice(0, 15));
    db.prepare(`INSERT INTO search_concepts (group_id, term, folded) VALUES (1, 'death penalty', 'death penalti'), (1, 'смертная казнь', 'smertnaia kasn')`).run();
    expect(() => db.prepare(`INSERT INTO search_concepts (group_id, term, folded) VALUES (2, 'death penalty', 'death penalti')`).run()).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT term FROM search_concepts WHERE group_id = 1 ORDER BY id').pluck().all()).toEqual(['death penalty', 'смертная казнь']);
    db.close();
  });

  it('16 (search words as records) keeps the alias and concept tables’ rows in meta for the archive to turn into records, and drops the tables', async () => {
    const db = databaseAt(15);
    db.prepare(
      `INSERT INTO search_aliases (group_id, term, folded) VALUES (1, 'KNB', 'knb'), (1, 'КНБ', 'knb'), (2, 'ДП', 'dp'), (2, 'police department', 'police department')`,
    ).run();
    db.prepare(`INSERT INTO search_concepts (group_id, term, folded) VALUES (7, 'glass box', 'glass box'), (7, 'cage', 'cage')`).run();
    migrate(db, migrations.slice(0, 16));
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    expect(tables).not.toContain('search_aliases');
    expect(tables).not.toContain('search_concepts');
    const saved = JSON.parse(db.prepare(`SELECT value FROM meta WHERE key = 'legacy_search_words'`).pluck().get() as string) as Record<string, unknown>;
    const rows = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as unknown;
    expect(rows(saved.aliases)).toEqual([
      [1, 'KNB'],
      [1, 'КНБ'],
      [2, 'ДП'],
      [2, 'police department'],
    ]);
    expect(rows(saved.concepts)).toEqual([
      [7, 'glass box'],
      [7, 'cage'],
    ]);
    db.close();
    // Empty tables (a new archive's) leave nothing behind.
    const empty = databaseAt(15);
    migrate(empty, migrations.slice(0, 16));
    expect(empty.prepare(`SELECT count(*) FROM meta WHERE key = 'legacy_search_words'`).pluck().get()).toBe(0);
    empty.close();
  });

  it('16: an archive opened with the tables’ rows in meta turns what the team changed into records, once', async () => {
    const { dir, archive } = await newArchive();
    const shippedDeathPenalty = archive.search.wordGroups('concepts').find((g) => g.terms.includes('death penalty'))!.terms;
    // As migration 16 leaves a team's tables: an alias group of its own, a shipped alias group as seeded, and a shipped concept with one term removed.
    const concepts = shippedDeathPenalty.filter((t) => t !== 'capital punishment').map((t) => [3, t]);
    const knb = archive.search.wordGroups('aliases').find((g) => g.terms.includes('KNB'))!.terms;
    const aliases = [...knb.map((t) => [1, t]), [2, 'ДП'], [2, 'police department']];
    archive.db.prepare(`INSERT INTO meta (key, value) VALUES ('legacy_search_words', ?)`).run(JSON.stringify({ aliases, concepts: JSON.stringify(concepts) }));
    archive.close();
    const again = await openArchive(dir, { passphrase });
    expect(again.db.prepare(`SELECT count(*) FROM meta WHERE key = 'legacy_search_words'`).pluck().get()).toBe(0);
    expect(again.records.list({ type: 'search-words' })).toHaveLength(2);
    expect(again.search.wordGroups('aliases').find((g) => g.terms.includes('ДП'))!.terms).toEqual(['ДП', 'police department']);
    expect(again.search.wordGroups('concepts').find((g) => g.terms.includes('death penalty'))!.terms).not.toContain('capital punishment');
    again.close();
    const third = await openArchive(dir, { passphrase });
    expect(third.records.list({ type: 'search-words' })).toHaveLength(2);
    third.close();
  });

  it('17 (defined field values) adds the table field filters read, one row per field, value and record', () => {
    const db = databaseAt(16);
    migrate(db, migrations.slice(0, 17));
    db.prepare(`INSERT INTO search_record_values (field, value, rk) VALUES ('conditions', 'no-bed', 1), ('conditions', 'no-bed', 2)`).run();
    expect(() => db.prepare(`INSERT INTO search_record_values (field, value, rk) VALUES ('conditions', 'no-bed', 1)`).run()).toThrow(/UNIQUE|PRIMARY/);
    expect(db.prepare(`SELECT rk FROM search_record_values WHERE field = 'conditions' AND value = 'no-bed' ORDER BY rk`).pluck().all()).toEqual([1, 2]);
    db.close();
  });

  it('18 (field values in memory) drops the table of field values, keeping the values each search record lists', () => {
    const db = databaseAt(17);
    db.prepare(`INSERT INTO search_record_values (field, value, rk) VALUES ('conditions', 'no-bed', 1)`).run();
    migrate(db, migrations.slice(0, 18));
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'search_record_values'`).pluck().get()).toBe(0);
    expect(db.prepare('SELECT defined_values FROM search_records').all()).toEqual([]);
    db.close();
  });

  it('applying them again changes nothing', () => {
    const db = databaseAt(migrations.length);
    expect(migrate(db).applied).toEqual([]);
    db.close();
  });

  it('refuses an archive whose applied migrations differ from this version\u2019s, or that is newer', async () => {
    const { dir, archive } = await newArchive();
    archive.db.prepare(`UPDATE schema_migrations SET checksum = 'edited' WHERE version = 2`).run();
    archive.close();
    await expect(openArchive(dir, { passphrase })).rejects.toMatchObject({ code: 'schema_mismatch', message: expect.stringMatching(/migration 2 .* does not match/) });

    const newer = await newArchive();
    newer.archive.db.prepare(`INSERT INTO schema_migrations VALUES (?, 'from the future', 'x', 1)`).run(migrations.length + 1);
    newer.archive.close();
    await expect(openArchive(newer.dir, { passphrase })).rejects.toMatchObject({ code: 'schema_mismatch', message: expect.stringMatching(/newer Vigil/) });
  });
});
