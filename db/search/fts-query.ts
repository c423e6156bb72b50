import { foldWord } from './fold-word.js';
import type { Clause } from './query-parser.js';

/**
 * Turns parsed clauses into an FTS5 MATCH expression. Every string is quoted, so nothing a
 * user types is read as FTS5 syntax. Each clause matches either as written (unicode61,
 * diacritics removed) in the `head`/`body` columns, or folded in the `*_folded` columns: the
 * word as written folded, or its stem folded as a prefix (inflections, Kazakh endings).
 */
export const writtenColumns = '{head body}';
export const foldedColumns = '{head_folded body_folded}';

/** A clause that only matches given folded terms (typo corrections). */
export interface FoldedAlternative {
  folded: string[];
}

export type MatchClause = Clause | FoldedAlternative;

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Folded forms of one query word: the word folded as written, and its stem as a prefix. A
 * Latin word ending in a vowel also loses that vowel, so a transliterated name meets the
 * cases Russian gives it (Astana → Астане, Астану).
 */
export function foldedForms(word: string): { exact: string; prefix: string | null } {
  const exact = foldWord(word, { stem: false });
  let stem = foldWord(word, { stem: true });
  if (/^[\p{Script=Latin}\p{M}'’]+$/u.test(word) && exact.length >= 5 && /[aeiou]$/.test(exact) && exact.slice(0, -1).length < stem.length) {
    stem = exact.slice(0, -1);
  }
  return { exact, prefix: stem.length >= 4 ? stem : null };
}

function foldedWordExpr(word: string): string {
  const { exact, prefix } = foldedForms(word);
  if (!prefix) return quote(exact);
  return exact.startsWith(prefix) ? `${quote(prefix)} *` : `(${quote(exact)} OR ${quote(prefix)} *)`;
}

function foldedPhraseExpr(words: string[]): string {
  // A phrase of prefix tokens: "tortur" * + "in" + "custodi" *.
  return words
    .map((w) => {
      const { exact, prefix } = foldedForms(w);
      return prefix && exact.startsWith(prefix) ? `${quote(prefix)} *` : quote(exact);
    })
    .join(' + ');
}

export function clauseExpr(clause: MatchClause): string {
  if ('folded' in clause) return `${foldedColumns} : (${clause.folded.map(quote).join(' + ')})`;
  const written = `${writtenColumns} : ${quote(clause.words.join(' '))}`;
  const folded = clause.phrase || clause.words.length > 1 ? foldedPhraseExpr(clause.words) : foldedWordExpr(clause.words[0]!);
  return `(${written} OR ${foldedColumns} : (${folded}))`;
}

/** All groups must match; within a group any clause may. */
export function matchExpression(groups: MatchClause[][]): string {
  return groups.map((group) => (group.length === 1 ? clauseExpr(group[0]!) : `(${group.map(clauseExpr).join(' OR ')})`)).join(' AND ');
}
