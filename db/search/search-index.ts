import { recordTypes, type RecordType } from '../shared/schemas.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { archiveTemplates, type Templates } from '../templates/archive-templates.js';
import { definedForSearch, fieldFilterPrefix, fieldFilterValues } from '../templates/defined-lines.js';
import { FieldValues } from './field-values.js';
import { conceptLookup } from './concepts.js';
import { notSearched } from './not-searched.js';
import { combineWordGroups, groupsByKey, shippedWords, type WordChange, type WordGroup, type WordList } from './search-words.js';
import { foldedPassage, maxPassagesPerRecord, prepareRecord, type PreparedRecord } from './prepare-record.js';
import { QuickFind } from './quick-find.js';
import { indexTotals } from './rank-passages.js';
import { RecordFacts } from './record-facts.js';
import { RecordPreparer, type RecordToIndex } from './record-preparer.js';
import { runSearch, type SearchRequest } from './run-search.js';
import type { QuickFindHit, SearchResults } from './search-results.js';
import { TypoVocabulary } from './typo-vocabulary.js';
import { recordSql } from '../records/record-sql.js';
import { countMetaValue, readMetaValue, setMetaValue } from '../store/meta-values.js';

/**
 * The search index of an archive: passages of every live record, indexed as written and
 * folded in FTS5, plus the filter columns. It is updated in the same transaction as the
 * record change that causes it, so a search never sees half a record.
 *
 * Bump `searchIndexVersion` when folding, passages or repair rules change: archives indexed
 * under another version are reindexed when they are opened.
 */
export const searchIndexVersion = 4;

export class SearchIndex {
  readonly #db: SqliteDatabase;
  readonly #writes: UnitOfWork;
  readonly #vocabulary: TypoVocabulary;
  readonly #quickFind: QuickFind;
  readonly #facts: RecordFacts;
  readonly #fieldValues: FieldValues;
  readonly #sql;
  /** The search-words records' state when the groups below were combined: another program (the CLI beside the app, a bundle) may change them. */
  #wordsState: string | undefined;
  #words: { aliases: WordGroup[]; concepts: WordGroup[]; aliasMap: Map<string, string[]>; conceptLookup: (term: string) => string[] | undefined } | undefined;
  /**
   * FTS5 writes waiting for the end of the transaction. FTS5 flushes its in-memory terms to a
   * new segment whenever another statement opens a statement savepoint (an upsert, a foreign
   * key check), so writing them interleaved with the record's rows made a segment per record;
   * written together they make one.
   */
  /** The indexing counter of the open transaction: one step per transaction, not per record. */
  #transactionSeq: number | undefined;
  /** The definitions as read once in this write: nothing but this write can change them before it commits. */
  #templates: Templates | undefined;
  readonly #ftsWrites: { rowid: number; text: string; folded: string | null; remove: boolean }[] = [];

  constructor(db: SqliteDatabase, writes: UnitOfWork) {
    this.#db = db;
    this.#writes = writes;
    // Every write's full-text entries go in just before it commits, and are dropped if it fails.
    writes.follow({
      flush: () => {
        this.#finishWrites();
        this.#templates = undefined;
      },
      discard: () => {
        this.#discardWrites();
        this.#templates = undefined;
      },
    });
    this.#vocabulary = new TypoVocabulary(db, writes);
    this.#quickFind = new QuickFind(db, writes, () => this.#aliases());
    this.#facts = new RecordFacts(db);
    this.#fieldValues = new FieldValues(db);
    this.#sql = {
      rkOf: db.prepare('SELECT rk FROM search_records WHERE record_id = ?').pluck(),
      passageTexts: db.prepare('SELECT id, text FROM passages WHERE id >= ? AND id < ?').raw(),
      // The full-text tables keep no copy of what they index: removing a passage names its words again.
      unindexFolded: db.prepare(`INSERT INTO passage_folded (passage_folded, rowid, text) VALUES ('delete', ?, ?)`),
      dropPassages: db.prepare('DELETE FROM passages WHERE id >= ? AND id < ?'),
      dropRecord: db.prepare('DELETE FROM search_records WHERE rk = ?'),
      dropTags: db.prepare('DELETE FROM search_record_tags WHERE rk = ?'),
      nextRk: db.prepare('SELECT coalesce(max(rk), 0) + 1 FROM search_records').pluck(),
      insertPassage: db.prepare('INSERT INTO passages (id, kind, text, anchor) VALUES (?, ?, ?, ?)'),
      indexFolded: db.prepare('INSERT INTO passage_folded (rowid, text) VALUES (?, ?)'),
      insertRecord: db.prepare(
        'INSERT INTO search_records (rk, record_id, type, country, sensitivity, date_start, date_end, indexed_seq, defined_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertTag: db.prepare('INSERT OR IGNORE INTO search_record_tags (tag, rk) VALUES (?, ?)'),
      wordsState: db.prepare(`SELECT count(*) || ':' || coalesce(group_concat(revision_id), '') FROM records WHERE type = 'search-words' AND deleted = 0`).pluck(),
      wordChanges: db.prepare(`SELECT data FROM records WHERE type = 'search-words' AND deleted = 0 ORDER BY id`).pluck(),
      // FTS5's own record of how many passages it holds and their words (row 1 of its data table).
      indexTotals: db.prepare('SELECT block FROM passage_folded_data WHERE id = 1').pluck(),
    };
  }

  /** Reindexes everything if the archive was indexed under other rules (or never). */
  ensureCurrent(): { rebuilt: boolean } {
    if (readMetaValue(this.#db, 'search_index_version') === String(searchIndexVersion)) return { rebuilt: false };
    this.rebuild();
    return { rebuilt: true };
  }

  /** Brings one record's passages and filters in line with its current value (null: gone); call inside a write. */
  indexRecord(recordId: string, type: RecordType, data: Record<string, unknown> | null, prepared?: PreparedRecord, isNew = false): void {
    if (notSearched.has(type)) {
      this.#templates = undefined;
      if (type === 'field' || type === 'vocabulary') this.#reindexValuesNamedBy(type, data);
      return;
    }
    // Defined values are read here, where the archive's definitions are known.
    const defined = data?.defined !== undefined ? definedForSearch((this.#templates ??= archiveTemplates(this.#db)), type, data.defined) : undefined;
    this.applyPrepared(recordId, data ? (prepared && !defined ? prepared : prepareRecord(type, data, defined)) : null, isNew);
  }

  /**
   * A field or vocabulary changed (a label renamed, a term moved): the records holding its values
   * are indexed again, in the same write, so search reads the new words. A new field has no values
   * yet, so defining fields costs nothing however many records there are.
   */
  #reindexValuesNamedBy(type: 'field' | 'vocabulary', data: Record<string, unknown> | null): void {
    if (!data) return;
    const templates = archiveTemplates(this.#db);
    const fields =
      type === 'field'
        ? templates.fieldsNamed(String(data.key)).filter((f) => f.of === data.of)
        : [...templates.types.keys(), ...recordTypes]
            .flatMap((t) => templates.fieldsOf(t))
            .filter((f) => f.vocabulary === data.key || f.fields?.some((m) => m.vocabulary === data.key));
    for (const field of fields) {
      const rows = this.#db
        .prepare(`SELECT id, type, data FROM records WHERE deleted = 0 AND type = ? AND json_extract(data, ?) IS NOT NULL`)
        .all(field.of, `$.defined."${field.key}"`) as { id: string; type: string; data: string }[];
      for (const row of rows) this.indexRecord(row.id, row.type as RecordType, JSON.parse(row.data) as Record<string, unknown>);
    }
  }

  /** Writes the full-text entries queued by indexRecord and applyPrepared: the unit of work calls it before it commits. */
  #finishWrites(): void {
    for (const write of this.#ftsWrites) {
      if (write.remove) {
        // Folded again as when it was indexed, date terms and all (folding rules only change with the index version).
        this.#sql.unindexFolded.run(write.rowid, foldedPassage(write.text));
      } else {
        this.#sql.indexFolded.run(write.rowid, write.folded!);
      }
    }
    this.#fieldValues.committing();
    this.#ftsWrites.length = 0;
    this.#transactionSeq = undefined;
  }

  /** Forgets queued full-text writes of a write that rolled back. */
  #discardWrites(): void {
    this.#fieldValues.rolledBack();
    this.#ftsWrites.length = 0;
    this.#transactionSeq = undefined;
  }

  /** Writes what prepareRecord computed; call inside a write. */
  applyPrepared(recordId: string, prepared: PreparedRecord | null, isNew = false): void {
    this.#fieldValues.beforeChange();
    const existing = isNew ? undefined : (this.#sql.rkOf.get(recordId) as number | undefined);
    if (existing !== undefined) this.#drop(existing, !prepared);
    if (!prepared) return;
    // A record keeps its number while it lives, so its passages' ids are reused, not grown.
    const rk = existing ?? (this.#sql.nextRk.get() as number);
    this.#sql.insertRecord.run(
      rk,
      recordId,
      prepared.type,
      prepared.country,
      prepared.sensitivity,
      prepared.dateStart,
      prepared.dateEnd,
      (this.#transactionSeq ??= countMetaValue(this.#db, 'search_seq')),
      prepared.values?.length ? JSON.stringify(prepared.values) : null,
    );
    for (const tag of prepared.tags) this.#sql.insertTag.run(tag, rk);
    this.#fieldValues.indexed(rk, recordId, prepared.values);
    prepared.passages.forEach((p, n) => {
      const id = rk * maxPassagesPerRecord + n;
      this.#sql.insertPassage.run(id, p.kind, p.text, p.anchor);
      this.#ftsWrites.push({ rowid: id, folded: p.folded, text: p.text, remove: false });
    });
  }

  #drop(rk: number, deleting = false): void {
    this.#fieldValues.beforeChange();
    this.#fieldValues.dropped(rk);
    if (deleting) countMetaValue(this.#db, 'search_deletions');
    const from = rk * maxPassagesPerRecord;
    const to = from + maxPassagesPerRecord;
    for (const [id, text] of this.#sql.passageTexts.all(from, to) as [number, string][]) this.#ftsWrites.push({ rowid: id, text, folded: null, remove: true });
    this.#sql.dropPassages.run(from, to);
    this.#sql.dropTags.run(rk);
    this.#sql.dropRecord.run(rk);
  }

  /**
   * Indexes many records, a batch per transaction, preparing the next batch on a worker thread
   * while the database writes this one. For bulk work (an import); a single record change
   * goes through indexRecord inside the change's own transaction.
   */
  async indexMany(batches: AsyncIterable<readonly RecordToIndex[]> | Iterable<readonly RecordToIndex[]>): Promise<{ records: number }> {
    const preparer = new RecordPreparer();
    // Bulk mode: checkpoint the WAL less often and let FTS5 merge segments less eagerly; both
    // save rewriting pages that the next batch rewrites anyway. Restored afterwards.
    const checkpointEvery = this.#db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.#db.pragma('wal_autocheckpoint = 10000');
    this.#setAutomerge(8);
    let records = 0;
    let pending: { items: readonly RecordToIndex[]; prepared: Promise<PreparedRecord[]> } | undefined;
    const write = async (job: NonNullable<typeof pending>) => {
      const prepared = await job.prepared;
      this.#writes.write(() => job.items.forEach((item, i) => this.applyPrepared(item.id, prepared[i]!)));
      records += job.items.length;
    };
    try {
      for await (const items of batches) {
        const job = { items, prepared: preparer.prepare(items) };
        if (pending) await write(pending);
        pending = job;
      }
      if (pending) await write(pending);
    } finally {
      await preparer.close();
      this.#setAutomerge(4);
      this.#db.pragma(`wal_autocheckpoint = ${checkpointEvery}`);
    }
    return { records };
  }

  #setAutomerge(segments: number): void {
    this.#writes.write(() => {
      // FTS5 reads its configuration commands' values as literals, not bound parameters.
      for (const table of ['passage_folded']) this.#db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('automerge', ${Math.trunc(segments)})`);
    });
  }

  /** Drops and rebuilds the whole index from the records' current values, in one transaction. */
  rebuild(): { records: number; passages: number } {
    this.#fieldValues.clear();
    const result = this.#writes.write(() => {
      countMetaValue(this.#db, 'search_deletions');
      this.#db.exec(
        `INSERT INTO passage_folded (passage_folded) VALUES ('delete-all'); DELETE FROM passages; DELETE FROM search_records; DELETE FROM search_record_tags; DELETE FROM search_snapshots;`,
      );
      let records = 0;
      for (const row of recordSql(this.#db).liveValues.all()) {
        if (notSearched.has(row.type)) continue;
        this.indexRecord(row.id, row.type as RecordType, JSON.parse(row.data) as Record<string, unknown>);
        records++;
      }
      setMetaValue(this.#db, 'search_index_version', String(searchIndexVersion));
      return { records, passages: this.#db.prepare('SELECT count(*) FROM passages').pluck().get() as number };
    });
    this.#vocabulary.reset();
    this.#facts.reset();
    this.#quickFind.invalidate();
    this.#words = undefined;
    return result;
  }

  search(request: SearchRequest): SearchResults {
    return runSearch(this.#db, request, {
      aliases: this.#aliases(),
      concepts: this.#concepts(),
      vocabulary: this.#vocabulary,
      facts: this.#facts.current(),
      totals: () => indexTotals(this.#sql.indexTotals.get() as Uint8Array | undefined),
      ...this.#definedFilters(),
    });
  }

  /** What the archive's definitions add to search: their types and field keys as filters, and the records a field filter keeps. */
  #definedFilters() {
    const templates = archiveTemplates(this.#db);
    if (!templates.types.size && !templates.hasFields) return {};
    return {
      known: { types: new Set(templates.types.keys()), fields: templates.filterKeys },
      fieldRecords: (field: string, value: string) => this.#fieldValues.records(field, fieldFilterValues(templates, field, value), fieldFilterPrefix(templates, field, value)),
    };
  }

  /** The ids of records whose defined field `field` holds `value` (a term with its narrower terms; text from its start): a list's filter. */
  recordsWithValue(field: string, value: string): string[] {
    const templates = archiveTemplates(this.#db);
    return this.#fieldValues.recordIds(field, fieldFilterValues(templates, field, value), fieldFilterPrefix(templates, field, value));
  }

  find(text: string, limit?: number, types?: readonly RecordType[]): QuickFindHit[] {
    return this.#quickFind.find(text, limit, types);
  }

  /** The groups of one list search uses now: Vigil's shipped groups with the archive's search-words records. */
  wordGroups(list: WordList): WordGroup[] {
    return this.#currentWords()[list];
  }

  #currentWords() {
    const state = this.#sql.wordsState.get() as string;
    if (!this.#words || this.#wordsState !== state) {
      const changes: Record<WordList, WordChange[]> = { aliases: [], concepts: [] };
      for (const json of this.#sql.wordChanges.all() as string[]) {
        const data = JSON.parse(json) as WordChange & { kind?: unknown };
        if (data.kind === 'aliases' || data.kind === 'concepts') changes[data.kind].push(data);
      }
      const aliases = combineWordGroups(shippedWords.aliases, changes.aliases);
      const concepts = combineWordGroups(shippedWords.concepts, changes.concepts);
      this.#words = { aliases, concepts, aliasMap: groupsByKey(aliases), conceptLookup: conceptLookup(concepts.map((g) => g.terms)) };
      this.#wordsState = state;
    }
    return this.#words;
  }

  #aliases(): Map<string, string[]> {
    return this.#currentWords().aliasMap;
  }

  #concepts(): (term: string) => string[] | undefined {
    return this.#currentWords().conceptLookup;
  }
}
