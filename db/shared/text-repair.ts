import { unifyWordScript } from './scripts.js';

/**
 * Repairs the text that PDF extraction leaves behind and splits it into headings and
 * paragraphs, remembering where each came from (page, printed paragraph number, lines):
 * - words split by line-end hyphens are rejoined ("Kazakh-\nstan", "задер-\nжания") while real
 *   hyphens stay ("pre-\ntrial" when the document writes "pre-trial", "Nur-\nSultan");
 * - lines wrapped mid-sentence are joined into paragraphs, also in double-spaced extractions;
 * - page numbers and headers or footers repeated on every page are dropped;
 * - footnote numbers glued to words are split off ("Kazakhstan10" → "Kazakhstan[10]");
 * - look-alike letters from the other script are unified ("sanctiоns" with a Cyrillic о);
 * - curly quotes and apostrophes are normalised.
 * Pages are separated by form feeds (\f) when the extractor knows them.
 */
export interface TextBlock {
  kind: 'heading' | 'paragraph';
  text: string;
  /** 1-based page, when known (form feeds, or page numbers printed between repeated headers). */
  page?: number;
  /** The paragraph number the document prints ("12."), when it does. */
  number?: string;
  /** Line range in the source (1-based, whole text), for opening the hit in context. */
  lines: [number, number];
}

interface Line {
  text: string;
  no: number;
  page?: number;
  blankAfter: boolean;
}

export function repairText(raw: string): TextBlock[] {
  const text = normalizeCharacters(raw);
  const lines = dropPageFurniture(text);
  // Only a word broken at a line end needs the document's other words as evidence.
  const evidence = lines.some((l) => l.text.endsWith('-')) ? wordEvidence(wholeWordsText(lines)) : noEvidence;
  return joinParagraphs(lines, evidence).map((block) => (block.kind === 'paragraph' ? { ...block, text: splitGluedFootnotes(block.text) } : block));
}

/** Quotes, spaces, soft hyphens and look-alike letters; line structure is kept. */
/** Characters normalizeCharacters replaces; most field values hold none, and are spared the replacing. */
const replacedCharacters = /[\r\u00A0\u2007\u202F\t\u00AD\u2018-\u201F\u2032\u2033]/;

export function normalizeCharacters(raw: string): string {
  const text = raw.normalize('NFC');
  if (!replacedCharacters.test(text)) return unifyMixedWords(text);
  return unifyMixedWords(
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[\u00A0\u2007\u202F\t]/g, ' ')
      .replace(/\u00AD/g, '')
      .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"'),
  );
}

// A Latin letter touching a Cyrillic one: every word that mixes the scripts has such a pair.
const scriptBoundary = /[A-Za-z\u00C0-\u024F][\u0400-\u052F]|[\u0400-\u052F][A-Za-z\u00C0-\u024F]/g;
const letter = /[\p{L}\p{M}]/u;

/** Unifies only the words that mix scripts; text without such a word is returned as it is. */
function unifyMixedWords(text: string): string {
  scriptBoundary.lastIndex = 0;
  if (!scriptBoundary.test(text)) return text;
  scriptBoundary.lastIndex = 0;
  let out = '';
  let cursor = 0;
  for (const m of text.matchAll(scriptBoundary)) {
    if (m.index < cursor) continue;
    let start = m.index;
    let end = m.index + 2;
    while (start > cursor && letter.test(text[start - 1]!)) start--;
    while (end < text.length && letter.test(text[end]!)) end++;
    out += text.slice(cursor, start) + unifyWordScript(text.slice(start, end));
    cursor = end;
  }
  return out + text.slice(cursor);
}

const pageNumberLine = /^\s*(?:(?:page|стр\.?|страница|бет)\s*)?[-–]?\s*(\d{1,4})\s*[-–]?(?:\s*(?:of|из|\/)\s*\d{1,4})?\s*$/iu;

/**
 * "Article 4", "Article 6", "Статья 164", "Chapter II": headings that differ only by their
 * number, which the running-header test (digits aside) would otherwise take for page furniture.
 */
const numberedHeading = /^(?:articles?|chapter|section|part|annex|статья|статьи|глава|раздел|часть|приложение|бап|тарау|бөлім)\s+\d/iu;

function shape(line: string): string {
  return line.trim().replace(/\d+/g, '#').replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Splits into lines with page numbers, dropping running headers/footers and page-number
 * lines. A header is a short line that recurs (digits aside) on at least three pages or, in
 * text without page breaks, at least three times.
 */
function dropPageFurniture(text: string): Line[] {
  const pages = text.split('\f');
  const withBreaks = pages.length > 1;
  const raw: { text: string; no: number; page: number }[] = [];
  let no = 0;
  pages.forEach((pageText, p) => {
    for (const line of pageText.split('\n')) raw.push({ text: line.replace(/\s+$/, ''), no: ++no, page: p + 1 });
  });

  const counts = new Map<string, Set<number>>();
  const occurrences = new Map<string, number>();
  for (const line of raw) {
    const t = line.text.trim();
    if (!t || t.length > 90 || pageNumberLine.test(t)) continue;
    const key = shape(t);
    occurrences.set(key, (occurrences.get(key) ?? 0) + 1);
    if (!counts.has(key)) counts.set(key, new Set());
    counts.get(key)!.add(line.page);
  }
  const isRunning = (t: string) => {
    if (t.length > 90 || numberedHeading.test(t)) return false;
    const key = shape(t);
    if (withBreaks) return (counts.get(key)?.size ?? 0) >= Math.max(3, Math.ceil(pages.length / 2));
    // Without page breaks, a line that recurs three times and reads like a label, not prose.
    return (occurrences.get(key) ?? 0) >= 3 && !/[.!?:;,]$/.test(t) && t.split(/\s+/).length <= 8;
  };

  const kept: Line[] = [];
  let page: number | undefined = withBreaks ? 1 : undefined;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    const t = line.text.trim();
    if (withBreaks) page = line.page;
    if (t && isRunning(t)) continue;
    const number = pageNumberLine.exec(t);
    if (number) {
      // A bare number next to a running header (or after a page break) is a page number.
      const near = [raw[i - 1], raw[i - 2], raw[i + 1], raw[i + 2]].some((l) => l && l.text.trim() && isRunning(l.text.trim()));
      if (withBreaks || near || /\D/.test(t)) {
        if (!withBreaks && near) page = Number(number[1]);
        continue;
      }
    }
    if (!t) {
      if (kept.length) kept.at(-1)!.blankAfter = true;
      continue;
    }
    kept.push({ text: t, no: line.no, blankAfter: false, ...(page !== undefined ? { page } : {}) });
  }
  return kept;
}

/** Words as the document writes them elsewhere, to tell a line-end hyphen from a real one. */
interface WordEvidence {
  words: Set<string>;
  hyphenated: Set<string>;
}

/** The text without the halves of words broken at line ends: those halves prove nothing. */
function wholeWordsText(lines: Line[]): string {
  return lines
    .map((line, i) => {
      let t = line.text.endsWith('-') ? line.text.replace(/[\p{L}]+-$/u, '') : line.text;
      if (i > 0 && lines[i - 1]!.text.endsWith('-')) t = t.replace(/^[\p{L}]+/u, '');
      return t;
    })
    .join('\n');
}

const noEvidence: WordEvidence = { words: new Set(), hyphenated: new Set() };

function wordEvidence(text: string): WordEvidence {
  const words = new Set<string>();
  const hyphenated = new Set<string>();
  for (const m of text.matchAll(/[\p{L}]+(?:-[\p{L}]+)*/gu)) {
    const w = m[0].toLowerCase();
    if (w.includes('-')) hyphenated.add(w);
    for (const part of w.split('-')) words.add(part);
    words.add(w.replace(/-/g, ''));
  }
  return { words, hyphenated };
}

const hyphenPrefixes = new Set([
  'pre',
  'post',
  'non',
  'anti',
  'self',
  'ex',
  'co',
  'semi',
  'multi',
  'cross',
  'well',
  'long',
  'short',
  'counter',
  'inter',
  'intra',
  'under',
  'over',
  'quasi',
  'pseudo',
  'vice',
  'sub',
  'super',
  'ultra',
  'mid',
  'socio',
  'state',
  'so',
  'high',
  'low',
  'кое',
  'северо',
  'юго',
  'военно',
  'социально',
  'финансово',
  'уголовно',
  'административно',
  'гражданско',
  'общественно',
]);
const hyphenSuffixes = new Set(['то', 'либо', 'нибудь', 'таки', 'ка', 'де']);

/** How "left-" at a line end and "right" at the next line start are joined. */
function joinHyphenated(left: string, right: string, evidence: WordEvidence): string {
  const leftWord = /[\p{L}]+$/u.exec(left.slice(0, -1))?.[0] ?? '';
  const rightWord = /^[\p{L}]+/u.exec(right)?.[0] ?? '';
  const lw = leftWord.toLowerCase();
  const rw = rightWord.toLowerCase();
  const keep =
    /^\p{Lu}/u.test(rightWord) ||
    evidence.hyphenated.has(`${lw}-${rw}`) ||
    (!evidence.words.has(lw + rw) && ((hyphenPrefixes.has(lw) && evidence.words.has(rw)) || hyphenSuffixes.has(rw)));
  return keep ? `${left}${right}` : `${left.slice(0, -1)}${right}`;
}

const sentenceEnd = /[.!?:;"»)\]…]$/u;
const paragraphStart = /^(?:\(?\d{1,3}[.)]\s|\(?[a-zа-я][.)]\s|\([ivx]+\)\s|[-–•▪●■]\s|[IVX]{1,5}\.\s)/u;
const printedNumber = /^(\d{1,3})\.\s/;

// A line ending in one of these is a sentence wrapped mid-way, not a heading.
const trailingFunctionWord =
  /\b(?:a|an|the|of|in|on|at|to|for|by|with|from|and|or|but|that|which|as|is|was|were|be|his|her|their|its|в|во|на|по|с|со|к|и|или|а|но|что|от|до|за|из|о|об|для|при|не)$/iu;

/** A line ending in a title or reference abbreviation ("Mr.", "No.", "para.") runs on into the next. */
const titleAbbreviation = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|No|Nos|para|paras|art|arts|St|vol|pp|cf|e\.g|i\.e|г-н|г-жа|им|ст|п|т\.е)\.$/iu;

/** A heading marked as such (Markdown, or a converted Word or HTML document's heading). */
const markedHeading = /^#{1,6}\s+(?=\S)/;

const contactLine = /@|^(?:tel|fax|phone|e-?mail|address|адрес|тел|факс|телефон)\b|\+?\(?\d{2,4}\)?[\s-]?\d{2,4}[\s-]\d{2,4}[\s-]?\d{0,4}\s*$/iu;

function isHeading(line: Line, prev: Line | undefined, next: Line | undefined, afterHeading: boolean): boolean {
  const t = line.text;
  if (markedHeading.test(t)) return true;
  if (t.length > 90 || /[.,;:-]$/.test(t) || /^\d{1,3}\.\s/.test(t) || /https?:|www\./i.test(t)) return false;
  // An address block's lines ("Tel. / Fax: …", "E-mail: …") are not sections.
  if (contactLine.test(t)) return false;
  if (prev && !afterHeading && (!sentenceEnd.test(prev.text) || titleAbbreviation.test(prev.text)) && !prev.blankAfter) return false;
  if (trailingFunctionWord.test(t)) return false;
  const capitalised = /^(?:[IVX]{1,5}\.\s+|[A-Za-zА-Яа-я]\.\s+|\d+(?:\.\d+)*\s+)?[\p{Lu}]/u.test(t);
  if (!capitalised) return false;
  if (/^[\p{Lu}\d\s.,:;()'"«»/&-]+$/u.test(t) && t.length > 3) return true;
  // A short line ending without punctuation, followed by a new sentence or a numbered paragraph.
  // A next line opening with a number goes on from this one ("On 8 January" / "2022, Mr. …")
  // unless the number opens a numbered paragraph or heading.
  return t.split(/\s+/).length <= 10 && (!next || /^[\p{Lu}(«"-]/u.test(next.text) || /^\d+(?:\.\d+)*[.)]?(?:\s+[\p{Lu}(«"]|$)/u.test(next.text));
}

function joinParagraphs(lines: Line[], evidence: WordEvidence): TextBlock[] {
  // Double-spaced extraction: a blank after most lines, and most of those mid-sentence.
  const blankMidSentence = lines.filter((l, i) => l.blankAfter && i + 1 < lines.length && !sentenceEnd.test(l.text)).length;
  const doubleSpaced = lines.length > 4 && blankMidSentence >= lines.length * 0.25;
  const typicalWidth = percentileLength(lines, 0.8);

  const blocks: TextBlock[] = [];
  let current: { lines: Line[]; text: string } | undefined;
  const flush = () => {
    if (!current) return;
    const first = current.lines[0]!;
    const number = printedNumber.exec(current.text)?.[1];
    blocks.push({
      kind: 'paragraph',
      text: current.text,
      ...(first.page !== undefined ? { page: first.page } : {}),
      ...(number ? { number } : {}),
      lines: [first.no, current.lines.at(-1)!.no],
    });
    current = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const prev = lines[i - 1];
    const last = blocks.at(-1);
    // Consecutive capitalised heading lines are one heading ("I. IMPLEMENTATION OF …" / "BY THE UN …").
    // A paragraph's number alone on its line ("1.") opens the paragraph, not the heading.
    if (
      !current &&
      last?.kind === 'heading' &&
      last.lines[1] === prev?.no &&
      !markedHeading.test(line.text) &&
      !/^\(?\d{1,3}[.)]$/.test(line.text) &&
      // Continues a heading in capitals, not a name or a caption above one.
      /^[\p{Lu}\d\s.,:;()'"/&-]+$/u.test(last.text) &&
      /^[\p{Lu}\d\s.,:;()'"/&-]+$/u.test(line.text)
    ) {
      last.text += ` ${line.text}`;
      last.lines[1] = line.no;
      continue;
    }
    if (isHeading(line, prev, lines[i + 1], !current && last?.kind === 'heading' && last.lines[1] === prev?.no)) {
      flush();
      blocks.push({
        kind: 'heading',
        text: line.text.replace(markedHeading, '').replace(/\s+/g, ' '),
        ...(line.page !== undefined ? { page: line.page } : {}),
        lines: [line.no, line.no],
      });
      continue;
    }
    // A sentence that ends at the foot of a page ends the passage there: the next page's words are found on their own page.
    const pageTurned = prev?.page !== undefined && line.page !== prev.page && sentenceEnd.test(prev.text);
    if (current && prev && (pageTurned || startsParagraph(prev, line, doubleSpaced, typicalWidth))) flush();
    if (!current) {
      current = { lines: [line], text: line.text };
      continue;
    }
    const joinsWord = /[\p{L}]-$/u.test(current.text) && /^[\p{L}]/u.test(line.text) && !/^[\p{Lu}]{2}/u.test(line.text);
    current.text = joinsWord ? joinHyphenated(current.text, line.text, evidence) : `${current.text} ${line.text}`;
    current.lines.push(line);
  }
  flush();
  return blocks.map((b) => ({ ...b, text: b.text.replace(/\s+/g, ' ').trim() }));
}

/**
 * Whether `line` begins a new paragraph after `prev`. Prose never breaks a paragraph
 * mid-sentence, so a blank line after an unfinished sentence is the extractor's, not the author's.
 */
function startsParagraph(prev: Line, line: Line, doubleSpaced: boolean, typicalWidth: number): boolean {
  const ended = sentenceEnd.test(prev.text);
  if (paragraphStart.test(line.text) && (ended || /^[-–•▪●■]\s/u.test(line.text))) return true;
  const shortLast = prev.text.length < typicalWidth * (prev.blankAfter ? 0.8 : 0.6);
  const capital = /^[\p{Lu}\d(«"]/u.test(line.text);
  if (prev.blankAfter) return ended && (!doubleSpaced || (shortLast && capital));
  return ended && shortLast && capital;
}

function percentileLength(lines: Line[], p: number): number {
  const lengths = lines.map((l) => l.text.length).sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * p)] ?? 80;
}

/** "Kazakhstan10" → "Kazakhstan[10]", "custody".6" → "custody".[6]": the word becomes findable again. */
export function splitGluedFootnotes(text: string): string {
  return text
    .replace(/(?<=[\p{L}]{3,})(\d{1,3})(?=[\s,.;:)]|$)/gu, (digits, _d, offset: number, whole: string) => {
      const word = /[\p{L}]+$/u.exec(whole.slice(0, offset))?.[0] ?? '';
      // Codes such as COVID19 or G7 are written that way on purpose.
      return /\p{Ll}/u.test(word) ? `[${digits}]` : digits;
    })
    .replace(/(?<=[\p{L}"')\]])(?<!\b(?:No|no|Nos|nos|p|pp|para|paras|art|Art|vol|Vol|ch|Ch|ст|п|ч|№))([.,;:])(\d{1,3})(?=\s|$)/gu, '$1[$2]');
}
