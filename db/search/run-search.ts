import { VigilError } from '../errors.js';
import type { RecordType } from '../records/schemas.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import { aliasKey } from './aliases.js';
import { foldedForms, matchExpression, type MatchClause } from './fts-query.js';
import type { PassageAnchor } from './passages.js';
import { parseQuery, type Clause, type QueryFilters } from './query-parser.js';
import { makeSnippet, wordMatcher, type SnippetFragment } from './snippet.js';
import { tokenize } from './tokenize.js';
import type { TypoVocabulary } from './typo-vocabulary.js';

export interface SearchRequest {
  query: string;
  type?: RecordType;
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  id: string;
  type: RecordType;
  title: string;
  /** Higher is better (the negated bm25 of the record's best passage). */
  score: number;
  /** The best passage, shortened around its matches, which are marked **like this**. */
  snippet: string;
  fragments: SnippetFragment[];
  anchor: PassageAnchor;
  passage: number;
}

export interface SearchResults {
  total: number;
  /** Records matching per type, whatever type is filtered on, for type facets. */
  counts: Partial<Record<RecordType, number>>;
  hits: SearchHit[];
  /** Query words that matched too little and the indexed words searched for instead. */
  corrections: { word: string; suggestions: string[] }[];
  /** Alias groups that widened the query. */
  aliases: string[][];
}

/** bm25 weights of head, body, head_folded, body_folded: titles and names first, exact before folded. */
const weights = [10, 1, 5, 0.6];

interface Context {
  aliases: Map<string, string[]>;
  vocabulary: TypoVocabulary;
}

export function runSearch(db: SqliteDatabase, request: SearchRequest, context: Context): SearchResults {
  const parsed = parseQuery(request.query);
  const limit = Math.min(Math.max(request.limit ?? 20, 1), 500);
  const offset = Math.max(request.offset ?? 0, 0);
  const filters: QueryFilters = { ...parsed.filters, types: request.type ? [...parsed.filters.types, request.type] : parsed.filters.types };
  const usedAliases: string[][] = [];
  const groups: MatchClause[][] = applyAliases(parsed.groups, context.aliases, usedAliases);
  const corrections = correctTypos(db, groups, context.vocabulary);

  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.countries.length) {
    where.push(`r.country IN (${filters.countries.map(() => '?').join(',')})`);
    params.push(...filters.countries);
  }
  if (filters.sensitivities.length) {
    where.push(`r.sensitivity IN (${filters.sensitivities.map(() => '?').join(',')})`);
    params.push(...filters.sensitivities);
  }
  for (const tag of filters.tags) {
    where.push('EXISTS (SELECT 1 FROM search_record_tags t WHERE t.tag = ? AND t.record_id = r.record_id)');
    params.push(tag);
  }
  if (filters.after) {
    where.push('r.date_end > ?');
    params.push(filters.after);
  }
  if (filters.before) {
    where.push('r.date_start < ?');
    params.push(filters.before);
  }
  if (parsed.excluded.length) {
    where.push(`r.record_id NOT IN (SELECT p2.record_id FROM passage_index JOIN passages p2 ON p2.id = passage_index.rowid WHERE passage_index MATCH ?)`);
    params.push(matchExpression([parsed.excluded]));
  }

  let rows: { record_id: string; score: number; passage: number | null; type: RecordType }[];
  try {
    rows = groups.length ? matchRecords(db, groups, where, params) : filterRecords(db, where, params);
  } catch (err) {
    // Our expressions are fully quoted; anything FTS5 still refuses is reported, not thrown raw.
    throw new VigilError('invalid_argument', `this search cannot be run: ${(err as Error).message.replace(/^fts5: /, '')}`);
  }

  const counts: Partial<Record<RecordType, number>> = {};
  for (const row of rows) counts[row.type] = (counts[row.type] ?? 0) + 1;
  const matching = filters.types.length ? rows.filter((r) => filters.types.includes(r.type)) : rows;
  const page = matching.slice(offset, offset + limit);

  const matcher = highlightTerms(groups);
  const hits = page.map((row) => hitOf(db, row, matcher));
  return { total: matching.length, counts, hits, corrections, aliases: usedAliases };
}

/**
 * Records in which every group matches some passage: words may be in different passages of a
 * record, a phrase must be within one. A record's score adds up the best bm25 of each group;
 * its shown passage is the one that best matches the most groups.
 */
function matchRecords(db: SqliteDatabase, groups: MatchClause[][], where: string[], params: unknown[]) {
  const ctes = groups.map(
    (_, g) => `m${g} AS MATERIALIZED (SELECT ${g} AS g, rowid AS pid, bm25(passage_index, ${weights.join(', ')}) AS s FROM passage_index WHERE passage_index MATCH ?)`,
  );
  const rows = db
    .prepare(
      `WITH ${ctes.join(',\n')},
       hits AS (${groups.map((_, g) => `SELECT g, pid, s FROM m${g}`).join(' UNION ALL ')}),
       per_group AS (SELECT p.record_id AS record_id, h.g AS g, min(h.s) AS s, h.pid AS pid FROM hits h JOIN passages p ON p.id = h.pid GROUP BY p.record_id, h.g)
       SELECT pg.record_id, sum(pg.s) AS score, group_concat(pg.pid) AS pids, r.type FROM per_group pg
       JOIN search_records r ON r.record_id = pg.record_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY pg.record_id HAVING count(*) = ${groups.length}
       ORDER BY score, pg.record_id`,
    )
    .all(...groups.map((group) => matchExpression([group])), ...params) as { record_id: string; score: number; pids: string; type: RecordType }[];
  return rows.map((row) => ({ record_id: row.record_id, score: row.score, passage: mostCommon(row.pids.split(',').map(Number)), type: row.type }));
}

/** Filters alone: the matching records, newest first. */
function filterRecords(db: SqliteDatabase, where: string[], params: unknown[]) {
  return db
    .prepare(
      `SELECT r.record_id, 0 AS score, NULL AS passage, r.type FROM search_records r
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY r.date_end DESC NULLS LAST, r.record_id`,
    )
    .all(...params) as { record_id: string; score: number; passage: number | null; type: RecordType }[];
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0]!;
  for (const [v, n] of counts) if (n > counts.get(best)!) best = v;
  return best;
}

function hitOf(db: SqliteDatabase, row: { record_id: string; score: number; passage: number | null; type: RecordType }, matcher: ReturnType<typeof wordMatcher>): SearchHit {
  const title = (db.prepare('SELECT title FROM records WHERE id = ?').pluck().get(row.record_id) as string | undefined) ?? '';
  const passage = (
    row.passage !== null
      ? db.prepare('SELECT id, text, anchor FROM passages WHERE id = ?').get(row.passage)
      : db.prepare(`SELECT id, text, anchor FROM passages WHERE record_id = ? AND kind = 'head'`).get(row.record_id)
  ) as { id: number; text: string; anchor: string } | undefined;
  const snippet = makeSnippet(passage?.text ?? title, matcher);
  return {
    id: row.record_id,
    type: row.type,
    title,
    score: Math.round(-row.score * 1000) / 1000,
    snippet: snippet.marked,
    fragments: snippet.fragments,
    anchor: passage ? (JSON.parse(passage.anchor) as PassageAnchor) : { field: 'title' },
    passage: passage?.id ?? 0,
  };
}

/**
 * Widens the query with alias groups: a term, a phrase, or consecutive words that spell an
 * alias ("National Security Committee" typed without quotes) match any name of its group.
 */
function applyAliases(groups: Clause[][], aliases: Map<string, string[]>, used: string[][]): MatchClause[][] {
  if (!aliases.size) return groups;
  const maxWords = 6;
  const out: MatchClause[][] = [];
  const single = (g: Clause[]) => g.length === 1 && !g[0]!.phrase && g[0]!.words.length === 1;
  for (let i = 0; i < groups.length; i++) {
    let merged = false;
    for (let span = Math.min(maxWords, groups.length - i); span >= 2 && !merged; span--) {
      const window = groups.slice(i, i + span);
      if (!window.every(single)) continue;
      const words = window.map((g) => g[0]!.words[0]!);
      const terms = aliases.get(aliasKey(words.join(' ')));
      if (terms) {
        out.push([{ words, phrase: true }, ...terms.map(clauseOfTerm)]);
        used.push(terms);
        i += span - 1;
        merged = true;
      }
    }
    if (merged) continue;
    const group: MatchClause[] = [...groups[i]!];
    for (const clause of groups[i]!) {
      const terms = aliases.get(aliasKey(clause.words.join(' ')));
      if (terms) {
        group.push(...terms.map(clauseOfTerm));
        used.push(terms);
      }
    }
    out.push(group);
  }
  return out;
}

function clauseOfTerm(term: string): Clause {
  const words = tokenize(term).map((t) => t.word);
  return { words, phrase: words.length > 1 };
}

/**
 * A single query word that (folded, with its stem as a prefix) matches fewer than two
 * passages is joined by the nearest indexed words from the typo vocabulary.
 */
function correctTypos(db: SqliteDatabase, groups: MatchClause[][], vocabulary: TypoVocabulary): { word: string; suggestions: string[] }[] {
  const corrections: { word: string; suggestions: string[] }[] = [];
  const count = db.prepare(
    `SELECT coalesce(sum(doc), 0) FROM passage_terms WHERE col IN ('head_folded', 'body_folded') AND (term = ? OR (term >= ? AND term < ?))`,
  );
  for (const group of groups) {
    if (group.length !== 1) continue;
    const clause = group[0]!;
    if ('folded' in clause || clause.phrase || clause.words.length !== 1) continue;
    const word = clause.words[0]!;
    const { exact, prefix } = foldedForms(word);
    if (exact.length < 4 || /\d/.test(exact)) continue;
    const p = prefix ?? exact;
    const hits = count.pluck().get(exact, p, `${p}\u{10FFFF}`) as number;
    if (hits >= 2) continue;
    const suggestions = vocabulary.corrections(exact);
    if (!suggestions.length) continue;
    for (const term of suggestions) group.push({ folded: [term] });
    corrections.push({ word, suggestions });
  }
  return corrections;
}

function highlightTerms(groups: MatchClause[][]) {
  const written: string[] = [];
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const group of groups) {
    for (const clause of group) {
      if ('folded' in clause) {
        exact.push(...clause.folded);
        continue;
      }
      for (const word of clause.words) {
        written.push(word);
        const forms = foldedForms(word);
        exact.push(forms.exact);
        if (forms.prefix) prefixes.push(forms.prefix);
      }
    }
  }
  return wordMatcher({ written, exact: exact.filter(Boolean), prefixes: prefixes.filter((p) => p.length >= 4) });
}

