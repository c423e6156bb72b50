import { VigilError } from '../errors.js';
import { aliasKey, starterAliases } from './aliases.js';
import { shippedConcepts } from './concepts.js';

/** The two lists of words search treats as one: names that mean the same, and concepts across languages. */
export type WordList = 'aliases' | 'concepts';

/** A group of terms as the screens and the contract show it; `id` is its place in the list, for this reading only. */
export interface WordGroup {
  id: number;
  terms: string[];
}

/** What one search-words record changes: the terms it joins, and the terms it takes out. */
export interface WordChange {
  terms: readonly string[];
  removed?: readonly string[];
}

export const shippedWords: Record<WordList, readonly (readonly string[])[]> = { aliases: starterAliases, concepts: shippedConcepts };

/**
 * The groups search uses: Vigil's shipped groups and the archive's changes, joined wherever
 * two share a term (folded: "Nur-Sultan" is "Нур-Султан"), less every term any change
 * removed. Built from the union of all changes, so the same records give the same groups in
 * whatever order two laptops received them. A term left alone in its group means nothing and
 * is dropped. Each group lists its terms in the order first seen, shipped ones first.
 */
export function combineWordGroups(shipped: readonly (readonly string[])[], changes: readonly WordChange[]): WordGroup[] {
  const removed = new Set(changes.flatMap((c) => (c.removed ?? []).map(aliasKey)));
  const parent = new Map<string, string>();
  // Every spelling is kept, in the order first seen: "Kazakhstan" and "Казахстан" fold alike, and both are shown.
  const spellings: { key: string; term: string }[] = [];
  const seen = new Set<string>();
  const root = (key: string): string => {
    let at = key;
    while (parent.get(at) !== at) at = parent.get(at)!;
    parent.set(key, at);
    return at;
  };
  const join = (terms: readonly string[]) => {
    let first: string | undefined;
    for (const term of terms) {
      const key = aliasKey(term);
      if (!key || removed.has(key)) continue;
      if (!parent.has(key)) parent.set(key, key);
      if (!seen.has(term.trim())) {
        seen.add(term.trim());
        spellings.push({ key, term: term.trim() });
      }
      if (first === undefined) first = key;
      else {
        const a = root(first);
        const b = root(key);
        if (a !== b) parent.set(b, a);
      }
    }
  };
  for (const group of shipped) join(group);
  for (const change of changes) join(change.terms);
  const groups = new Map<string, string[]>();
  for (const { key, term } of spellings) {
    const at = root(key);
    groups.set(at, [...(groups.get(at) ?? []), term]);
  }
  return [...groups.values()].filter((terms) => terms.length > 1).map((terms, i) => ({ id: i + 1, terms }));
}

/** The groups by each of their terms' folded keys, for applying aliases to a query. */
export function groupsByKey(groups: readonly WordGroup[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const group of groups) for (const term of group.terms) map.set(aliasKey(term), group.terms);
  return map;
}

/** Refuses terms search could not use, before anything is written. */
export function checkWordTerms(list: WordList, terms: readonly string[]): string[] {
  const what = list === 'aliases' ? 'an alias' : 'a concept';
  const all = terms.map((t) => t.trim()).filter(Boolean);
  if (all.length < 2) throw new VigilError('invalid_argument', `${what} needs a term and at least one synonym`);
  for (const t of all) {
    if (t.length > 200) throw new VigilError('invalid_argument', `${what} term has at most 200 characters`);
    if (!aliasKey(t)) throw new VigilError('invalid_argument', `"${t}" has no letters or digits to search for`);
  }
  return all;
}
