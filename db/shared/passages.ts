import { z } from 'zod';
import type { RecordType } from './schemas.js';
import { normalizeCharacters, repairText, type TextBlock } from './text-repair.js';

/**
 * What of a record is searchable, cut into passages: a hit is shown and opened in context,
 * so each passage carries an anchor (field, section, page, printed paragraph, lines).
 * - the head: title, names and variants, case and document numbers (ranked above the rest);
 * - long texts (a report's body, a note, a description, a summary) split by heading,
 *   paragraph and page into passages of about a paragraph;
 * - every other free-text field, as "label: value" lines.
 */
export const passageAnchor = z.object({
  field: z.string(),
  section: z.string().optional(),
  page: z.number().optional(),
  paragraph: z.string().optional(),
  lines: z.tuple([z.number(), z.number()]).optional(),
  /** The passage's page was read by OCR: that page's mean confidence (0–100). */
  ocr: z.number().optional(),
});
export type PassageAnchor = z.output<typeof passageAnchor>;

export interface Passage {
  kind: 'head' | 'body';
  text: string;
  anchor: PassageAnchor;
}

const targetSize = 1200;
const maxSize = 2000;

/** Fields whose text is long prose: split into passages rather than listed. */
const proseFields: Record<string, 'document' | 'typed'> = { body: 'document', text: 'typed', description: 'typed', summary: 'typed' };
const headIdentifiers = ['caseNumber', 'opinionNumber', 'symbol', 'reference', 'mechanism'];
/** Values that are identifiers or machine data, not words anyone searches for. */
const technicalKeys = new Set([
  'sha256',
  'mime',
  'size',
  'role',
  'url',
  'script',
  'lang',
  'start',
  'end',
  'approximate',
  'timeZone',
  'sensitivity',
  'target',
  'rel',
  'observedAt',
  'recordedAt',
  'ocr',
]);
const technicalValue = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64}|\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?)$/i;

/**
 * `definedLines`: the record's defined values as "Label: value" lines, read by the caller from
 * the archive's definitions (db/templates/defined-lines.ts); without them they are not indexed.
 */
export function passagesOf(_type: RecordType, data: Record<string, unknown>, definedLines: readonly string[] = []): Passage[] {
  const passages: Passage[] = [];
  // Tags are chosen labels of what the record is about, as its title is: they rank with it.
  const tags = Array.isArray(data.tags) ? data.tags : [];
  const head = [data.title, ...namesOf(data), ...headIdentifiers.map((k) => data[k]), ...tags].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  passages.push({ kind: 'head', text: [...new Set(head.map((h) => normalizeCharacters(h).trim()))].join('\n'), anchor: { field: 'title' } });

  for (const [field, style] of Object.entries(proseFields)) {
    const value = data[field];
    if (typeof value !== 'string' || !value.trim()) continue;
    const blocks = style === 'document' ? repairText(value) : typedBlocks(value);
    const grouped = groupBlocks(blocks, field);
    const read = field === 'body' ? ocrConfidence(data) : undefined;
    passages.push(
      ...(read ? grouped.map((p) => (p.anchor.page !== undefined && read.has(p.anchor.page) ? { ...p, anchor: { ...p.anchor, ocr: read.get(p.anchor.page)! } } : p)) : grouped),
    );
  }

  const lines: string[] = [];
  collectFieldLines(data, [], lines);
  lines.push(...definedLines.map((line) => normalizeCharacters(line)));
  passages.push(...groupLines(lines));
  return passages;
}

/** A report's pages read by OCR, with each page's confidence. */
function ocrConfidence(data: Record<string, unknown>): Map<number, number> | undefined {
  const imported = data.imported as { ocr?: { pages?: { page: number; confidence: number }[] } } | undefined;
  const pages = imported?.ocr?.pages;
  return pages?.length ? new Map(pages.map((p) => [p.page, p.confidence])) : undefined;
}

function namesOf(data: Record<string, unknown>): string[] {
  const names = Array.isArray(data.names) ? data.names : [];
  return names.map((n) => (n && typeof n === 'object' ? (n as { name?: unknown }).name : undefined)).filter((n): n is string => typeof n === 'string');
}

/** Text people typed: paragraphs are what they separated with blank lines; no PDF repair. */
function typedBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let lineNo = 1;
  for (const part of normalizeCharacters(text).split(/\n\s*\n/)) {
    const lineCount = part.split('\n').length;
    if (part.trim()) blocks.push({ kind: 'paragraph', text: part.trim(), lines: [lineNo, lineNo + lineCount - 1] });
    lineNo += lineCount + 1;
  }
  return blocks;
}

/** Paragraphs into passages of about `targetSize`, never across a heading or a page. */
function groupBlocks(blocks: TextBlock[], field: string): Passage[] {
  const passages: Passage[] = [];
  let section: string | undefined;
  let pending: TextBlock[] = [];
  const flush = () => {
    if (!pending.length) return;
    const first = pending.find((b) => b.kind === 'paragraph') ?? pending[0]!;
    const last = pending.at(-1)!;
    const text = pending.map((b) => b.text).join('\n');
    for (const piece of splitLong(text)) {
      passages.push({
        kind: 'body',
        text: piece,
        anchor: {
          field,
          ...(section ? { section } : {}),
          ...(first.page !== undefined ? { page: first.page } : {}),
          ...(first.number ? { paragraph: first.number } : {}),
          lines: [first.lines[0], last.lines[1]],
        },
      });
    }
    pending = [];
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      flush();
      section = block.text;
      // The heading's words are searchable too: they open the section's first passage.
      pending.push(block);
      continue;
    }
    const size = pending.reduce((n, b) => n + b.text.length + 1, 0);
    const onlyHeading = pending.length === 1 && pending[0]!.kind === 'heading';
    if (pending.length && !onlyHeading && (size + block.text.length > targetSize || pending[0]!.page !== block.page || block.number)) flush();
    pending.push(block);
  }
  flush();
  return passages;
}

/** Cuts text longer than `maxSize` at sentence ends (or spaces) into pieces of about `targetSize`. */
function splitLong(text: string): string[] {
  if (text.length <= maxSize) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxSize) {
    const window = rest.slice(0, maxSize);
    const sentence = Math.max(window.lastIndexOf('. ', maxSize), window.lastIndexOf('.\n', maxSize));
    const cut = sentence > targetSize / 2 ? sentence + 1 : window.lastIndexOf(' ') > targetSize / 2 ? window.lastIndexOf(' ') : maxSize;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Every other string of the record as a "label: value" line, e.g. "arrests › accounts › circumstances: …". */
function collectFieldLines(value: unknown, path: string[], out: string[]): void {
  if (typeof value === 'string') {
    const key = path.at(-1) ?? '';
    const trimmed = value.trim();
    if (!trimmed || technicalKeys.has(key) || technicalValue.test(trimmed)) return;
    // A fuzzy date's words are labelled by the date's field, not by "text".
    const label = key === 'text' && path.length > 1 ? path.slice(0, -1).join(' › ') : path.join(' › ');
    out.push(`${label}: ${normalizeCharacters(trimmed).replace(/\s+/g, ' ').trim()}`);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectFieldLines(item, path, out);
    return;
  }
  if (value && typeof value === 'object') {
    // One path array for the whole walk, grown and shrunk, rather than a new one per field.
    for (const key in value) {
      if (path.length === 0 && (key === 'title' || key === 'names' || key === 'tags' || key === 'defined' || key in proseFields || headIdentifiers.includes(key))) continue;
      if (technicalKeys.has(key)) continue;
      path.push(key);
      collectFieldLines((value as Record<string, unknown>)[key], path, out);
      path.pop();
    }
  }
}

function groupLines(lines: string[]): Passage[] {
  const passages: Passage[] = [];
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length) passages.push({ kind: 'body', text: pending.join('\n'), anchor: { field: 'details' } });
    pending = [];
    size = 0;
  };
  for (const line of lines) {
    for (const piece of splitLong(line)) {
      if (size + piece.length > targetSize) flush();
      pending.push(piece);
      size += piece.length + 1;
    }
  }
  flush();
  return passages;
}
