import { foldWord } from './fold-word.js';
import type { SnippetFragment } from './search-results.js';
import { tokenize } from './tokenize.js';

/** Decides whether a word of a passage is one the query matched (as written, folded, by prefix). */
export interface WordMatcher {
  (word: string): boolean;
}

/**
 * Folded forms only: a word that matches as written also matches folded, since folding
 * lower-cases and drops diacritics first.
 */
export function wordMatcher(terms: { exact: string[]; prefixes: string[] }): WordMatcher {
  const exact = new Set(terms.exact);
  return (word) => {
    const folded = foldWord(word, { stem: false });
    return exact.has(folded) || terms.prefixes.some((p) => folded.startsWith(p));
  };
}

export interface Snippet {
  /** The snippet with matched words marked **like this**. */
  marked: string;
  fragments: SnippetFragment[];
}

/**
 * A window of about `length` characters of `text` centred on its densest run of matched
 * words (and `spans`), cut at word boundaries, with the matches marked.
 */
export function makeSnippet(text: string, matches: WordMatcher, length = 240, spans: readonly { start: number; end: number }[] = []): Snippet {
  const words = tokenize(text);
  // Spans the query matched as a whole (a date written any way) are marked whole.
  const inSpan = (w: { start: number; end: number }) => spans.some((s) => w.start >= s.start && w.end <= s.end);
  const hits = [...words.filter((w) => matches(w.word) && !inSpan(w)), ...spans.map((s) => ({ word: text.slice(s.start, s.end), start: s.start, end: s.end }))].sort(
    (a, b) => a.start - b.start,
  );
  let start = 0;
  if (hits.length) {
    // The window starting shortly before the hit that has the most other hits after it.
    let best = 0;
    let bestCount = -1;
    for (let i = 0; i < hits.length; i++) {
      const from = hits[i]!.start;
      const count = hits.filter((h) => h.start >= from && h.end <= from + length).length;
      if (count > bestCount) {
        best = i;
        bestCount = count;
      }
    }
    // Centred on the run of matches (a phrase, words close together), not starting at its first word.
    const run = hits.filter((h) => h.start >= hits[best]!.start && h.end <= hits[best]!.start + length);
    const middle = Math.floor((run[0]!.start + run.at(-1)!.end) / 2);
    start = Math.max(0, middle - Math.floor(length / 2));
  }
  let end = Math.min(text.length, start + length);
  if (end - start < length) start = Math.max(0, end - length);
  // Cut at word boundaries.
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < start + 30) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + length / 2) end = space;
  }
  const fragments: SnippetFragment[] = [];
  if (start > 0) fragments.push({ text: '…', match: false });
  let cursor = start;
  for (const hit of hits) {
    if (hit.start < start || hit.end > end) continue;
    if (hit.start > cursor) fragments.push({ text: text.slice(cursor, hit.start), match: false });
    fragments.push({ text: text.slice(hit.start, hit.end), match: true });
    cursor = hit.end;
  }
  if (cursor < end) fragments.push({ text: text.slice(cursor, end), match: false });
  if (end < text.length) fragments.push({ text: '…', match: false });
  const cleaned = fragments.map((f) => ({ ...f, text: f.match ? f.text : f.text.replace(/\s+/g, ' ') }));
  return { marked: cleaned.map((f) => (f.match ? `**${f.text}**` : f.text)).join(''), fragments: cleaned };
}
