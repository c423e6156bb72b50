import { VigilError } from '../errors.js';
import type { RecordType } from '../records/schemas.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import { aliasKey } from './aliases.js';
import { foldedForms, matchExpression, type MatchClause } from './fts-query.js';
import type { PassageAnchor } from './passages.js';
import { maxPassagesPerRecord, passageBits } from './prepare-record.js';
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
  const types = request.type ? [...parsed.filters.types, request.type] : parsed.filters.types;
  const usedAliases: string[][] = [];
  const groups: MatchClause[][] = applyAliases(parsed.groups, context.aliases, usedAliases);
  const corrections = correctTypos(db, groups, context.vocabulary);
  const { where, params } = filterClauses(parsed.filters, parsed.excluded);

  let rows: ResultRow[];
  try {
    rows = groups.length ? matchRecords(db, groups, where, params, types, limit, offset) : filterRecords(db, where, params, types, limit, offset);
  } catch (err) {
    // Our expressions are fully quoted; anything FTS5 still refuses is reported, not thrown raw.
    throw new VigilError('invalid_argument', `this search cannot be run: ${(err as Error).message.replace(/^fts5: /, '')}`);
  }

  const counts: Partial<Record<RecordType, number>> = {};
  const page: ResultRow[] = [];
  for (const row of rows) {
    if (row.counting) counts[row.type] = row.n!;
    else page.push(row);
  }
  const total = Object.entries(counts).reduce((n, [type, c]) => (types.length && !types.includes(type as RecordType) ? n : n + c!), 0);
  return { total, counts, hits: hitsOf(db, page, highlightTerms(groups)), corrections, aliases: usedAliases };
}

interface ResultRow {
  counting: 0 | 1;
  record_id: string;
  score: number;
  pids: string | null;
  type: RecordType;
  n: number | null;
}

/** SQL conditions on `r` (search_records) for the query's filters and excluded terms. */
function filterClauses(filters: QueryFilters, excluded: Clause[]): { where: string[]; params: unknown[] } {
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
    where.push('EXISTS (SELECT 1 FROM search_record_tags t WHERE t.tag = ? AND t.rk = r.rk)');
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
  if (excluded.length) {
    where.push(`r.rk NOT IN (SELECT rowid >> ${passageBits} FROM passage_index WHERE passage_index MATCH ?)`);
    params.push(matchExpression([excluded]));
  }
  return { where, params };
}

/** The page of hits (best first) and, in the same statement, how many records match per type. */
function pageAndCounts(matched: string, types: RecordType[], limit: number, offset: number): { sql: string; params: unknown[] } {
  const typeFilter = types.length ? `WHERE type IN (${types.map(() => '?').join(',')})` : '';
  return {
    sql: `SELECT * FROM (SELECT 0 AS counting, record_id, score, pids, type, NULL AS n FROM ${matched} ${typeFilter} ORDER BY score, rk LIMIT ? OFFSET ?)
          UNION ALL SELECT 1, NULL, NULL, NULL, type, count(*) FROM ${matched} GROUP BY type`,
    params: [...types, limit, offset],
  };
}

/**
 * Records in which every group matches some passage. Records with one passage matching every
 * group come first, ranked by its bm25 (titles and names weighted above body text, exact
 * spellings above folded ones); then records whose words are spread over several passages,
 * found with cheap rowid-only scans. A phrase always has to be within one passage. Passage ids
 * carry their record's number (rowid >> 20), so hits group by record without a join.
 */
function matchRecords(db: SqliteDatabase, groups: MatchClause[][], where: string[], params: unknown[], types: RecordType[], limit: number, offset: number): ResultRow[] {
  const bm25 = `bm25(passage_index, ${weights.join(', ')})`;
  const whole = `whole AS MATERIALIZED (SELECT rowid >> ${passageBits} AS rk, rowid AS pid, ${bm25} AS s FROM passage_index WHERE passage_index MATCH ?)`;
  const best = 'best AS (SELECT rk, min(s) AS s, pid FROM whole GROUP BY rk)';
  const spread =
    groups.length > 1
      ? [
          ...groups.map((_, g) => `g${g} AS MATERIALIZED (SELECT DISTINCT rowid >> ${passageBits} AS rk FROM passage_index WHERE passage_index MATCH ?)`),
          `spread AS (${groups.map((_, g) => `SELECT rk FROM g${g}`).join(' INTERSECT ')} EXCEPT SELECT rk FROM best)`,
        ]
      : [];
  const scored =
    groups.length > 1
      ? 'scored AS (SELECT rk, s, CAST(pid AS TEXT) AS pids FROM best UNION ALL SELECT rk, 0.0 AS s, NULL AS pids FROM spread)'
      : 'scored AS (SELECT rk, s, CAST(pid AS TEXT) AS pids FROM best)';
  const page = pageAndCounts('matched', types, limit, offset);
  const rows = db
    .prepare(
      `WITH ${[whole, best, ...spread, scored].join(',\n')},
       matched AS MATERIALIZED (
         SELECT r.rk AS rk, r.record_id AS record_id, r.type AS type, sc.s AS score, sc.pids AS pids
         FROM scored sc JOIN search_records r ON r.rk = sc.rk
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       )
       ${page.sql}`,
    )
    .all(matchExpression(groups), ...(groups.length > 1 ? groups.map((group) => matchExpression([group])) : []), ...params, ...page.params) as ResultRow[];
  // A record whose words are spread: show the passage where the first group matches.
  const firstGroup = matchExpression([groups[0]!]);
  const inRecord = db.prepare(`SELECT rowid FROM passage_index WHERE passage_index MATCH ? AND rowid >= ? AND rowid < ? LIMIT 1`).pluck();
  for (const row of rows) {
    if (row.counting || row.pids) continue;
    const rk = db.prepare('SELECT rk FROM search_records WHERE record_id = ?').pluck().get(row.record_id) as number;
    const pid = inRecord.get(firstGroup, rk * maxPassagesPerRecord, (rk + 1) * maxPassagesPerRecord) as number | undefined;
    if (pid !== undefined) row.pids = String(pid);
  }
  return rows;
}

/** Filters alone: the matching records, newest first. */
function filterRecords(db: SqliteDatabase, where: string[], params: unknown[], types: RecordType[], limit: number, offset: number): ResultRow[] {
  const page = pageAndCounts('matched', types, limit, offset);
  return db
    .prepare(
      `WITH matched AS MATERIALIZED (
         SELECT r.rk AS rk, r.record_id AS record_id, r.type AS type, 0 AS score, NULL AS pids, r.date_end AS date_end FROM search_records r
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       )
       ${page.sql.replace('ORDER BY score, rk', 'ORDER BY date_end DESC NULLS LAST, rk')}`,
    )
    .all(...params, ...page.params) as ResultRow[];
}

/** Titles, best passages and snippets for a page of results, read in two queries. */
function hitsOf(db: SqliteDatabase, rows: ResultRow[], matcher: ReturnType<typeof wordMatcher>): SearchHit[] {
  if (!rows.length) return [];
  const marks = rows.map(() => '?').join(',');
  const titles = new Map(
    (db.prepare(`SELECT id, title FROM records WHERE id IN (${marks})`).all(...rows.map((r) => r.record_id)) as { id: string; title: string }[]).map((r) => [r.id, r.title]),
  );
  // The shown passage: the one that matched the most groups, or the head for filter-only results.
  const wanted = rows.map((row) =>
    row.pids ? mostCommon(row.pids.split(',').map(Number)) : (db.prepare('SELECT rk FROM search_records WHERE record_id = ?').pluck().get(row.record_id) as number) * maxPassagesPerRecord,
  );
  const passages = new Map(
    (db.prepare(`SELECT id, text, anchor FROM passages WHERE id IN (${marks})`).all(...wanted) as { id: number; text: string; anchor: string }[]).map((p) => [p.id, p]),
  );
  return rows.map((row, i) => {
    const passage = passages.get(wanted[i]!);
    const title = titles.get(row.record_id) || (passage?.text.split('\n')[0] ?? '');
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
  });
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0]!;
  for (const [v, n] of counts) if (n > counts.get(best)!) best = v;
  return best;
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
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const group of groups) {
    for (const clause of group) {
      if ('folded' in clause) {
        exact.push(...clause.folded);
        continue;
      }
      for (const word of clause.words) {
        const forms = foldedForms(word);
        exact.push(forms.exact);
        if (forms.prefix) prefixes.push(forms.prefix);
      }
    }
  }
  return wordMatcher({ exact: exact.filter(Boolean), prefixes: prefixes.filter((p) => p.length >= 4) });
}

