/**
 * Fuzzy dates: the date as a source wrote it ("on or around 5 January 2022", "early January
 * 2022", "1965", "5 января 2022 года") plus the calendar range it means. The text is what
 * the source said and is always kept; the range is our reading of it, used to sort and filter.
 * Text we cannot read keeps no range rather than a wrong one.
 */

export interface FuzzyDateRange {
  start?: string;
  end?: string;
  approximate: boolean;
}

interface Span {
  start: Day;
  end: Day;
}
interface Day {
  y: number;
  m: number;
  d: number;
}

const englishMonths = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
// Russian stems cover nominative, genitive and prepositional forms (январь, января, январе).
const russianStems = ['январ', 'феврал', 'март', 'апрел', 'ма', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];
const kazakhMonths = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

function monthOf(word: string): number | undefined {
  const bare = word.replace(/\.$/, '');
  if (bare.length >= 3) {
    // Full names and abbreviations: "jan", "sept", "september".
    const en = englishMonths.findIndex((m) => m.startsWith(bare));
    if (en >= 0) return en + 1;
  }
  // Kazakh before Russian: "мамыр" must not be read as Russian "ма(й)".
  const kk = kazakhMonths.findIndex((m) => word.startsWith(m));
  if (kk >= 0) return kk + 1;
  if (/^ма[йяе]$/.test(word)) return 5;
  const ru = russianStems.findIndex((stem, i) => i !== 4 && word.startsWith(stem) && word.length - stem.length <= 2);
  if (ru >= 0) return ru + 1;
  return undefined;
}

const fillers = new Set(['on', 'of', 'the', 'in', 'at', 'year', 'by', 'г', 'г.', 'гг', 'года', 'году', 'год', 'в', 'во', 'жылы', 'жылғы', 'жыл', 'ж', 'ж.']);
const approximateWords =
  /\b(?:on or about|on or around|around|about|approximately|approx\.?|circa|ca\.|c\.|roughly|some time in|sometime in)(?=\s|$)|(?:^|\s)(?:около|примерно|приблизительно|ориентировочно|шамамен|шамасында)(?=\s|$)/gu;
const earlyWords = /(?:^|\s)(?:early|beginning of|start of|the beginning of|the start of|начало|начале|в начале|басы|басында)(?=\s|$)/u;
const midWords = /(?:^|\s)(?:mid|middle of|the middle of|середина|середине|в середине|ортасы|ортасында)(?=\s|$)/u;
const lateWords = /(?:^|\s)(?:late|end of|the end of|конец|конце|в конце|аяғы|аяғында|соңы|соңында)(?=\s|$)/u;

/**
 * Plain numeric dates, most of a spreadsheet's cells ("2022-01-11", "11.01.2022", "1950"):
 * none of the word handling below can change how they read, so they skip it.
 */
const numericDate = /^(?:(\d{4})-(\d{2})-(\d{2})|(\d{1,2})[./](\d{1,2})[./](\d{4})|(\d{4}))$/;

export function parseFuzzyDate(text: string): FuzzyDateRange | null {
  const numeric = numericDate.exec(text);
  if (numeric) {
    const read = numericSpan(numeric);
    return read && { start: format(read.start), end: format(read.end), approximate: false };
  }
  let s = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[–—−]/g, '-')
    .replace(/\s*,\s*/g, ' ')
    .replace(/\b(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)?(?=\s|$)/g, ' ') // a time of day does not change the date
    .replace(/\s+/g, ' ')
    .trim();
  if (!s) return null;
  let approximate = false;
  s = s
    .replace(approximateWords, () => {
      approximate = true;
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();

  const bound = /^(before|until|till|up to|after|since|from|до|после|с|со)\s+(.+)$/u.exec(s);
  if (bound) {
    const span = parseRange(bound[2]!);
    if (!span) return null;
    switch (bound[1]) {
      case 'before':
      case 'до':
        return { end: format(addDays(span.start, -1)), approximate };
      case 'until':
      case 'till':
      case 'up to':
        return { end: format(span.end), approximate };
      case 'after':
      case 'после':
        return { start: format(addDays(span.end, 1)), approximate };
      default:
        return { start: format(span.start), approximate };
    }
  }
  const span = parseRange(s);
  if (!span) return null;
  return { start: format(span.start), end: format(span.end), approximate };
}

function parseRange(s: string): Span | null {
  const between = /^(?:between|from|с|со|между)\s+(.+?)\s+(?:and|to|по|и|до)\s+(.+)$/u.exec(s);
  if (between) return joinRange(between[1]!, between[2]!);
  const to = /^(.+?)\s+(?:to|until|-|по)\s+(.+)$/u.exec(s);
  if (to) return joinRange(to[1]!, to[2]!);
  const years = /^(\d{4})-(\d{4})$/.exec(s);
  if (years) return joinRange(years[1]!, years[2]!);
  const days = /^(\d{1,2})-(\d{1,2})\s+(.+)$/u.exec(s);
  if (days) return joinRange(`${days[1]} ${days[3]}`, `${days[2]} ${days[3]}`);
  return parseSingle(s);
}

/** "5 January - 6 February 2022": the left side borrows the year (and month) it leaves out. */
function joinRange(left: string, right: string): Span | null {
  const r = parseSingle(right.trim());
  if (!r) return null;
  const l = /^\d{1,2}$/.test(left.trim()) ? day(r.start.y, r.start.m, +left.trim()) : (parseSingle(left.trim()) ?? parseSingle(`${left.trim()} ${r.start.y}`));
  if (!l || compare(l.start, r.end) > 0) return null;
  return { start: l.start, end: r.end };
}

/** As parseSingle reads the same text. */
function numericSpan(m: RegExpExecArray): Span | null {
  if (m[1]) return day(+m[1], +m[2]!, +m[3]!);
  if (m[4]) return day(+m[6]!, +m[5]!, +m[4]);
  const year = +m[7]!;
  return year < 1000 || year > 2999 ? null : yearSpan(year);
}

function parseSingle(input: string): Span | null {
  let s = input.trim().replace(/(^|\s)mid-/u, '$1mid ');
  let part: 'early' | 'mid' | 'late' | undefined;
  if (earlyWords.test(s)) part = 'early';
  else if (midWords.test(s)) part = 'mid';
  else if (lateWords.test(s)) part = 'late';
  if (part) s = s.replace(earlyWords, ' ').replace(midWords, ' ').replace(lateWords, ' ');
  s = s.replace(/\s+/g, ' ').trim();

  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) return day(+m[1]!, +m[2]!, +m[3]!, part);
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) return month(+m[1]!, +m[2]!, part);
  if ((m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s))) return day(+m[3]!, +m[2]!, +m[1]!, part);
  if ((m = /^(\d{1,2})[./](\d{4})$/.exec(s))) return month(+m[2]!, +m[1]!, part);
  if ((m = /^(?:the )?(\d{3})0-?s$/.exec(s))) return part ? null : span({ y: +m[1]! * 10, m: 1, d: 1 }, { y: +m[1]! * 10 + 9, m: 12, d: 31 });

  let year: number | undefined;
  let monthNo: number | undefined;
  let dayNo: number | undefined;
  for (const raw of s.split(' ')) {
    const word = raw.replace(/^[([]+|[)\].;:]+$/g, '');
    if (!word || fillers.has(word)) continue;
    if (/^\d{4}$/.test(word) && year === undefined) year = +word;
    else if (/^\d{1,2}(?:st|nd|rd|th|-?го|-?е|-?ші|-?шы)?$/u.test(word) && dayNo === undefined) dayNo = parseInt(word, 10);
    else {
      const mo = monthOf(word);
      if (mo === undefined || monthNo !== undefined) return null;
      monthNo = mo;
    }
  }
  if (year === undefined || year < 1000 || year > 2999) return null;
  if (monthNo === undefined) return dayNo === undefined ? yearSpan(year, part) : null;
  if (dayNo === undefined) return month(year, monthNo, part);
  return day(year, monthNo, dayNo, part);
}

function yearSpan(y: number, part?: 'early' | 'mid' | 'late'): Span {
  if (part === 'early') return span({ y, m: 1, d: 1 }, { y, m: 4, d: 30 });
  if (part === 'mid') return span({ y, m: 5, d: 1 }, { y, m: 8, d: 31 });
  if (part === 'late') return span({ y, m: 9, d: 1 }, { y, m: 12, d: 31 });
  return span({ y, m: 1, d: 1 }, { y, m: 12, d: 31 });
}

function month(y: number, m: number, part?: 'early' | 'mid' | 'late'): Span | null {
  if (m < 1 || m > 12) return null;
  const last = daysInMonth(y, m);
  if (part === 'early') return span({ y, m, d: 1 }, { y, m, d: 10 });
  if (part === 'mid') return span({ y, m, d: 11 }, { y, m, d: 20 });
  if (part === 'late') return span({ y, m, d: 21 }, { y, m, d: last });
  return span({ y, m, d: 1 }, { y, m, d: last });
}

function day(y: number, m: number, d: number, part?: string): Span | null {
  if (part || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return span({ y, m, d }, { y, m, d });
}

function span(start: Day, end: Day): Span {
  return { start, end };
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function addDays(d: Day, n: number): Day {
  const t = new Date(Date.UTC(d.y, d.m - 1, d.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function compare(a: Day, b: Day): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

function format(d: Day): string {
  return `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
}
