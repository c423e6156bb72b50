import type { RecordType } from '../records/schemas.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import { AliasTable } from './aliases.js';
import { foldText } from './fold-word.js';
import { passagesOf } from './passages.js';
import { QuickFind, type QuickFindHit } from './quick-find.js';
import { dateSpanOf } from './record-dates.js';
import { runSearch, type SearchRequest, type SearchResults } from './run-search.js';
import { TypoVocabulary } from './typo-vocabulary.js';

/**
 * The search index of an archive: passages of every live record, indexed as written and
 * folded in FTS5, plus the filter columns. It is updated in the same transaction as the
 * record change that causes it, so a search never sees half a record.
 *
 * Bump `searchIndexVersion` when folding, passages or repair rules change: archives indexed
 * under another version are reindexed when they are opened.
 */
export const searchIndexVersion = 1;

export class SearchIndex {
  readonly aliases: AliasTable;
  readonly #db: SqliteDatabase;
  readonly #vocabulary: TypoVocabulary;
  readonly #quickFind: QuickFind;
  readonly #sql;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.aliases = new AliasTable(db);
    this.#vocabulary = new TypoVocabulary(db);
    this.#quickFind = new QuickFind(db, () => this.aliases.byKey());
    this.#sql = {
      passageIds: db.prepare('SELECT id FROM passages WHERE record_id = ?').pluck(),
      unindex: db.prepare('DELETE FROM passage_index WHERE rowid = ?'),
      dropPassages: db.prepare('DELETE FROM passages WHERE record_id = ?'),
      dropRecord: db.prepare('DELETE FROM search_records WHERE record_id = ?'),
      dropTags: db.prepare('DELETE FROM search_record_tags WHERE record_id = ?'),
      insertPassage: db.prepare('INSERT INTO passages (record_id, kind, text, anchor) VALUES (?, ?, ?, ?)'),
      indexPassage: db.prepare('INSERT INTO passage_index (rowid, head, body, head_folded, body_folded) VALUES (?, ?, ?, ?, ?)'),
      insertRecord: db.prepare('INSERT INTO search_records (record_id, type, country, sensitivity, date_start, date_end) VALUES (?, ?, ?, ?, ?, ?)'),
      insertTag: db.prepare('INSERT OR IGNORE INTO search_record_tags (tag, record_id) VALUES (?, ?)'),
      version: db.prepare(`SELECT value FROM meta WHERE key = 'search_index_version'`).pluck(),
      setVersion: db.prepare(`INSERT INTO meta (key, value) VALUES ('search_index_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    };
  }

  /** Reindexes everything if the archive was indexed under other rules (or never). */
  ensureCurrent(): { rebuilt: boolean } {
    if (this.#sql.version.get() === String(searchIndexVersion)) return { rebuilt: false };
    this.rebuild();
    return { rebuilt: true };
  }

  /** Brings one record's passages and filters in line with its current value (null: gone). */
  indexRecord(recordId: string, type: RecordType, data: Record<string, unknown> | null): void {
    for (const id of this.#sql.passageIds.all(recordId) as number[]) this.#sql.unindex.run(id);
    this.#sql.dropPassages.run(recordId);
    this.#sql.dropRecord.run(recordId);
    this.#sql.dropTags.run(recordId);
    if (!data) return;
    for (const passage of passagesOf(type, data)) {
      const { lastInsertRowid } = this.#sql.insertPassage.run(recordId, passage.kind, passage.text, JSON.stringify(passage.anchor));
      const folded = foldText(passage.text);
      if (passage.kind === 'head') this.#sql.indexPassage.run(lastInsertRowid, passage.text, '', folded, '');
      else this.#sql.indexPassage.run(lastInsertRowid, '', passage.text, '', folded);
    }
    const span = dateSpanOf(type, data);
    const country = typeof data.country === 'string' ? data.country : null;
    const sensitivity = typeof data.sensitivity === 'string' ? data.sensitivity : 'restricted';
    this.#sql.insertRecord.run(recordId, type, country, sensitivity, span?.start ?? null, span?.end ?? null);
    if (Array.isArray(data.tags)) for (const tag of data.tags) if (typeof tag === 'string') this.#sql.insertTag.run(tag.trim().toLowerCase(), recordId);
  }

  /** Drops and rebuilds the whole index from the records' current values, in one transaction. */
  rebuild(): { records: number; passages: number } {
    const result = this.#db.transaction(() => {
      this.#db.exec(`DELETE FROM passage_index; DELETE FROM passages; DELETE FROM search_records; DELETE FROM search_record_tags; DELETE FROM search_snapshots;`);
      let records = 0;
      const rows = this.#db.prepare('SELECT id, type, data FROM records WHERE deleted = 0').all() as { id: string; type: RecordType; data: string }[];
      for (const row of rows) {
        this.indexRecord(row.id, row.type, JSON.parse(row.data) as Record<string, unknown>);
        records++;
      }
      this.aliases.seedStarterSet();
      this.#sql.setVersion.run(String(searchIndexVersion));
      return { records, passages: this.#db.prepare('SELECT count(*) FROM passages').pluck().get() as number };
    }).immediate();
    this.#vocabulary.reset();
    this.#quickFind.invalidate();
    return result;
  }

  search(request: SearchRequest): SearchResults {
    return runSearch(this.#db, request, { aliases: this.aliases.byKey(), vocabulary: this.#vocabulary });
  }

  find(text: string, limit?: number): QuickFindHit[] {
    return this.#quickFind.find(text, limit);
  }

  addAlias(term: string, synonyms: string[]) {
    const group = this.aliases.add(term, synonyms);
    this.#quickFind.invalidate();
    return group;
  }

  removeAlias(term: string): boolean {
    const removed = this.aliases.remove(term);
    if (removed) this.#quickFind.invalidate();
    return removed;
  }
}
