import { VigilError } from '../errors.js';
import type { RecordType } from '../shared/schemas.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import { aliasKey } from './aliases.js';
import { firstInOrder } from './first-in-order.js';
import { datesIn, withDateTerms } from './date-terms.js';
import { familyOf } from './word-families.js';
import { isStopWord } from './stop-words.js';
import { rankQuery, scorePassage } from './rank-passages.js';
import { foldedExpression, foldedForms, type MatchClause } from './fts-query.js';
import { foldWord } from './fold-word.js';
import type { PassageAnchor } from '../shared/passages.js';
import { maxPassagesPerRecord } from './prepare-record.js';
import type { RecordFact } from './record-facts.js';
import { parseQuery, type Clause, type KnownToQuery, type QueryFilters } from './query-parser.js';
import type { SearchHit, SearchResults } from './search-results.js';
import { makeSnippet, wordMatcher } from './snippet.js';
import { tokenize } from './tokenize.js';
import type { TypoVocabulary } from './typo-vocabulary.js';
import { titlesOf } from '../records/record-sql.js';
import { detectLanguage } from '../import/detect-language.js';

export interface SearchRequest {
  query: string;
  type?: RecordType;
  limit?: number;
  offset?: number;
}

/** A record's head passage (number 0: title, names, numbers) counts this much more than its body, in choosing candidates. */
const headWeight = 8;
/** A record's head passage counts this much more than its body in the second ranking. */
const headRankWeight = 2;
/** The best passages (by bm25) of each record kept for the second ranking. */
const passagesPerRecord = 8;
/**
 * How many passages the second ranking reads: each leading record's best, then more of the
 * first records' (up to `passagesPerRecord`) while the budget lasts. Reading is most of its cost.
 */
const passagesRead = 40;
/** A record with many passages on the question gains a little over one that mentions it once: 1 + this × ln(passages). */
const breadthWeight = 0.08;
/** A metadata passage (file name, format) counts this much of a passage of text. */
const detailsWeight = 0.5;
/** The leading records (by bm25) that the second ranking orders; the rest keep bm25's order. */
const recordsReranked = 20;
/** Other passages shown under a hit, when they score at least this share of its best. */
const moreShare = 0.5;
/** When no passage holds every word asked, hits scoring below this share of the best are left out. */
const someWordsShare = 0.4;
const morePassages = 2;

interface Context {
  aliases: Map<string, string[]>;
  /** The archive's concepts: the group a term of a query names. */
  concepts: (term: string) => string[] | undefined;
  vocabulary: TypoVocabulary;
  facts: { byRk: readonly (RecordFact | undefined)[]; maxRk: number };
  totals: () => { passages: number; averageLength: number };
  /** The types and field keys the archive defines, for its filters. */
  known?: KnownToQuery;
  /** The records (by number) whose defined field holds the value, its narrower terms included. */
  fieldRecords?: (field: string, value: string) => ReadonlySet<number>;
}

export function runSearch(db: SqliteDatabase, request: SearchRequest, context: Context): SearchResults {
  const parsed = parseQuery(withDateTerms(request.query), context.known);
  const limit = Math.min(Math.max(request.limit ?? 20, 1), 500);
  const offset = Math.max(request.offset ?? 0, 0);
  const types = request.type ? [...parsed.filters.types, request.type] : parsed.filters.types;
  const usedAliases: string[][] = [];
  // The archive's own aliases first (they may say otherwise); the shipped concepts then widen what
  // is left, and what they add ranks below the query's own words.
  const aliasClauses = new WeakSet<MatchClause>();
  const conceptClauses = new WeakSet<MatchClause>();
  const aliased = applyAliases(parsed.groups, (term) => context.aliases.get(aliasKey(term)), usedAliases, aliasClauses, false);
  const widened = applyAliases(aliased, context.concepts, usedAliases, conceptClauses, true);
  // Words of grammar ("of", "the", "в") are not required of a passage unless the query has nothing else.
  let groups: MatchClause[][] = withWordFamilies(widened.some((g) => !isStopGroup(g)) ? widened.filter((g) => !isStopGroup(g)) : widened, [aliasClauses, conceptClauses]);
  const corrections = correctTypos(db, groups, context.vocabulary);
  const facts = context.facts.byRk;
  const size = context.facts.maxRk + 1;

  let found: FoundRecords;
  let missing: string[] = [];
  let absent: string[] = [];
  try {
    // -word applies per passage, as in every peer: a record qualifies through a passage that
    // has the words and not the excluded one. A record found only across passages, or by
    // filters alone, has no such passage and is left out if it holds the word anywhere.
    const excludedExpression = parsed.excluded.length ? foldedExpression([parsed.excluded]) : undefined;
    found = groups.length ? matchRecords(db, groups, size, (c) => conceptClauses.has(c), excludedExpression) : allRecords(facts, size);
    // A word the archive holds nowhere (a Russian word asked of English documents, with no
    // concept or correction to widen it) cannot be met: it is left out, and the results say so.
    if (!found.rks.length && groups.length) {
      const empty = groups.filter((g) => !anyPassage(db, foldedExpression([g])));
      const wordsOf = (g: MatchClause[]) => ('words' in g[0]! ? g[0].words.join(' ') : '');
      // Not a number ("article 99" is not "article") nor a quoted phrase: those are asked as written.
      const droppable = (g: MatchClause[]) => g.every((c) => 'words' in c && !c.quoted && !c.words.some((w) => /\d/.test(w)));
      const nowhere = empty.filter(droppable);
      if (empty.length === groups.length) {
        // Nothing to leave out: every word asked is nowhere, and the results say which.
        absent = empty.map(wordsOf);
      } else if (nowhere.length) {
        missing = nowhere.map(wordsOf);
        groups = groups.filter((g) => !nowhere.includes(g));
        found = matchRecords(db, groups, size, (c) => conceptClauses.has(c), excludedExpression);
      }
    }
    if (excludedExpression) {
      const excluded = recordsMatching(db, excludedExpression, size).marks;
      found.rks = found.rks.filter((rk) => !excluded[rk] || (groups.length > 0 && found.score[rk] !== 0));
    }
  } catch (err) {
    // Our expressions are fully quoted; anything FTS5 still refuses is reported, not thrown raw.
    throw new VigilError('invalid_argument', `this search cannot be run: ${(err as Error).message.replace(/^fts5: /, '')}`);
  }

  const keep = filterOf(parsed.filters);
  // Defined fields' filters: every one must hold (conditions:overcrowding type:prison-visit).
  const byFields = parsed.filters.fields.map((f) => context.fieldRecords?.(f.field, f.value) ?? new Set<number>());
  const counts: Partial<Record<RecordType, number>> = {};
  const matching: number[] = [];
  for (const rk of found.rks) {
    const fact = facts[rk];
    if (!fact || !keep(fact)) continue;
    if (byFields.length && !byFields.every((set) => set.has(rk))) continue;
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

  const wanted = Math.max(offset + limit, recordsReranked);
  let leading = firstInOrder(matching, wanted, before);
  let ranked: Map<number, RankedRecord> | undefined;
  // Passages read once, by the second ranking and then for the hits' snippets.
  const read = new Map<number, StoredPassage>();
  if (groups.length) {
    const totals = context.totals();
    const query = rankQuery(
      groups,
      (clause) => (conceptClauses.has(clause) ? 'concept' : aliasClauses.has(clause) ? 'alias' : 'typed'),
      parsed.groups.flatMap((g) => (g.length === 1 ? g[0]!.words : [])),
      (group) => found.groupPassages?.get(group) ?? 1,
      totals.passages,
    );
    ranked = rankRecords(db, leading.slice(0, recordsReranked), found, query, totals.averageLength, facts, read);
    // Records the second ranking read, best first; any beyond them keep bm25's order.
    leading = [...leading].sort((a, b) => {
      const ra = ranked!.get(a)?.score ?? -1;
      const rb = ranked!.get(b)?.score ?? -1;
      return rb - ra || (before(a, b) ? -1 : before(b, a) ? 1 : 0);
    });
  }
  let total = matching.length;
  if (found.someWords && ranked) {
    // Passages holding all but one of the words asked: only those close to the best are worth showing.
    const best = Math.max(0, ...[...ranked.values()].map((r) => r.score));
    leading = leading.filter((rk) => (ranked!.get(rk)?.score ?? 0) >= best * someWordsShare);
    total = leading.length;
    for (const type of Object.keys(counts) as RecordType[]) delete counts[type];
    for (const rk of leading) counts[facts[rk]!.type] = (counts[facts[rk]!.type] ?? 0) + 1;
  }
  // Scores stay in the order shown: records past the ones ranked again score below all of them.
  const below = ranked?.size ? Math.min(...[...ranked.values()].map((r) => r.score)) / 2 : undefined;
  const page = leading.slice(offset, offset + limit).map((rk) => {
    const r = ranked?.get(rk);
    const pid = r ? r.pid : found.pid[rk]!;
    const shownScore = r ? r.score : (below ?? -score[rk]!);
    return { candidate: { rk, score: shownScore, pid: Number.isNaN(pid) ? null : pid, more: r?.more ?? [] } as Candidate, fact: facts[rk]! };
  });
  // The dates asked, as their index terms (qd20111216): marked where a passage writes them, however.
  const askedDates = new Set(groups.flatMap((g) => g.flatMap((c) => ('words' in c ? c.words.filter((w) => /^q[dm]\d+$/.test(w)) : []))));
  const phrases = groups.flatMap((g) => g.flatMap((c) => ('quoted' in c && c.quoted ? [c.words.map((w) => foldWord(w, { stem: false }))] : [])));
  const hits = hitsOf(db, page, highlightTerms(groups), read, askedDates, phrases);
  return {
    total,
    counts,
    hits,
    corrections: withWrittenForms(corrections, hits),
    aliases: usedAliases,
    ...(found.someWords ? { someWords: true } : {}),
    ...(missing.length ? { missing } : {}),
    ...(absent.length ? { nowhere: absent } : {}),
  };
}

/** A group that is one word of grammar, typed alone. */
function isStopGroup(group: Clause[]): boolean {
  return group.length === 1 && !group[0]!.phrase && group[0]!.words.length === 1 && isStopWord(group[0]!.words[0]!);
}

interface RankedRecord {
  score: number;
  pid: number;
  more: number[];
}

/**
 * Orders the leading records by their best passages read again (see rank-passages), and picks
 * the passage each shows: its best, or for prose its best passage of text over its title.
 */
function rankRecords(
  db: SqliteDatabase,
  rks: number[],
  found: FoundRecords,
  query: ReturnType<typeof rankQuery>,
  averageLength: number,
  facts: readonly (RecordFact | undefined)[],
  read: Map<number, StoredPassage>,
): Map<number, RankedRecord> {
  const pids: number[] = [];
  for (const rk of rks) {
    const pid = found.top[rk * passagesPerRecord]!;
    if (!Number.isNaN(pid)) pids.push(pid);
  }
  for (const rk of rks) {
    for (let j = 1; j < passagesPerRecord && pids.length < passagesRead; j++) {
      const pid = found.top[rk * passagesPerRecord + j]!;
      if (Number.isNaN(pid)) break;
      pids.push(pid);
    }
  }
  const out = new Map<number, RankedRecord>();
  if (!pids.length) return out;
  readPassages(db, pids, read);
  const byRecord = new Map<number, { pid: number; score: number; text: boolean; whole: boolean }[]>();
  for (const pid of pids) {
    const rk = Math.floor(pid / maxPassagesPerRecord);
    const head = pid % maxPassagesPerRecord === 0;
    const passage = read.get(pid);
    const { score, found: groupsFound } = scorePassage(passage?.text ?? '', query, averageLength);
    const list = byRecord.get(rk) ?? [];
    const details = passage?.anchor.startsWith('{"field":"details"') ?? false;
    list.push({ pid, score: score * (head ? headRankWeight : details ? detailsWeight : 1), text: !head && !details, whole: groupsFound === query.groups.length });
    byRecord.set(rk, list);
  }
  for (const [rk, list] of byRecord) {
    list.sort((a, b) => b.score - a.score || a.pid - b.pid);
    const best = list[0]!;
    // A document found through its title shows the best passage of its text that matches too:
    // a title alone tells a reader nothing the list did not.
    const body = proseTypes.has(facts[rk]?.type ?? '') ? list.find((p) => p.text && p.score > 0) : undefined;
    const shown = !best.text && body ? body : best;
    // More passages only where they hold every word asked, as the shown one does.
    const more = list.filter((p) => p !== shown && p.text && p.whole && p.score >= best.score * moreShare).slice(0, morePassages);
    const breadth = 1 + breadthWeight * Math.log(Math.max(1, found.passages[rk]!));
    out.set(rk, { score: best.score * breadth, pid: shown.pid, more: more.sort((a, b) => a.pid - b.pid).map((p) => p.pid) });
  }
  return out;
}

/**
 * Matched records, held by record number in typed arrays rather than one object per record:
 * a common word finds tens of thousands of records, and only a page of them becomes objects.
 */
interface FoundRecords {
  rks: number[];
  /** No passage holds every group: these hold all but one. */
  someWords?: boolean;
  /** bm25 of the record's best passage by record number (lower is better); 0 if matched across passages. */
  score: Float64Array;
  /** The shown passage by record number; NaN for records found by filters alone. */
  pid: Float64Array;
  /** The best few passages of each record by bm25, `passagesPerRecord` per record (NaN where fewer). */
  top: Float64Array;
  /** How many passages of each record match. */
  passages: Uint32Array;
  /** How many passages each group matched, for its weight in the second ranking. */
  groupPassages?: Map<MatchClause[], number>;
}

function allRecords(facts: readonly (RecordFact | undefined)[], size: number): FoundRecords {
  const rks: number[] = [];
  for (let rk = 0; rk < facts.length; rk++) if (facts[rk]) rks.push(rk);
  return { rks, score: new Float64Array(size), pid: new Float64Array(size).fill(Number.NaN), top: new Float64Array(0), passages: new Uint32Array(0) };
}

interface Candidate {
  rk: number;
  /** Higher is better. */
  score: number;
  /** The passage shown: the best one matching every group, or where the first group matches. */
  pid: number | null;
  /** Other good passages of the record, shown under it. */
  more: number[];
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
function recordsMatching(db: SqliteDatabase, expression: string, size: number, firstPassage?: Float64Array): { marks: Uint8Array; passages: number } {
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
  return { marks, passages: pids.length };
}

/**
 * Records in which every group matches some passage. Records with one passage matching every
 * group come first, ranked by its bm25 (a record's head — title, names — weighted above its
 * body); then records whose words are spread over several passages, found with rowid-only
 * scans. When no passage holds every group, passages holding most of them are taken instead
 * (the second ranking lowers them by what they lack). A phrase always has to be within one
 * passage. A passage's id carries its record's number, so hits group by record without
 * touching another table.
 */
function matchRecords(db: SqliteDatabase, groups: MatchClause[][], size: number, isConcept: (clause: MatchClause) => boolean, excluded?: string): FoundRecords {
  const score = new Float64Array(size).fill(Number.NaN);
  const pid = new Float64Array(size).fill(Number.NaN);
  const top = new Float64Array(size * passagesPerRecord).fill(Number.NaN);
  const topScore = new Float64Array(size * passagesPerRecord).fill(Number.NaN);
  const rks: number[] = [];
  const passages = new Uint32Array(size);
  const take = (rows: [number, number][], seen?: Set<number>) => {
    // Indexed, not for...of and destructuring: those made iterator objects for every row.
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const passage = row[0];
      if (seen) {
        if (seen.has(passage)) continue;
        seen.add(passage);
      }
      const rk = Math.floor(passage / maxPassagesPerRecord);
      if (rk >= size) continue; // indexed by another program after this search read the records' facts
      const s = row[1] * (passage % maxPassagesPerRecord === 0 ? headWeight : 1);
      passages[rk]!++;
      const current = score[rk]!;
      if (Number.isNaN(current)) rks.push(rk);
      if (Number.isNaN(current) || s < current) {
        score[rk] = s;
        pid[rk] = passage;
      }
      // Keep the record's best few, in order (insertion into a short list).
      const base = rk * passagesPerRecord;
      let j = passagesPerRecord - 1;
      if (!Number.isNaN(topScore[base + j]!) && topScore[base + j]! <= s) continue;
      while (j > 0 && (Number.isNaN(topScore[base + j - 1]!) || topScore[base + j - 1]! > s)) {
        topScore[base + j] = topScore[base + j - 1]!;
        top[base + j] = top[base + j - 1]!;
        j--;
      }
      topScore[base + j] = s;
      top[base + j] = passage;
    }
  };
  const withoutExcluded = (expression: string) => (excluded ? `(${expression}) NOT (${excluded})` : expression);
  const ranked = db.prepare('SELECT rowid, bm25(passage_folded) FROM passage_folded WHERE passage_folded MATCH ? ORDER BY rowid').raw();
  // All rows at once, which costs a third less than stepping through them, though a common
  // word at a million passages makes 20–40 MB of short-lived rows.
  // A concept's other terms are often as common as the words typed, and ranking them costs as
  // much again: the query's own words are ranked first, and a concept's terms ranked with them
  // only when those find few records. Otherwise passages found only through a concept (ranked
  // below the query's own words anyway) are listed after them, read by rowid alone.
  const own = groups.map((g) => g.filter((c) => !isConcept(c)));
  const widened = own.some((g, i) => g.length < groups[i]!.length);
  let rows = ranked.all(withoutExcluded(foldedExpression(widened ? own : groups))) as [number, number][];
  take(rows);
  if (widened && rks.length < recordsReranked) {
    for (const rk of rks) {
      score[rk] = Number.NaN;
      pid[rk] = Number.NaN;
      passages[rk] = 0;
      top.fill(Number.NaN, rk * passagesPerRecord, (rk + 1) * passagesPerRecord);
      topScore.fill(Number.NaN, rk * passagesPerRecord, (rk + 1) * passagesPerRecord);
    }
    rks.length = 0;
    rows = ranked.all(withoutExcluded(foldedExpression(groups))) as [number, number][];
    take(rows);
  } else if (widened) {
    const conceptOnly = groups.length === 1 ? [groups[0]!.filter(isConcept)] : groups;
    const found = db
      .prepare('SELECT rowid FROM passage_folded WHERE passage_folded MATCH ? ORDER BY rowid')
      .pluck()
      .all(withoutExcluded(foldedExpression(conceptOnly))) as number[];
    for (let i = 0; i < found.length; i++) {
      const rk = Math.floor(found[i]! / maxPassagesPerRecord);
      if (rk >= size || !Number.isNaN(score[rk]!)) continue;
      score[rk] = 0;
      pid[rk] = found[i]!;
      rks.push(rk);
    }
  }
  let someWords = false;
  const groupPassages = new Map<MatchClause[], number>();
  if (groups.length === 1) groupPassages.set(groups[0]!, rows.length);
  if (groups.length > 1) {
    // In every group, in whatever passages: group g marks the records that groups 0..g-1 marked.
    const marks = new Uint8Array(size);
    // Such a record shows where its rarest group stands ("99" of "article 99"), not its commonest.
    let firstPassage = new Float64Array(0);
    let rarest = Infinity;
    groups.forEach((group, g) => {
      // In the group's own words: a concept's other terms, common as they are, would make these
      // scans the slowest part of a search, for records that hold the words only apart anyway.
      const own = group.filter((c) => !isConcept(c));
      const first = new Float64Array(size).fill(Number.NaN);
      const inGroup = recordsMatching(db, foldedExpression([own.length ? own : group]), size, first);
      groupPassages.set(group, inGroup.passages);
      if (inGroup.passages < rarest) {
        rarest = inGroup.passages;
        firstPassage = first;
      }
      for (let rk = 0; rk < size; rk++) if (inGroup.marks[rk] && marks[rk] === g) marks[rk] = g + 1;
    });
    if (!rows.length) {
      // No passage holds every group: passages holding all but one of them (of three or more) stand in.
      const partial = groups.length >= 3 ? groups.map((_, g) => foldedExpression(groups.filter((__, h) => h !== g))) : [];
      const seen = new Set<number>();
      for (const expression of partial) take(ranked.all(withoutExcluded(expression)) as [number, number][], seen);
      someWords = rks.length > 0;
    }
    for (let rk = 0; rk < size; rk++) {
      if (marks[rk] === groups.length && Number.isNaN(score[rk]!)) {
        score[rk] = 0;
        pid[rk] = firstPassage[rk]!;
        rks.push(rk);
      }
    }
  }
  return { rks, score, pid, top, passages, groupPassages, someWords };
}

/** Documents whose text matters more than their title: a hit there shows the text it matched. */
const proseTypes = new Set(['report', 'note', 'event', 'case']);

interface StoredPassage {
  id: number;
  text: string;
  anchor: string;
}

/** Reads into `into` the passages of `ids` it does not hold yet. */
function readPassages(db: SqliteDatabase, ids: number[], into: Map<number, StoredPassage>): void {
  const missing = [...new Set(ids.filter((id) => !into.has(id)))];
  if (!missing.length) return;
  for (const row of db.prepare(`SELECT id, text, anchor FROM passages WHERE id IN (${missing.map(() => '?').join(',')})`).all(...missing) as StoredPassage[]) into.set(row.id, row);
}

/** Titles, shown passages and snippets for a page of results, read in two queries. */
function hitsOf(
  db: SqliteDatabase,
  page: { candidate: Candidate; fact: RecordFact }[],
  matcher: ReturnType<typeof wordMatcher>,
  passages: Map<number, StoredPassage>,
  askedDates: ReadonlySet<string>,
  phrases: readonly string[][],
): SearchHit[] {
  if (!page.length) return [];
  const titles = titlesOf(
    db,
    page.map((p) => p.fact.recordId),
  );
  // Filter-only results show the record's head passage (number 0).
  const wanted = page.map((p) => p.candidate.pid ?? p.candidate.rk * maxPassagesPerRecord);
  const ids = [...wanted, ...page.flatMap((p) => p.candidate.more)];
  readPassages(db, ids, passages);
  const shown = (id: number) => {
    const passage = passages.get(id);
    if (!passage) return undefined;
    const dateSpans = askedDates.size
      ? datesIn(passage.text)
          .filter((d) => d.terms.some((term) => askedDates.has(term)))
          .map((d) => ({ start: d.index, end: d.index + d.length }))
      : [];
    const spans = [...dateSpans, ...phraseSpans(passage.text, phrases)];
    const snippet = makeSnippet(passage.text, matcher, undefined, spans);
    // The opening of a passage tells its language as well as all of it.
    const language = passage.id % maxPassagesPerRecord === 0 ? undefined : detectLanguage(passage.text.slice(0, 600));
    return {
      passage: passage.id,
      snippet: snippet.marked,
      fragments: snippet.fragments,
      anchor: JSON.parse(passage.anchor) as PassageAnchor,
      ...(language ? { language } : {}),
    };
  };
  return page.map(({ candidate, fact }, i) => {
    const passage = passages.get(wanted[i]!);
    const title = titles.get(fact.recordId) || (passage?.text.split('\n')[0] ?? '');
    const best = shown(wanted[i]!);
    const snippet = best ? undefined : makeSnippet(title, matcher);
    return {
      id: fact.recordId,
      type: fact.type,
      title,
      score: Math.round(candidate.score * 1000) / 1000,
      snippet: best?.snippet ?? snippet!.marked,
      fragments: best?.fragments ?? snippet!.fragments,
      anchor: best?.anchor ?? { field: 'title' },
      passage: best?.passage ?? 0,
      ...(best?.language ? { language: best.language } : {}),
      more: candidate.more.map(shown).filter((p) => p !== undefined),
    };
  });
}

/**
 * Widens the query with alias groups: a term, a phrase, or consecutive words that spell an
 * alias ("National Security Committee" typed without quotes) match any name of its group.
 * Terms added for a shipped concept are noted in `fromConcepts`; the typed words a concept
 * spans then need only stand in one passage, not as typed in a row.
 */
function applyAliases(groups: Clause[][], termsOf: (term: string) => string[] | undefined, used: string[][], added: WeakSet<MatchClause>, concepts: boolean): Clause[][] {
  const maxWords = 6;
  const out: Clause[][] = [];
  const single = (g: Clause[]) => g.length === 1 && !g[0]!.phrase && g[0]!.words.length === 1;
  // A concept's abbreviations ("ст", "УК") name it but are not searched for: folded, they are "st" and "uk".
  const clausesOf = (terms: string[]) =>
    terms
      .filter((t) => !concepts || !/^\p{L}{1,3}$/u.test(t))
      .map((t) => {
        const clause = clauseOfTerm(t, concepts);
        added.add(clause);
        return clause;
      });
  for (let i = 0; i < groups.length; i++) {
    let merged = false;
    for (let span = Math.min(maxWords, groups.length - i); span >= 2 && !merged; span--) {
      const window = groups.slice(i, i + span);
      if (!window.every(single) || isStopGroup(window[0]!) || isStopGroup(window.at(-1)!)) continue;
      const words = window.map((g) => g[0]!.words[0]!);
      const terms = termsOf(words.join(' '));
      if (terms) {
        const content = words.filter((w) => !isStopWord(w));
        const typed: Clause = concepts ? { words: content, phrase: false, together: content.length > 1 } : { words, phrase: true };
        out.push([typed, ...clausesOf(terms)]);
        used.push(otherTerms(terms, words.join(' ')));
        i += span - 1;
        merged = true;
      }
    }
    if (merged) continue;
    const group: Clause[] = [...groups[i]!];
    for (const clause of groups[i]!) {
      // A phrase in quotes is meant as written: no concept widens it.
      if (clause.together || (concepts && (clause.quoted || isStopGroup([clause])))) continue;
      const terms = termsOf(clause.words.join(' '));
      if (terms) {
        group.push(...clausesOf(terms));
        used.push(otherTerms(terms, clause.words.join(' ')));
      }
    }
    out.push(group);
  }
  return out;
}

/** A single English word also searches the words of its family whose stems part ways ("detain" and "detention"). */
function withWordFamilies(groups: MatchClause[][], origins: WeakSet<MatchClause>[]): MatchClause[][] {
  return groups.map((group) => {
    const extra = group.flatMap((clause) => {
      // A concept's words are searched as listed (unstemmed), without their families either.
      if ('folded' in clause || clause.phrase || clause.unstemmed || clause.words.length !== 1) return [];
      // A family word ranks as the word it came from.
      const origin = origins.find((set) => set.has(clause));
      return familyOf(clause.words[0]!).map((w) => {
        const added: Clause = { words: [w], phrase: false };
        origin?.add(added);
        return added;
      });
    });
    return extra.length ? [...group, ...extra] : group;
  });
}

/** What "also searched" names: the group's terms other than the one typed (another script's spelling of it stays). */
function otherTerms(terms: string[], typed: string): string[] {
  return terms.filter((t) => t.toLocaleLowerCase() !== typed.toLocaleLowerCase());
}

function clauseOfTerm(term: string, unstemmed: boolean): Clause {
  const words = tokenize(term).map((t) => t.word);
  return unstemmed && words.length === 1 ? { words, phrase: false, unstemmed } : { words, phrase: words.length > 1 };
}

/** Whether an expression finds any passage; stops at the first, however common its words. */
function anyPassage(db: SqliteDatabase, expression: string): boolean {
  return (db.prepare('SELECT count(*) FROM (SELECT 1 FROM passage_folded WHERE passage_folded MATCH ? LIMIT 1)').pluck().get(expression) as number) > 0;
}

/**
 * A single query word that (folded, with its stem as a prefix) matches no passage is joined by
 * the nearest indexed words from the typo vocabulary. A word the archive holds, however rarely
 * (a surname in one report), is never widened to other people's names.
 */
function correctTypos(db: SqliteDatabase, groups: MatchClause[][], vocabulary: TypoVocabulary): { word: string; suggestions: string[] }[] {
  const corrections: { word: string; suggestions: string[] }[] = [];
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
    if (anyPassage(db, foldedExpression([[{ folded: [exact] }]]))) continue;
    const known = prefix ? vocabulary.wordsStartingWith(prefix, 64) : null;
    if (known?.length && anyPassage(db, foldedExpression([known.map((w) => ({ folded: [w] }))]))) continue;
    if (anyPassage(db, foldedExpression([[clause]]))) continue;
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
  const wordsOf = (text: string) => [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((m) => m[0]);
  // The words the snippets mark are the ones the corrections matched: only those are folded again.
  let words = new Set(hits.flatMap((h) => h.fragments.filter((f) => f.match).flatMap((f) => wordsOf(f.text))));
  if (!words.size) words = new Set(hits.flatMap((h) => wordsOf(`${h.title} ${h.snippet}`)));
  return corrections.map((c) => {
    const written = [...words].filter((w) => {
      const { exact, prefix } = foldedForms(w);
      return c.suggestions.some((s) => exact === s || prefix === s || exact.startsWith(s));
    });
    return written.length ? { ...c, written: written.slice(0, 5) } : c;
  });
}

/** Where a passage holds a quoted phrase's words together, as character spans to mark whole. */
function phraseSpans(text: string, phrases: readonly string[][]): { start: number; end: number }[] {
  if (!phrases.length) return [];
  const words = tokenize(text);
  const folded = words.map((w) => foldWord(w.word, { stem: false }));
  const spans: { start: number; end: number }[] = [];
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= folded.length; i++) {
      if (phrase.every((w, k) => folded[i + k] === w)) spans.push({ start: words[i]!.start, end: words[i + phrase.length - 1]!.end });
    }
  }
  return spans;
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
      // A quoted phrase is marked where its words stand together (phraseSpans), not word by word.
      if (clause.quoted) continue;
      for (const word of clause.words) {
        // "or" of "cruel, inhuman or degrading treatment" is not marked wherever it stands.
        if (clause.words.length > 1 && isStopWord(word)) continue;
        const whole = foldWord(word, { stem: false });
        const forms = clause.unstemmed ? { exact: whole, prefix: whole.length >= 4 ? whole : null } : foldedForms(word);
        exact.push(forms.exact);
        if (forms.prefix) prefixes.push(forms.prefix);
      }
    }
  }
  return wordMatcher({ exact: exact.filter(Boolean), prefixes: prefixes.filter((p) => p.length >= 4) });
}
