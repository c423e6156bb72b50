import { foldWord } from './fold-word.js';
import type { Clause } from './query-parser.js';

/**
 * Turns parsed clauses into FTS5 MATCH expressions. Every string is quoted, so nothing a user
 * types is read as FTS5 syntax.
 * - `foldedExpression` is what every search matches, on the folded index: a word matches folded
 *   as written, or its stem folded as a prefix (inflections, Kazakh endings); a phrase matches
 *   its words folded as written, in order.
 */

/** A clause that only matches given folded terms (typo corrections). */
export interface FoldedAlternative {
  folded: string[];
}

export type MatchClause = Clause | FoldedAlternative;

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

// Kazakh case endings (genitive, dative, accusative, ablative, locative, instrumental).
const kazakhCase = /(?:тың|тің|дың|дің|ның|нің|қа|ке|ға|ге|на|не|ты|ті|ды|ді|ны|ні|тан|тен|дан|ден|нан|нен|та|те|да|де|нда|нде|пен|бен|мен)$/u;

/**
 * A name written with a Kazakh case ending, without it: "Жақсыбековтың" → "Жақсыбеков",
 * "Ақтауда" → "Ақтау". Only for a capitalised Cyrillic word that has a letter only Kazakh uses,
 * or whose rest is a surname (-ов, -ева, -ин…): a Russian word's own endings are left to the
 * Russian stemmer.
 */
export function nameWithoutKazakhCase(word: string): string | null {
  if (!/^\p{Lu}\p{Script=Cyrillic}+$/u.test(word) || !/^\p{Script=Cyrillic}/u.test(word)) return null;
  const ending = kazakhCase.exec(word.toLowerCase());
  if (!ending) return null;
  const base = word.slice(0, word.length - ending[0].length);
  if ([...base].length < 4) return null;
  return /[әғқңөұүһі]/iu.test(word) || /(?:ов|ев|ёв|ин|ова|ева|ина)$/iu.test(base) ? base : null;
}

/**
 * Folded forms of one query word: the word folded as written, and its stem as a prefix. A
 * Latin word ending in a vowel also loses that vowel, so a transliterated name meets the
 * cases Russian gives it (Astana → Астане, Астану); a name with a Kazakh case ending has the
 * name without it as its prefix (Жақсыбековтың → Zhaksybekov).
 */
export function foldedForms(word: string): { exact: string; prefix: string | null } {
  const exact = foldWord(word, { stem: false });
  const name = nameWithoutKazakhCase(word);
  let stem = name ? foldWord(name, { stem: false }) : foldWord(word, { stem: true });
  if (/^[\p{Script=Latin}\p{M}'’]+$/u.test(word) && exact.length >= 5 && /[aeiou]$/.test(exact) && exact.slice(0, -1).length < stem.length) {
    stem = exact.slice(0, -1);
  }
  return { exact, prefix: stem.length >= 4 ? stem : null };
}

function foldedClause(clause: MatchClause): string {
  if ('folded' in clause) return clause.folded.map(quote).join(' + ');
  if (clause.together && clause.words.length > 1) return `(${clause.words.map((w) => foldedClause({ words: [w], phrase: false })).join(' AND ')})`;
  if (clause.phrase || clause.words.length > 1)
    return quote(
      clause.words
        .map((w) => foldWord(w, { stem: false }))
        .filter(Boolean)
        .join(' '),
    );
  const { exact, prefix } = clause.unstemmed ? { exact: foldWord(clause.words[0]!, { stem: false }), prefix: null } : foldedForms(clause.words[0]!);
  if (clause.unstemmed) return exact.length >= 4 ? `${quote(exact)} *` : quote(exact);
  if (!prefix) return quote(exact);
  return exact.startsWith(prefix) ? `${quote(prefix)} *` : `(${quote(exact)} OR ${quote(prefix)} *)`;
}

/** All groups must match; within a group any clause may (spellings that fold alike are asked once). */
export function foldedExpression(groups: MatchClause[][]): string {
  return groups.map((group) => `(${withoutCovered([...new Set(group.map(foldedClause))]).join(' OR ')})`).join(' AND ');
}

/**
 * Alternatives another one already finds, left out: "torture" * beside "tortur" *, or a word
 * its prefix begins. FTS5 would scan each of them again.
 */
function withoutCovered(alternatives: string[]): string[] {
  const prefixes = alternatives.map((a) => /^"([^"\s]+)" \*$/.exec(a)?.[1]).filter((p): p is string => p !== undefined);
  return alternatives.filter((a) => {
    const word = /^"([^"\s]+)"(?: \*)?$/.exec(a)?.[1];
    return word === undefined || !prefixes.some((p) => word.startsWith(p) && a !== `"${p}" *`);
  });
}
