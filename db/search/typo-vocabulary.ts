import MiniSearch from 'minisearch';
import type { SqliteDatabase } from '../store/sqlite.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { foldWord } from './fold-word.js';
import { maxPassagesPerRecord } from './prepare-record.js';
import { loadIndexSnapshot, saveIndexSnapshot, type SnapshotName } from './snapshots.js';
import { tokenize } from './tokenize.js';
import { readMetaValue } from '../store/meta-values.js';

/**
 * The vocabulary of the index (folded words) in a minisearch index, to turn a mistyped query
 * word into the indexed words it probably meant: "custdy" → custody, "Shymkemt" → Shymkent.
 * Built from FTS5's own vocabulary, saved encrypted in the database and caught up from the
 * passages added since, so unlocking does not rebuild it.
 */
const snapshot: SnapshotName = { name: 'typo-vocabulary', version: 2 };

interface TermDoc {
  id: string;
}

const options = { fields: ['id'], tokenize: (t: string) => [t], processTerm: (t: string) => t, idField: 'id' };

function newIndex(): MiniSearch<TermDoc> {
  return new MiniSearch<TermDoc>(options);
}

/** Words worth correcting towards: letters, 3 to 24 of them. */
function usable(term: string): boolean {
  return term.length >= 3 && term.length <= 24 && /^[a-z]+$/.test(term);
}

export class TypoVocabulary {
  readonly #db: SqliteDatabase;
  readonly #writes: UnitOfWork;
  #index: MiniSearch<TermDoc> | undefined;
  #watermark = 0;

  constructor(db: SqliteDatabase, writes: UnitOfWork) {
    this.#db = db;
    this.#writes = writes;
  }

  /** Indexed words within a small edit distance of `folded`, most used first. */
  corrections(folded: string, limit = 3): string[] {
    if (!usable(folded)) return [];
    const index = this.#current();
    const distance = folded.length <= 4 ? 1 : 2;
    const found = index.search(folded, { fuzzy: distance, prefix: false, maxFuzzy: distance });
    if (!found.length) return [];
    const byDistance = new Map<number, string[]>();
    for (const r of found) {
      const term = r.id as string;
      if (term === folded) continue;
      const d = editDistance(folded, term);
      if (d <= distance) byDistance.set(d, [...(byDistance.get(d) ?? []), term]);
    }
    // Only the nearest: one wrong letter is not answered with words two letters away. Passages
    // are counted only to order several (counting a common word reads its whole list), and a word no
    // passage holds any more (the vocabulary keeps deleted ones) gives way to the next distance.
    for (const d of [...byDistance.keys()].sort((a, b) => a - b)) {
      const terms = byDistance.get(d)!;
      if (terms.length === 1) {
        if (this.#held(terms[0]!)) return terms;
        continue;
      }
      const counts = this.#documentCounts(terms);
      const held = terms.filter((t) => (counts.get(t) ?? 0) > 0).sort((a, b) => counts.get(b)! - counts.get(a)!);
      if (held.length) return held.slice(0, limit);
    }
    return [];
  }

  /**
   * Indexed words that begin with `prefix`, as far as this vocabulary holds them (words of
   * letters only, and words since deleted too); null when there are more than `limit`.
   */
  wordsStartingWith(prefix: string, limit: number): string[] | null {
    const found = this.#current().search(prefix, { prefix: true, fuzzy: false });
    return found.length > limit ? null : found.map((r) => r.id as string).filter((t) => t.startsWith(prefix));
  }

  /** Forgets the loaded index (after a rebuild of the search index). */
  reset(): void {
    this.#index = undefined;
    this.#watermark = 0;
  }

  #current(): MiniSearch<TermDoc> {
    const latest = Number(readMetaValue(this.#db, 'search_seq') ?? 0);
    if (!this.#index) this.#load(latest);
    else if (this.#watermark < latest) this.#catchUp(latest);
    return this.#index!;
  }

  #load(latest: number): void {
    const saved = loadIndexSnapshot<TermDoc>(this.#db, snapshot, options);
    if (!saved) return this.#rebuild(latest);
    ({ index: this.#index, watermark: this.#watermark } = saved);
    if (this.#watermark < latest) this.#catchUp(latest);
  }

  /** From FTS5's vocabulary of the folded columns: every word the index holds. */
  #rebuild(latest: number): void {
    const index = newIndex();
    const terms = this.#db.prepare('SELECT term FROM passage_terms').pluck().all() as string[];
    index.addAll(terms.filter(usable).map((id) => ({ id })));
    this.#index = index;
    this.#watermark = latest;
    this.#save();
  }

  /** Adds the words of records indexed since the snapshot; a large backlog means a rebuild. */
  #catchUp(latest: number): void {
    const backlog = latest - this.#watermark;
    if (backlog > 5_000) {
      this.#rebuild(latest);
      return;
    }
    const index = this.#index!;
    const texts = this.#db
      .prepare(
        `SELECT p.text FROM search_records r JOIN passages p ON p.id >= r.rk * ${maxPassagesPerRecord} AND p.id < (r.rk + 1) * ${maxPassagesPerRecord} WHERE r.indexed_seq > ?`,
      )
      .pluck()
      .all(this.#watermark) as string[];
    for (const text of texts) {
      for (const token of tokenize(text)) {
        const term = foldWord(token.word, { stem: false });
        if (usable(term) && !index.has(term)) index.add({ id: term });
      }
    }
    this.#watermark = latest;
    if (backlog > 500) this.#save();
  }

  #save(): void {
    saveIndexSnapshot(this.#db, this.#writes, snapshot, this.#watermark, this.#index!);
  }

  /** Whether any passage holds the word: read from its first posting, not by counting them all. */
  #held(term: string): boolean {
    return this.#db.prepare('SELECT 1 FROM passage_folded WHERE passage_folded MATCH ? LIMIT 1').get(`"${term.replace(/"/g, '""')}"`) !== undefined;
  }

  #documentCounts(terms: string[]): Map<string, number> {
    const counts = new Map<string, number>();
    if (!terms.length) return counts;
    const rows = this.#db.prepare(`SELECT term, doc AS n FROM passage_terms WHERE term IN (${terms.map(() => '?').join(',')})`).all(...terms) as { term: string; n: number }[];
    for (const row of rows) counts.set(row.term, row.n);
    return counts;
  }
}

/** Levenshtein distance, for ranking candidates minisearch returns. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}
