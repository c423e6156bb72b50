import { datesIn } from './date-terms.js';
import { foldWord } from './fold-word.js';
import { foldedForms, type MatchClause } from './fts-query.js';
import { isStopWord } from './stop-words.js';
import { tokenize } from './tokenize.js';

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
  const ranked = groups.map((group) => {
    const clauses: RankClause[] = [];
    for (const clause of group) {
      if ('folded' in clause) {
        for (const term of clause.folded) clauses.push({ tests: [{ exact: term, prefix: null }], phrase: false, origin: 'typed', typed: null });
        continue;
      }
      const phrase = clause.phrase && !clause.together;
      const tests = clause.words.map((w) => {
        if (phrase) return { exact: foldWord(w, { stem: false }), prefix: null };
        if (!clause.unstemmed) return foldedForms(w);
        const exact = foldWord(w, { stem: false });
        return { exact, prefix: exact.length >= 4 ? exact : null };
      });
      clauses.push({ tests, phrase, origin: originOf(clause), typed: clause.words.map((w) => w.toLocaleLowerCase()) });
    }
    const df = Math.max(1, Math.min(passages, documentFrequency(group)));
    return { clauses, idf: Math.log(1 + (passages - df + 0.5) / (df + 0.5)) };
  });
  return { groups: ranked, sequence: typedWords.map((w) => foldedForms(w)) };
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
  /** Date terms (qd…, qm…) by the position of the word where the date begins. */
  dates: Map<number, string[]>;
}

function readPassage(text: string): ReadPassage {
  const tokens = tokenize(text);
  const folded = new Array<string>(tokens.length);
  const lower = new Array<string>(tokens.length);
  const stop = new Array<boolean>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    folded[i] = foldWord(tokens[i]!.word, { stem: false });
    lower[i] = tokens[i]!.word.toLocaleLowerCase();
    stop[i] = isStopWord(lower[i]!);
  }
  const dates = new Map<number, string[]>();
  const found = datesIn(text);
  if (found.length) {
    let t = 0;
    for (const date of found) {
      while (t < tokens.length && tokens[t]!.end <= date.index) t++;
      // Folded as the index folds the terms it appends.
      if (t < tokens.length) dates.set(t, [...(dates.get(t) ?? []), ...date.terms.map((term) => foldWord(term, { stem: false }))]);
    }
  }
  return { folded, lower, stop, dates };
}

const passes = (test: WordTest, word: string) => word === test.exact || (test.prefix !== null && word.startsWith(test.prefix));

function wordAt(passage: ReadPassage, i: number, test: WordTest): boolean {
  if (passes(test, passage.folded[i]!)) return true;
  const dates = passage.dates.get(i);
  return dates !== undefined && dates.includes(test.exact);
}

/** Positions where a clause matches, each with its weight. */
function clauseMatches(passage: ReadPassage, clause: RankClause, out: Map<number, number>): void {
  const n = passage.folded.length;
  const base = originWeight[clause.origin];
  const add = (at: number, weight: number) => {
    if ((out.get(at) ?? 0) < weight) out.set(at, weight);
  };
  if (clause.tests.length === 1) {
    const test = clause.tests[0]!;
    const typed = clause.typed?.[0];
    for (let i = 0; i < n; i++) if (wordAt(passage, i, test)) add(i, base * (typed !== undefined && passage.lower[i] === typed ? asTypedWeight : 1));
    return;
  }
  if (clause.phrase) {
    const k = clause.tests.length;
    for (let i = 0; i + k <= n; i++) {
      let j = 0;
      while (j < k && passes(clause.tests[j]!, passage.folded[i + j]!)) j++;
      if (j < k) continue;
      const asTyped = clause.typed !== null && clause.typed.every((w, m) => passage.lower[i + m] === w);
      add(i, base * (asTyped ? asTypedWeight : 1));
    }
    return;
  }
  // Several words of one term, anywhere in the passage: as often as the rarest of them. Some
  // of them only (the query's own "unequal" without its "position") count for their share.
  const positions = clause.tests.map((test) => {
    const at: number[] = [];
    for (let i = 0; i < n; i++) if (wordAt(passage, i, test)) at.push(i);
    return at;
  });
  const present = positions.filter((p) => p.length);
  if (!present.length) return;
  const share = present.length / positions.length;
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
    search: for (let i = 0; i + 1 < n; i++) {
      if (!wordAt(passage, i, sequence[q]!)) continue;
      for (let j = i + 1; j < n && j <= i + 1 + gapWords; j++) {
        if (wordAt(passage, j, sequence[q + 1]!)) {
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
  const passage = readPassage(text);
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
