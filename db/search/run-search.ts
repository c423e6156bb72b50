import { VigilError } from '../errors.js';
import type { RecordType } from '../shared/schemas.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import { aliasKey } from './aliases.js';
import { firstInOrder } from './first-in-order.js';
import { withDateTerms } from './date-terms.js';
import { familyOf } from './word-families.js';
import { conceptsByKey } from './concepts.js';
import { foldedExpression, foldedForms, writtenExpression, type MatchClause } from './fts-query.js';
import type { PassageAnchor } from '../shared/passages.js';
import { maxPassagesPerRecord } from './prepare-record.js';
import type { RecordFact } from './record-facts.js';
import { parseQuery, type Clause, type QueryFilters } from './query-parser.js';
import type { SearchHit, SearchResults } from './search-results.js';
import { makeSnippet, wordMatcher } from './snippet.js';
import { tokenize } from './tokenize.js';
import type { TypoVocabulary } from './typo-vocabulary.js';
import { titlesOf } from '../records/record-sql.js';

export interface SearchRequest {
  query: string;
  type?: RecordType;
  limit?: number;
  offset?: number;
}

/** A record's head passage (number 0: title, names, numbers) counts this much more than its body. */
const headWeight = 8;
/** A passage that also matches as written ranks this much above one that matches only folded. */
const exactWeight = 1.5;
/** A passage in the query's own words ranks this much above one found only through a concept's other terms. */
const ownWordsWeight = 3;

interface Context {
  aliases: Map<string, string[]>;
  vocabulary: TypoVocabulary;
  facts: { byRk: readonly (RecordFact | undefined)[]; maxRk: number };
}

export function runSearch(db: SqliteDatabase, request: SearchRequest, context: Context): SearchResults {
  const parsed = parseQuery(withDateTerms(request.query));
  const limit = Math.min(Math.max(request.limit ?? 20, 1), 500);
  const offset = Math.max(request.offset ?? 0, 0);
  const types = request.type ? [...parsed.filters.types, request.type] : parsed.filters.types;
  const usedAliases: string[][] = [];
  // The archive's own aliases first (they may say otherwise); the shipped concepts then widen what
  // is left. A passage in the query's own words ranks above one found only through a concept.
  const aliased = applyAliases(parsed.groups, context.aliases, usedAliases);
  const aliasCount = usedAliases.length;
  const groups: MatchClause[][] = withWordFamilies(applyAliases(aliased, conceptMap(), usedAliases));
  const ownWords = usedAliases.length > aliasCount ? foldedExpression(withWordFamilies(aliased)) : undefined;
  const corrections = correctTypos(db, groups, context.vocabulary);
  const facts = context.facts.byRk;
  const size = context.facts.maxRk + 1;

  let found: FoundRecords;
  try {
    // -word applies per passage, as in every peer: a record qualifies through a passage that
    // has the words and not the excluded one. A record found only across passages, or by
    // filters alone, has no such passage and is left out if it holds the word anywhere.
    const excludedExpression = parsed.excluded.length ? foldedExpression([parsed.excluded]) : undefined;
    found = groups.length ? matchRecords(db, groups, size, excludedExpression, ownWords) : allRecords(facts, size);
    if (excludedExpression) {
      const excluded = recordsMatching(db, excludedExpression, size);
      found.rks = found.rks.filter((rk) => !excluded[rk] || (groups.length > 0 && found.score[rk] !== 0));
    }
  } catch (err) {
    // Our expressions are fully quoted; anything FTS5 still refuses is reported, not thrown raw.
    throw new VigilError('invalid_argument', `this search cannot be run: ${(err as Error).message.replace(/^fts5: /, '')}`);
  }

  const keep = filterOf(parsed.filters);
  const counts: Partial<Record<RecordType, number>> = {};
  const matching: number[] = [];
  for (const rk of found.rks) {
    const fact = facts[rk];
    if (!fact || !keep(fact)) continue;
    counts[fact.type] = (counts[fact.type] ?? 0) + 1;
    if (!types.length || types.includes(fact.type)) matching.push(rk);
  }
  const { score } = found;
  // Best score first, or with filters alone newest first (dates are ISO text); ties by record number.
  const before = groups.length
    ? (a: number, b: number) => score[a]! < score[b]! || (score[a] === score[b] && a < b)
    : (a: number, b: number) => {
        const da = facts[a]!.dateEnd ?? '';
        const db = facts[b]!.dateEnd ?? '';
        return da > db || (da === db && a < b);
      };

  const page = firstInOrder(matching, offset + limit, before)
    .slice(offset)
    .map((rk) => {
      // A document found through its title (weighted above its text) shows the best passage of its
      // text that matches too, when one does: a title alone tells a reader nothing the list did not.
      const body = found.bodyPid?.[rk];
      const shown = body !== undefined && !Number.isNaN(body) && found.pid[rk]! % maxPassagesPerRecord === 0 && proseTypes.has(facts[rk]!.type) ? body : found.pid[rk]!;
      return { candidate: { rk, score: score[rk]!, pid: Number.isNaN(shown) ? null : shown } as Candidate, fact: facts[rk]! };
    });
  const hits = hitsOf(db, page, highlightTerms(groups));
  return { total: matching.length, counts, hits, corrections: withWrittenForms(corrections, hits), aliases: usedAliases };
}

/**
 * Matched records, held by record number in typed arrays rather than one object per record:
 * a common word finds tens of thousands of records, and only a page of them becomes objects.
 */
interface FoundRecords {
  rks: number[];
  /** The best-scoring passage of each record's text (not its head), where one matches. */
  bodyPid?: Float64Array;
  /** bm25 of the record's best passage by record number (lower is better); 0 if matched across passages. */
  score: Float64Array;
  /** The shown passage by record number; NaN for records found by filters alone. */
  pid: Float64Array;
}

function allRecords(facts: readonly (RecordFact | undefined)[], size: number): FoundRecords {
  const rks: number[] = [];
  for (let rk = 0; rk < facts.length; rk++) if (facts[rk]) rks.push(rk);
  return { rks, score: new Float64Array(size), pid: new Float64Array(size).fill(Number.NaN) };
}

interface Candidate {
  rk: number;
  /** bm25, lower is better; 0 for records matched across passages or by filters alone. */
  score: number;
  /** The passage shown: the best one matching every group, or where the first group matches. */
  pid: number | null;
}

/** A predicate on a record's filter values for the query's filters. */
function filterOf(filters: QueryFilters): (fact: RecordFact) => boolean {
  return (fact) =>
    (!filters.countries.length || (fact.country !== null && filters.countries.includes(fact.country))) &&
    (!filters.sensitivities.length || (fact.sensitivity !== null && filters.sensitivities.includes(fact.sensitivity))) &&
    filters.tags.every((t) => fact.tags.includes(t)) &&
    (!filters.after || (fact.dateEnd !== null && fact.dateEnd > filters.after)) &&
    (!filters.before || (fact.dateStart !== null && fact.dateStart < filters.before));
}

/**
 * Marks, by record number, the records that have a passage matching `expression`, and notes
 * each one's first such passage if asked; no ranking. Rows are read all at once: stepping
 * through them one by one costs three times as much.
 */
function recordsMatching(db: SqliteDatabase, expression: string, size: number, firstPassage?: Float64Array): Uint8Array {
  const marks = new Uint8Array(size);
  const pids = db.prepare('SELECT rowid FROM passage_folded WHERE passage_folded MATCH ? ORDER BY rowid').pluck().all(expression) as number[];
  // Indexed, as in matchRecords: a common word's scan is hundreds of thousands of rows.
  for (let i = 0; i < pids.length; i++) {
    const pid = pids[i]!;
    const rk = Math.floor(pid / maxPassagesPerRecord);
    if (rk >= size || marks[rk]) continue;
    marks[rk] = 1;
    if (firstPassage) firstPassage[rk] = pid;
  }
  return marks;
}

/**
 * Records in which every group matches some passage. Records with one passage matching every
 * group come first, ranked by its bm25 (a record's head — title, names — weighted above its
 * body, and a passage matching as written above one matching only folded); then records
 * whose words are spread over several passages, found with rowid-only scans. A phrase always
 * has to be within one passage. A passage's id carries its record's number, so hits group by
 * record without touching another table.
 */
function matchRecords(db: SqliteDatabase, groups: MatchClause[][], size: number, excluded?: string, ownWords?: string): FoundRecords {
  const score = new Float64Array(size).fill(Number.NaN);
  const pid = new Float64Array(size).fill(Number.NaN);
  const bodyScore = new Float64Array(size).fill(Number.NaN);
  const bodyPid = new Float64Array(size).fill(Number.NaN);
  const rks: number[] = [];
  const exact = passagesMatchingAsWritten(db, groups);
  let e = 0;
  const own = ownWords ? (db.prepare('SELECT rowid FROM passage_folded WHERE passage_folded MATCH ? ORDER BY rowid').pluck().all(ownWords) as number[]) : [];
  let o = 0;
  // All rows at once, which costs a third less than stepping through them, though a common
  // word at a million passages makes 20–40 MB of short-lived rows.
  const expression = excluded ? `(${foldedExpression(groups)}) NOT (${excluded})` : foldedExpression(groups);
  const rows = db.prepare('SELECT rowid, bm25(passage_folded) FROM passage_folded WHERE passage_folded MATCH ? ORDER BY rowid').raw().all(expression) as [number, number][];
  // Indexed, not for...of and destructuring: those made iterator objects for every row.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const passage = row[0];
    const bm25 = row[1];
    const rk = Math.floor(passage / maxPassagesPerRecord);
    if (rk >= size) continue; // indexed by another program after this search read the records' facts
    while (e < exact.length && exact[e]! < passage) e++;
    while (o < own.length && own[o]! < passage) o++;
    const s = bm25 * (passage % maxPassagesPerRecord === 0 ? headWeight : 1) * (exact[e] === passage ? exactWeight : 1) * (ownWords && own[o] === passage ? ownWordsWeight : 1);
    if (passage % maxPassagesPerRecord !== 0 && (Number.isNaN(bodyScore[rk]!) || s < bodyScore[rk]!)) {
      bodyScore[rk] = s;
      bodyPid[rk] = passage;
    }
    const current = score[rk]!;
    if (Number.isNaN(current)) rks.push(rk);
    if (Number.isNaN(current) || s < current) {
      score[rk] = s;
      pid[rk] = passage;
    }
  }
  if (groups.length > 1) {
    // In every group, in whatever passages: group g marks the records that groups 0..g-1 marked.
    // Such a record shows the first passage where the first group matches.
    const marks = new Uint8Array(size);
    const firstPassage = new Float64Array(size).fill(Number.NaN);
    groups.forEach((group, g) => {
      const inGroup = recordsMatching(db, foldedExpression([group]), size, g === 0 ? firstPassage : undefined);
      for (let rk = 0; rk < size; rk++) if (inGroup[rk] && marks[rk] === g) marks[rk] = g + 1;
    });
    for (let rk = 0; rk < size; rk++) {
      if (marks[rk] === groups.length && Number.isNaN(score[rk]!)) {
        score[rk] = 0;
        pid[rk] = firstPassage[rk]!;
        rks.push(rk);
      }
    }
  }
  return { rks, score, pid, bodyPid };
}

/** Documents whose text matters more than their title: a hit there shows the text it matched. */
const proseTypes = new Set(['report', 'note', 'event', 'case']);

/**
 * The passages (ids, ascending) that match the query as written, in the exact spelling rather
 * than only a folded or inflected form: they rank above the others. Typo corrections have no
 * written form, so a group of them alone leaves nothing to match.
 */
function passagesMatchingAsWritten(db: SqliteDatabase, groups: MatchClause[][]): number[] {
  const written = writtenExpression(groups);
  if (!written) return [];
  return db.prepare('SELECT rowid FROM passage_written WHERE passage_written MATCH ? ORDER BY rowid').pluck().all(written) as number[];
}

/** Titles, shown passages and snippets for a page of results, read in two queries. */
function hitsOf(db: SqliteDatabase, page: { candidate: Candidate; fact: RecordFact }[], matcher: ReturnType<typeof wordMatcher>): SearchHit[] {
  if (!page.length) return [];
  const marks = page.map(() => '?').join(',');
  const titles = titlesOf(
    db,
    page.map((p) => p.fact.recordId),
  );
  // Filter-only results show the record's head passage (number 0).
  const wanted = page.map((p) => p.candidate.pid ?? p.candidate.rk * maxPassagesPerRecord);
  const passages = new Map(
    (db.prepare(`SELECT id, text, anchor FROM passages WHERE id IN (${marks})`).all(...wanted) as { id: number; text: string; anchor: string }[]).map((p) => [p.id, p]),
  );
  return page.map(({ candidate, fact }, i) => {
    const passage = passages.get(wanted[i]!);
    const title = titles.get(fact.recordId) || (passage?.text.split('\n')[0] ?? '');
    const snippet = makeSnippet(passage?.text ?? title, matcher);
    return {
      id: fact.recordId,
      type: fact.type,
      title,
      score: Math.round(-candidate.score * 1000) / 1000,
      snippet: snippet.marked,
      fragments: snippet.fragments,
      anchor: passage ? (JSON.parse(passage.anchor) as PassageAnchor) : { field: 'title' },
      passage: passage?.id ?? 0,
    };
  });
}

/**
 * Widens the query with alias groups: a term, a phrase, or consecutive words that spell an
 * alias ("National Security Committee" typed without quotes) match any name of its group.
 */
function applyAliases(groups: Clause[][], aliases: Map<string, string[]>, used: string[][]): Clause[][] {
  if (!aliases.size) return groups;
  const maxWords = 6;
  const out: Clause[][] = [];
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
        used.push(otherTerms(terms, words.join(' ')));
        i += span - 1;
        merged = true;
      }
    }
    if (merged) continue;
    const group: Clause[] = [...groups[i]!];
    for (const clause of groups[i]!) {
      const terms = aliases.get(aliasKey(clause.words.join(' ')));
      if (terms) {
        group.push(...terms.map(clauseOfTerm));
        used.push(otherTerms(terms, clause.words.join(' ')));
      }
    }
    out.push(group);
  }
  return out;
}

let concepts: Map<string, string[]> | undefined;
const conceptMap = () => (concepts ??= conceptsByKey());

/** A single English word also searches the words of its family whose stems part ways ("detain" and "detention"). */
function withWordFamilies(groups: MatchClause[][]): MatchClause[][] {
  return groups.map((group) => {
    const extra = group.flatMap((clause) =>
      'folded' in clause || clause.phrase || clause.words.length !== 1 ? [] : familyOf(clause.words[0]!).map((w) => ({ words: [w], phrase: false })),
    );
    return extra.length ? [...group, ...extra] : group;
  });
}

/** What "also searched" names: the group's terms other than the one typed (another script's spelling of it stays). */
function otherTerms(terms: string[], typed: string): string[] {
  return terms.filter((t) => t.toLocaleLowerCase() !== typed.toLocaleLowerCase());
}

function clauseOfTerm(term: string): Clause {
  const words = tokenize(term).map((t) => t.word);
  return { words, phrase: words.length > 1 };
}

/**
 * A single query word that (folded, with its stem as a prefix) matches no passage is joined by
 * the nearest indexed words from the typo vocabulary. A word the archive holds, however rarely
 * (a surname in one report), is never widened to other people's names.
 */
function correctTypos(db: SqliteDatabase, groups: MatchClause[][], vocabulary: TypoVocabulary): { word: string; suggestions: string[] }[] {
  const corrections: { word: string; suggestions: string[] }[] = [];
  // Whether a word finds any passage; stops at the first, however common the word.
  const anyPassage = db.prepare('SELECT count(*) FROM (SELECT 1 FROM passage_folded WHERE passage_folded MATCH ? LIMIT 1)').pluck();
  for (const group of groups) {
    if (group.length !== 1) continue;
    const clause = group[0]!;
    if ('folded' in clause || clause.phrase || clause.words.length !== 1) continue;
    const word = clause.words[0]!;
    const { exact, prefix } = foldedForms(word);
    if (exact.length < 4 || /\d/.test(exact)) continue;
    // Cheap answers first. FTS5 reads a word's passages lazily and stops at two, but for a
    // prefix (the stem) it first gathers the passages of every word it begins: tens of
    // milliseconds for a common stem in a large archive. So: the folded word alone, then the
    // words the vocabulary knows to begin with the stem; the prefix itself only when both fall short.
    if ((anyPassage.get(foldedExpression([[{ folded: [exact] }]])) as number) >= 1) continue;
    const known = prefix ? vocabulary.wordsStartingWith(prefix, 64) : null;
    if (known?.length && (anyPassage.get(foldedExpression([known.map((w) => ({ folded: [w] }))])) as number) >= 1) continue;
    if ((anyPassage.get(foldedExpression([[clause]])) as number) >= 1) continue;
    const suggestions = vocabulary.corrections(exact);
    if (!suggestions.length) continue;
    for (const term of suggestions) group.push({ folded: [term] });
    corrections.push({ word, suggestions });
  }
  return corrections;
}

/**
 * A correction's index terms are folded ("jaksibek"): what a person reads is the word as the
 * archive writes it ("Zhaksybekov"), found among the words of the results shown.
 */
function withWrittenForms(corrections: { word: string; suggestions: string[] }[], hits: SearchHit[]) {
  if (!corrections.length) return corrections;
  const words = new Set(hits.flatMap((h) => [...`${h.title} ${h.snippet}`.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((m) => m[0])));
  return corrections.map((c) => {
    const written = [...words].filter((w) => {
      const { exact, prefix } = foldedForms(w);
      return c.suggestions.some((s) => exact === s || prefix === s || exact.startsWith(s));
    });
    return written.length ? { ...c, written: written.slice(0, 5) } : c;
  });
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
