import { datesIn } from './date-terms.js';
import { foldWord } from './fold-word.js';
import { foldedForms, type MatchClause } from './fts-query.js';
import { isStopWord } from './stop-words.js';
import { wordPattern } from './tokenize.js';

/**
 * The second ranking of a search. FTS5's bm25 finds and orders the candidates cheaply, but it
 * cannot tell what makes one passage the answer: it adds up every alternative a concept widened
 * a word to (a footnote saying "torture", "ill-treatment" and "cruel treatment" beats the
 * sentence with the words asked), it no longer knows a passage's length, and it ignores where
 * the words stand. The best few passages of the leading records are read again here:
 * - each query group counts once, by its own weight (rarer words weigh more), with a word as
 *   typed above another script's spelling and a concept's other terms below the query's own;
 * - longer passages need more matches for the same score (bm25's length normalisation);
 * - the query's words close together, and in the order typed, raise a passage;
 * - a passage lacking some groups (when no passage has them all) is lowered by what it lacks.
 */

/** How a clause came into the query, and what a match of it counts: a word as typed (or its typo's correction) fully, another name from the archive's aliases less, a shipped concept's other terms least. */
export type ClauseOrigin = 'typed' | 'alias' | 'concept';
const originWeight: Record<ClauseOrigin, number> = { typed: 1, alias: 0.5, concept: 0.25 };
/** A word matched as typed, not only folded, counts this much more. */
const asTypedWeight = 1.25;
/** bm25's saturation and length normalisation. */
const k1 = 1.2;
const b = 0.75;
/** A passage holding every group within a window the size of the query gains this much. */
const nearWeight = 0.75;
/**
 * A passage holding the query's words in order, next to each other (words of grammar between
 * them aside: "article 99 of the Criminal Code" for "article 99 Criminal Code"), gains up to
 * this much, by the square of the share of the query's pairs of words it holds so.
 */
const sequenceWeight = 1;
/** Words of grammar that may stand between two query words still read as next to each other. */
const gapWords = 2;

interface WordTest {
  exact: string;
  prefix: string | null;
  /** Index of the test in its query, for the per-passage table of where each test matches. */
  id: number;
}

interface RankClause {
  tests: WordTest[];
  /** Words in order (a phrase), or all anywhere in the passage (several words of one term). */
  phrase: boolean;
  origin: ClauseOrigin;
  /** The words as typed, lower-cased, to know a match as written. */
  typed: string[] | null;
}

interface RankGroup {
  clauses: RankClause[];
  idf: number;
}

export interface RankQuery {
  groups: RankGroup[];
  /** Every word typed, stop words too, in order: for the order bonus. */
  sequence: WordTest[];
  /** The tests by the folded word they match whole, and by the prefix they match. */
  byExact: Map<string, number[]>;
  byPrefix: Map<string, number[]>;
  prefixLengths: number[];
  tests: number;
  /** Whether the query names a date, so passages' dates need reading. */
  asksDates: boolean;
}

/**
 * Compiles the query's groups for ranking. `documentFrequency` estimates how many of `passages`
 * hold a group, for its weight.
 */
export function rankQuery(
  groups: MatchClause[][],
  originOf: (clause: MatchClause) => ClauseOrigin,
  typedWords: string[],
  documentFrequency: (group: MatchClause[]) => number,
  passages: number,
): RankQuery {
  const byExact = new Map<string, number[]>();
  const byPrefix = new Map<string, number[]>();
  let tests = 0;
  const test = (exact: string, prefix: string | null): WordTest => {
    const id = tests++;
    byExact.set(exact, [...(byExact.get(exact) ?? []), id]);
    if (prefix) byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), id]);
    return { exact, prefix, id };
  };
  const ranked = groups.map((group) => {
    const clauses: RankClause[] = [];
    for (const clause of group) {
      if ('folded' in clause) {
        for (const term of clause.folded) clauses.push({ tests: [test(term, null)], phrase: false, origin: 'typed', typed: null });
        continue;
      }
      const phrase = clause.phrase && !clause.together;
      const wordTests = clause.words.map((w) => {
        if (phrase) return test(foldWord(w, { stem: false }), null);
        if (!clause.unstemmed) {
          const forms = foldedForms(w);
          return test(forms.exact, forms.prefix);
        }
        const exact = foldWord(w, { stem: false });
        return test(exact, exact.length >= 4 ? exact : null);
      });
      clauses.push({ tests: wordTests, phrase, origin: originOf(clause), typed: clause.words.map((w) => w.toLocaleLowerCase()) });
    }
    const df = Math.max(1, Math.min(passages, documentFrequency(group)));
    return { clauses, idf: Math.log(1 + (passages - df + 0.5) / (df + 0.5)) };
  });
  const sequence = typedWords.map((w) => {
    const forms = foldedForms(w);
    return test(forms.exact, forms.prefix);
  });
  const prefixLengths = [...new Set([...byPrefix.keys()].map((p) => p.length))].sort((a, b) => a - b);
  // Date terms are folded like any word ("qd2011…" as "kd2011…").
  const asksDates = [...byExact.keys()].some((k) => /^kd\d{8}$|^km\d{6}$/.test(k));
  return { groups: ranked, sequence, byExact, byPrefix, prefixLengths, tests, asksDates };
}

export interface PassageScore {
  score: number;
  /** Groups found in the passage, of all the query's groups. */
  found: number;
}

interface ReadPassage {
  folded: string[];
  lower: string[];
  /** Whether each word is one of grammar. */
  stop: boolean[];
  /** Where each of the query's tests matches (positions ascending), by test id. */
  at: (number[] | undefined)[];
}

/**
 * Reads a passage once for a query: its words folded, and for each of the query's tests the
 * positions it matches, found by looking each distinct word up (whole, and by its prefixes of
 * the lengths the query's prefixes have) rather than trying every test on every word.
 */
function readPassage(text: string, query: RankQuery): ReadPassage {
  const folded: string[] = [];
  const lower: string[] = [];
  const stop: boolean[] = [];
  const ends: number[] = [];
  // Each distinct word is folded once; positions are gathered by folded word.
  const seen = new Map<string, { folded: string; lower: string; stop: boolean; positions: number[] }>();
  const words = new Map<string, number[]>();
  const pattern = new RegExp(wordPattern.source, 'gu');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const word = m[0];
    let read = seen.get(word);
    if (!read) {
      const lowered = word.toLowerCase();
      const fold = foldWord(word, { stem: false });
      let positions = words.get(fold);
      if (!positions) words.set(fold, (positions = []));
      read = { folded: fold, lower: lowered, stop: isStopWord(lowered), positions };
      seen.set(word, read);
    }
    read.positions.push(folded.length);
    folded.push(read.folded);
    lower.push(read.lower);
    stop.push(read.stop);
    ends.push(m.index + word.length);
  }
  // A date counts at the word where it begins, under the terms the index gives it (folded as the index folds them).
  const found = query.asksDates ? datesIn(text) : [];
  if (found.length) {
    let t = 0;
    for (const date of found) {
      while (t < ends.length && ends[t]! <= date.index) t++;
      if (t >= ends.length) break;
      for (const term of date.terms) {
        const key = foldWord(term, { stem: false });
        words.set(key, [...(words.get(key) ?? []), t]);
      }
    }
  }
  const at: (number[] | undefined)[] = new Array(query.tests);
  const mark = (ids: number[] | undefined, positions: number[]) => {
    if (!ids) return;
    for (const id of ids) {
      const list = at[id];
      if (list) list.push(...positions);
      else at[id] = [...positions];
    }
  };
  for (const [word, positions] of words) {
    mark(query.byExact.get(word), positions);
    for (const length of query.prefixLengths) {
      if (length > word.length) break;
      mark(query.byPrefix.get(word.slice(0, length)), positions);
    }
  }
  for (let id = 0; id < at.length; id++) {
    const list = at[id];
    // Sorted, each position once (a word can match a test both whole and by its prefix).
    if (list && list.length > 1) at[id] = [...new Set(list)].sort((x, y) => x - y);
  }
  return { folded, lower, stop, at };
}

/** Whether a sorted list holds a value. */
function holds(list: number[] | undefined, value: number): boolean {
  if (!list) return false;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (list[middle] === value) return true;
    if (list[middle]! < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** Positions where a clause matches, each with its weight. */
function clauseMatches(passage: ReadPassage, clause: RankClause, out: Map<number, number>): void {
  const base = originWeight[clause.origin];
  const add = (at: number, weight: number) => {
    if ((out.get(at) ?? 0) < weight) out.set(at, weight);
  };
  if (clause.tests.length === 1) {
    const typed = clause.typed?.[0];
    for (const i of passage.at[clause.tests[0]!.id] ?? []) add(i, base * (typed !== undefined && passage.lower[i] === typed ? asTypedWeight : 1));
    return;
  }
  if (clause.phrase) {
    const k = clause.tests.length;
    for (const i of passage.at[clause.tests[0]!.id] ?? []) {
      let j = 1;
      while (j < k && holds(passage.at[clause.tests[j]!.id], i + j)) j++;
      if (j < k) continue;
      const asTyped = clause.typed !== null && clause.typed.every((w, m) => passage.lower[i + m] === w);
      add(i, base * (asTyped ? asTypedWeight : 1));
    }
    return;
  }
  // Several words of one term, anywhere in the passage: as often as the rarest of them. Some
  // of them only (the query's own "unequal" without its "position") count for their share.
  const present = clause.tests.map((test) => passage.at[test.id]).filter((p): p is number[] => p !== undefined && p.length > 0);
  if (!present.length) return;
  const share = present.length / clause.tests.length;
  const times = Math.min(...present.map((p) => p.length));
  for (const at of present) for (const i of at) add(i, (base * share * times) / at.length);
}

/** The smallest span of words holding a position from each list (lists sorted ascending). */
function smallestWindow(lists: number[][]): number {
  const index = lists.map(() => 0);
  let best = Infinity;
  for (;;) {
    let low = 0;
    let high = -Infinity;
    for (let l = 0; l < lists.length; l++) {
      const v = lists[l]![index[l]!]!;
      if (v < lists[low]![index[low]!]!) low = l;
      if (v > high) high = v;
    }
    best = Math.min(best, high - lists[low]![index[low]!]! + 1);
    if (++index[low]! >= lists[low]!.length) return best;
  }
}

/** Pairs of consecutive typed words found next to each other, in order, somewhere in the passage. */
function pairsInOrder(passage: ReadPassage, sequence: WordTest[]): number {
  let pairs = 0;
  const n = passage.folded.length;
  for (let q = 0; q + 1 < sequence.length; q++) {
    const next = passage.at[sequence[q + 1]!.id];
    if (!next) continue;
    search: for (const i of passage.at[sequence[q]!.id] ?? []) {
      for (let j = i + 1; j < n && j <= i + 1 + gapWords; j++) {
        if (holds(next, j)) {
          pairs++;
          break search;
        }
        if (!passage.stop[j]) break;
      }
    }
  }
  return pairs;
}

/** Scores one passage for a query; higher is better. */
export function scorePassage(text: string, query: RankQuery, averageLength: number): PassageScore {
  const passage = readPassage(text, query);
  const length = Math.max(1, passage.folded.length);
  const norm = k1 * (1 - b + (b * length) / Math.max(1, averageLength));
  let score = 0;
  let found = 0;
  let weightFound = 0;
  let weightAll = 0;
  const positions: number[][] = [];
  for (const group of query.groups) {
    weightAll += group.idf;
    const matches = new Map<number, number>();
    for (const clause of group.clauses) clauseMatches(passage, clause, matches);
    if (!matches.size) continue;
    // A group counts by its best kind of match (as typed, an alias, a concept's term), as often as it matches.
    let tf = 0;
    let weight = 0;
    for (const w of matches.values()) {
      tf += Math.min(1, w);
      if (w > weight) weight = w;
    }
    score += (weight * group.idf * (tf * (k1 + 1))) / (tf + norm);
    found++;
    weightFound += group.idf;
    positions.push([...matches.keys()].sort((x, y) => x - y));
  }
  if (!found) return { score: 0, found };
  if (found < query.groups.length) score *= (weightFound / weightAll) ** 2;
  if (positions.length > 1) score *= 1 + (nearWeight * positions.length) / smallestWindow(positions);
  if (query.sequence.length > 1) score *= 1 + sequenceWeight * (pairsInOrder(passage, query.sequence) / (query.sequence.length - 1)) ** 2;
  return { score, found };
}

/**
 * The passage count and mean passage length (in words) of a contentless FTS5 table, read from
 * its "averages" record (row 1 of its data table: varints of the row count, then of each
 * column's total tokens) instead of counting the passages.
 */
export function indexTotals(block: Uint8Array | null | undefined): { passages: number; averageLength: number } {
  if (!block || !block.length) return { passages: 0, averageLength: 1 };
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let i = 0; i < 9 && at < block.length; i++) {
      const byte = block[at++]!;
      if (i === 8) return value * 256 + byte;
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) return value;
    }
    return value;
  };
  const passages = varint();
  const tokens = varint();
  return { passages, averageLength: passages ? tokens / passages : 1 };
}
