import { parseFuzzyDate } from '../shared/fuzzy-date.js';

const month = '[\\p{L}]{3,10}\\.?';
const datePatterns = [
  new RegExp(`\\b\\d{1,2}(?:-?(?:st|nd|rd|th|го|е))?(?:\\s+of)?\\s+${month}\\s*,?\\s+\\d{4}(?:\\s*(?:года|г\\.))?`, 'gu'),
  new RegExp(`${month}\\s+\\d{1,2},\\s*\\d{4}`, 'gu'),
  new RegExp(`\\d{4}\\s+жылғы\\s+\\d{1,2}\\s+${month}`, 'gu'),
  /\b\d{1,2}\.\d{1,2}\.\d{4}\b/gu,
  /\b\d{4}-\d{2}-\d{2}\b/gu,
];

/** Words a date line may carry beside its date: a place, "Date:", "Distr.: General", a document kind. */
const besideTheDate = 30;

/**
 * The date a document states for itself: its date line, a line near the top that is a full date
 * and little else ("11 January 2022", "Almaty, 11 January 2022", "Distr.: General 30 November
 * 2022", "Алматы, 11 января 2022 г.", "2022 жылғы 11 қаңтар", "11.01.2022"), kept as written
 * together with the day it means. A date inside running text ("the events of 16 December 2011")
 * is what the document is about, not when it was written, and is never taken. Failing a date
 * line at the top, the adoption line a UN opinion ends with ("[Adopted on 1 September 2022]").
 */
export function statedDate(text: string): { text: string; start: string; end: string } | undefined {
  const lines = text.slice(0, 8000).split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.length > 90) continue;
    for (const pattern of datePatterns) {
      for (const m of line.matchAll(pattern)) {
        const candidate = m[0].trim();
        const rest = (line.slice(0, m.index) + line.slice(m.index + m[0].length)).replace(/[\s,.;:–—-]+/g, ' ').trim();
        if (rest.length > besideTheDate) continue;
        const range = parseFuzzyDate(kazakhOrder(candidate));
        // A stated day, not a month or a year range.
        if (range?.start && range.end && range.start === range.end) return { text: candidate, start: range.start, end: range.end };
      }
    }
  }
  // A UN opinion or decision states when it was adopted at its end: "[Adopted on 1 September 2022]".
  const adopted = /\[?\s*(?:adopted on|принято|принят[оа]?)\s+([^\]\n]{6,40})\]?/iu.exec(text.slice(-6000));
  if (adopted) {
    const candidate = adopted[1]!.trim().replace(/[.\s]+$/, '');
    const range = parseFuzzyDate(kazakhOrder(candidate));
    if (range?.start && range.end && range.start === range.end) return { text: candidate, start: range.start, end: range.end };
  }
  return undefined;
}

/** "2022 жылғы 11 қаңтар" in the order the date parser reads. */
function kazakhOrder(text: string): string {
  const m = /^(\d{4})\s+жылғы\s+(\d{1,2})\s+(.+)$/u.exec(text);
  return m ? `${m[2]} ${m[3]} ${m[1]}` : text;
}
