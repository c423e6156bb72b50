import { parseFuzzyDate } from '../shared/fuzzy-date.js';

/**
 * Dates as index terms. A day is written many ways ("16 December 2011", "December 16, 2011",
 * "the 16th of December, 2011", "16.12.2011", "2011-12-16", "16 декабря 2011 года",
 * "2011 жылғы 16 желтоқсан"); each found in a passage adds the terms `qd20111216` (the day)
 * and `qm201112` (its month) to the passage's folded text, and a month written alone
 * ("January 2022", "январь 2022") adds its `qm` term. A date in a query becomes the same term,
 * so any way of writing it finds every other, and a month finds the days inside it.
 */
const month = '\\p{L}{3,10}\\.?';
const datePatterns = [
  new RegExp(`(?<![\\p{L}\\p{N}])\\d{1,2}(?:-?(?:st|nd|rd|th|го|е|ое))?(?:\\s+of)?\\s+${month},?\\s+\\d{4}(?:\\s*(?:года|г\\.))?(?!\\d)`, 'giu'),
  new RegExp(`(?<![\\p{L}\\p{N}])${month}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}(?!\\d)`, 'giu'),
  new RegExp(`(?<!\\d)\\d{4}\\s+жылғы\\s+\\d{1,2}\\s+${month}`, 'giu'),
  /(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?![\d.]\d)/g,
  /(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])/g,
  new RegExp(`(?<![\\p{L}\\p{N}])${month}\\s+\\d{4}(?!\\d)`, 'giu'),
];

export interface FoundDate {
  index: number;
  length: number;
  terms: string[];
}

/** A year a date of the archive's documents may carry: every date written with a year has one. */
const year = /(?<!\d)(?:1[89]|20)\d\d(?!\d)/g;
/** How far before and after its year a date can begin and end ("the 16th of September, 2011" is 27 before). */
const reach = 40;

/**
 * The dates written in a text, each with where it stands and the terms it indexes as. Only the
 * stretch around each year is read with the date patterns: most of a passage holds no year,
 * and reading it all with them would slow indexing by a third.
 */
export function datesIn(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  const taken = new Set<number>();
  for (const y of text.matchAll(year)) {
    const from = Math.max(0, y.index - reach);
    const window = text.slice(from, Math.min(text.length, y.index + 4 + reach));
    for (const pattern of datePatterns) {
      pattern.lastIndex = 0;
      for (const m of window.matchAll(pattern)) {
        const at = from + m.index;
        // The date around this year, not one around a year before or after it.
        if (at > y.index || at + m[0].length < y.index + 4 || taken.has(at)) continue;
        const terms = termsOf(m[0]);
        if (!terms.length) continue;
        for (let i = at; i < at + m[0].length; i++) taken.add(i);
        found.push({ index: at, length: m[0].length, terms });
      }
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

function termsOf(written: string): string[] {
  const kazakh = /^(\d{4})\s+жылғы\s+(\d{1,2})\s+(.+)$/u.exec(written);
  const readable = (kazakh ? `${kazakh[2]} ${kazakh[3]} ${kazakh[1]}` : written).replace(/(\d)(?:-?(?:st|nd|rd|th|го|е|ое))(?=\s)/giu, '$1').replace(/,/g, ' ');
  const range = parseFuzzyDate(readable);
  if (!range?.start || !range.end) return [];
  const compact = (iso: string) => iso.replace(/-/g, '');
  if (range.start === range.end) return [`qd${compact(range.start)}`, `qm${compact(range.start).slice(0, 6)}`];
  // A whole calendar month, and no more.
  if (range.start.slice(0, 7) === range.end.slice(0, 7) && range.start.endsWith('-01') && !approximate(written)) return [`qm${compact(range.start).slice(0, 6)}`];
  return [];
}

const approximate = (text: string) => /early|mid|late|начал|середин|конц|around|about/iu.test(text);

/** The index terms of the dates a passage writes (to append to its folded text). */
export function dateTermsOf(text: string): string[] {
  return [...new Set(datesIn(text).flatMap((d) => d.terms))];
}

/**
 * A query with each date it writes (outside quotes and filters) replaced by its term: a day by
 * its day, a month by its month.
 */
export function withDateTerms(query: string): string {
  let out = '';
  let last = 0;
  const quoted = [...query.matchAll(/"[^"]*"?/g)].map((m) => [m.index, m.index + m[0].length] as const);
  for (const date of datesIn(query)) {
    if (quoted.some(([from, to]) => date.index >= from && date.index < to)) continue;
    if (/\S:$/.test(query.slice(0, date.index))) continue;
    out += `${query.slice(last, date.index)}${date.terms[0]}`;
    last = date.index + date.length;
  }
  return out + query.slice(last);
}
