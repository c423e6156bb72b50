import type { FuzzyDate } from './schema-parts.js';

/** Dates as people read them in a language the interface speaks: "7 December 2026", "7 декабря 2026 г.". */

function locale(language: string): string {
  return language.startsWith('ru') ? 'ru-RU' : 'en-GB';
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day ("2026-12-07") in words. */
export function dayInWords(day: string, language: string): string {
  if (!isoDay.test(day)) return day;
  const [y, m, d] = day.split('-').map(Number);
  // "2026 г." never breaks before "г.".
  return new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y!, m! - 1, d!)))
    .replace(/ г\.$/, '\u00a0г.');
}

/**
 * A fuzzy date in words: a date someone typed as words ("spring 2021", "on or around 5 January")
 * is shown as written; one written as digits (a form's date picker, a date a screen filled in)
 * is shown as the language writes dates.
 */
export function fuzzyDateInWords(date: FuzzyDate | undefined, language: string): string {
  if (!date) return '';
  const text = date.text.trim();
  if (isoDay.test(text)) return dayInWords(text, language);
  const range = /^(\d{4}-\d{2}-\d{2})\s*[–-]+\s*(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (range) return `${dayInWords(range[1]!, language)} – ${dayInWords(range[2]!, language)}`;
  // A range open at one end, its known end a stored day (an Uwazi date range): "20 December 2011 – …".
  const open = /^(?:(\d{4}-\d{2}-\d{2})\s*[–-]+\s*…|…\s*[–-]+\s*(\d{4}-\d{2}-\d{2}))$/.exec(text);
  if (open) return rangeInWords(open[1], open[2], language);
  // One exact day written as a plain date ("1 September 2022", from an imported document) reads
  // in the screen's language; words that say more ("around", "early") stay as written.
  if (date.start && date.start === date.end && !date.approximate && /^(?:\d{1,2}\s+\p{L}+\.?,?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4})$/u.test(text))
    return dayInWords(date.start, language);
  return text;
}

/** The time of day an instant shows on the clocks of a time zone ("09:15"); without a zone, as stored. */
export function timeInWords(instant: string, timeZone: string | undefined): string {
  if (!timeZone) return instant.slice(11, 16);
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(instant));
}

/** The range a date means, as the language writes ranges: "5 January 2022", "1 – 10 May 2016", "28 April – 3 May 2016"; an open end is "…". */
export function rangeInWords(start: string | undefined, end: string | undefined, language: string): string {
  if (!start && !end) return '';
  if (!start || !end) return start ? `${dayInWords(start, language)} – …` : `… – ${dayInWords(end!, language)}`;
  if (start === end) return dayInWords(start, language);
  const at = (day: string) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(Date.UTC(y!, m! - 1, d!));
  };
  return new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).formatRange(at(start), at(end));
}
