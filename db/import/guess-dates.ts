import { parseFuzzyDate } from '../shared/fuzzy-date.js';

/**
 * The date a document states for itself: the first full date in its opening text ("11 January
 * 2022", "January 11, 2022", "11 января 2022 года", "2022 жылғы 11 қаңтар", "11.01.2022",
 * "2022-01-11"), kept as written together with the day it means.
 */
export function statedDate(text: string): { text: string; start: string; end: string } | undefined {
  const opening = text.slice(0, 4000);
  const month = '[\\p{L}]{3,10}\\.?';
  const patterns = [
    new RegExp(`\\b\\d{1,2}\\s+${month}\\s+\\d{4}(?:\\s*(?:года|г\\.))?`, 'gu'),
    new RegExp(`${month}\\s+\\d{1,2},\\s*\\d{4}`, 'gu'),
    new RegExp(`\\d{4}\\s+жылғы\\s+\\d{1,2}\\s+${month}`, 'gu'),
    /\b\d{1,2}\.\d{1,2}\.\d{4}\b/gu,
    /\b\d{4}-\d{2}-\d{2}\b/gu,
  ];
  const found: { index: number; text: string; start: string; end: string }[] = [];
  for (const pattern of patterns) {
    for (const m of opening.matchAll(pattern)) {
      const candidate = m[0].trim();
      const range = parseFuzzyDate(kazakhOrder(candidate));
      // A stated day, not a month or a year range.
      if (range?.start && range.end && range.start === range.end) found.push({ index: m.index, text: candidate, start: range.start, end: range.end });
    }
  }
  found.sort((a, b) => a.index - b.index);
  const first = found[0];
  return first && { text: first.text, start: first.start, end: first.end };
}

/** "2022 жылғы 11 қаңтар" in the order the date parser reads. */
function kazakhOrder(text: string): string {
  const m = /^(\d{4})\s+жылғы\s+(\d{1,2})\s+(.+)$/u.exec(text);
  return m ? `${m[2]} ${m[3]} ${m[1]}` : text;
}
