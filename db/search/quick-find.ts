import MiniSearch from 'minisearch';
import type { RecordType } from '../shared/schemas.js';
import { notSearched } from './not-searched.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { aliasKey } from './aliases.js';
import { foldPrefix } from './fold-word.js';
import type { QuickFindHit } from './search-results.js';
import { dropSnapshot, loadIndexSnapshot, saveIndexSnapshot, type SnapshotName } from './snapshots.js';
import { tokenize } from './tokenize.js';
import { recordSql } from '../records/record-sql.js';

interface QuickDoc {
  id: string;
  type: string;
  title: string;
  names: string;
  numbers: string;
  aliases: string;
}

const snapshot: SnapshotName = { name: 'quick-find', version: 2 };
const options = {
  fields: ['title', 'names', 'numbers', 'aliases'],
  storeFields: ['type', 'title'],
  tokenize: (text: string) => tokenize(text).map((t) => t.word),
  processTerm: (term: string) => foldPrefix(term) || null,
};

/**
 * Type-ahead over titles, names and their variants, case and document numbers, and the
 * aliases of what they name: prefix and typo tolerant, folded like the index, so typing
 * "Жаксыбеков" finds Zhaksybekov. Kept in memory, saved encrypted, caught up by revision.
 */
export class QuickFind {
  readonly #db: SqliteDatabase;
  readonly #writes: UnitOfWork;
  readonly #aliases: () => Map<string, string[]>;
  #index: MiniSearch<QuickDoc> | undefined;
  #watermark = 0;

  constructor(db: SqliteDatabase, writes: UnitOfWork, aliases: () => Map<string, string[]>) {
    this.#db = db;
    this.#writes = writes;
    this.#aliases = aliases;
  }

  /** `types`: only records of these types (a form's picker for a hearing's trial offers trials). */
  find(text: string, limit = 10, types?: readonly RecordType[]): QuickFindHit[] {
    const index = this.#current();
    const hits = index.search(text, {
      ...(types?.length ? { filter: (hit) => types.includes(hit.type as RecordType) } : {}),
      // A one- or two-letter folded stub ("Zh" folds to "j") would score most of the index;
      // numbers complete from two digits on ("12" finds case 1207).
      prefix: (term) => term.length >= 3 || (term.length === 2 && /\d/.test(term)),
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      boost: { title: 3, names: 2, numbers: 2 },
      combineWith: 'AND',
    });
    return hits.slice(0, limit).map((h) => ({ id: h.id as string, type: h.type as RecordType, title: h.title as string, score: h.score }));
  }

  /** Aliases changed: every document's alias field may be stale. */
  invalidate(): void {
    this.#index = undefined;
    dropSnapshot(this.#db, this.#writes, snapshot.name);
  }

  #current(): MiniSearch<QuickDoc> {
    const seq = recordSql(this.#db).lastSeq.get()!;
    if (!this.#index) this.#load(seq);
    else if (this.#watermark < seq) this.#catchUp(seq);
    return this.#index!;
  }

  #load(seq: number): void {
    const saved = loadIndexSnapshot<QuickDoc>(this.#db, snapshot, options);
    if (!saved) return this.#build(seq);
    ({ index: this.#index, watermark: this.#watermark } = saved);
    if (this.#watermark < seq) this.#catchUp(seq);
  }

  #build(seq: number): void {
    const index = new MiniSearch<QuickDoc>(options);
    const aliases = this.#aliases();
    for (const row of recordSql(this.#db).liveValues.iterate()) {
      if (notSearched.has(row.type)) continue;
      index.add(docOf(row.id, row.type, JSON.parse(row.data) as Record<string, unknown>, aliases));
    }
    this.#index = index;
    this.#watermark = seq;
    this.#save();
  }

  #catchUp(seq: number): void {
    const index = this.#index!;
    const aliases = this.#aliases();
    const sql = recordSql(this.#db);
    const changed = sql.recordsChangedAfter.all(this.#watermark);
    // Changed search words (here, from the CLI or from a bundle) may change any record's aliases.
    if (changed.some((id) => sql.titleOf.get(id)?.type === 'search-words')) {
      dropSnapshot(this.#db, this.#writes, snapshot.name);
      return this.#build(seq);
    }
    for (const id of changed) {
      if (index.has(id)) index.discard(id);
      const row = sql.record.get(id);
      if (row && !row.deleted && row.data && !notSearched.has(row.type)) index.add(docOf(row.id, row.type, JSON.parse(row.data) as Record<string, unknown>, aliases));
    }
    this.#watermark = seq;
    if (changed.length > 2_000) this.#save();
  }

  #save(): void {
    saveIndexSnapshot(this.#db, this.#writes, snapshot, this.#watermark, this.#index!);
  }
}

function docOf(id: string, type: string, data: Record<string, unknown>, aliases: Map<string, string[]>): QuickDoc {
  const title = typeof data.title === 'string' ? data.title : '';
  const names = (Array.isArray(data.names) ? data.names : [])
    .map((n) => (n && typeof n === 'object' ? (n as { name?: unknown }).name : undefined))
    .filter((n): n is string => typeof n === 'string');
  const numbers = ['caseNumber', 'opinionNumber', 'symbol', 'reference'].map((k) => data[k]).filter((v): v is string => typeof v === 'string');
  // The alias groups a title or name belongs to: "KNB" finds the National Security Committee.
  const related = new Set<string>();
  for (const name of [title, ...names]) for (const term of aliases.get(aliasKey(name)) ?? []) related.add(term);
  return { id, type, title, names: names.join('\n'), numbers: numbers.join('\n'), aliases: [...related].join('\n') };
}
