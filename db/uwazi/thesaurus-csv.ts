import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { VigilError } from '../errors.js';
import { decodeText } from '../import/decode-text.js';
import { sniffDelimiter } from '../import/read-table.js';
import type { VocabularyTerm } from '../shared/definition-schemas.js';
import type { Archive } from '../store/archive.js';
import { applyTemplate, type ApplySummary } from '../templates/apply-template.js';
import { archiveTemplates } from '../templates/archive-templates.js';
import { keyOf, labelsFor } from './uwazi-template.js';

type Language = 'en' | 'ru' | 'kk';
type Labels = Partial<Record<Language, string>>;

/** Column names of a thesaurus CSV, as Uwazi names languages (English names), and as people write them. */
const languageColumns: Record<Language, string[]> = {
  en: ['english', 'en', 'английский', 'ағылшын', 'ағылшынша'],
  ru: ['russian', 'ru', 'русский', 'орыс', 'орысша'],
  kk: ['kazakh', 'kk', 'kz', 'казахский', 'қазақ', 'қазақша'],
};
const columnName: Record<Language, string> = { en: 'English', ru: 'Russian', kk: 'Kazakh' };
const maxThesaurusRows = 20_000;

/**
 * A vocabulary as the CSV Uwazi imports as a thesaurus (app/api/csv/importThesauri.ts), the
 * shape HURIDOCS publishes its thesauri in: a column per language, named in English
 * ("English", "Russian", "Kazakh"); a term per row; a child under its parent, its cells
 * starting with "- ". Uwazi holds two levels: a term deeper than that is written under its
 * top-level term (the JSON template file keeps every level).
 */
export function vocabularyCsv(archive: Archive, key: string): { text: string; terms: number } {
  const vocabulary = archiveTemplates(archive.db).vocabularies.get(key);
  if (!vocabulary) throw new VigilError('not_found', `no vocabulary "${key}" here`);
  const languages = (['en', 'ru', 'kk'] as const).filter((l) => everyTerm(vocabulary.terms).some((t) => t.labels[l]));
  const rows: string[][] = [languages.map((l) => columnName[l])];
  const cells = (t: VocabularyTerm, child: boolean) => languages.map((l) => (t.labels[l] ? `${child ? '- ' : ''}${t.labels[l]}` : ''));
  for (const top of vocabulary.terms) {
    rows.push(cells(top, false));
    for (const below of everyTerm(top.children ?? [])) rows.push(cells(below, true));
  }
  return { text: stringify(rows, { record_delimiter: 'unix' }), terms: rows.length - 1 };
}

function everyTerm(terms: readonly VocabularyTerm[]): VocabularyTerm[] {
  return terms.flatMap((t) => [t, ...everyTerm(t.children ?? [])]);
}

/**
 * Reads a thesaurus CSV into a vocabulary, as Uwazi's thesaurus import does: columns named by
 * language (the first column when none is), "- " marking a child of the term above (Vigil also
 * reads "- - " as a level below that). A term whose label the vocabulary has already, in any
 * language, is the same term: it gains the file's other labels and nothing is duplicated, so
 * importing a file again changes nothing. Refused whole, naming the row, when a child has no
 * term above it.
 */
export function importVocabularyCsv(archive: Archive, bytes: Uint8Array, file: string, options: { key: string; name?: string }): ApplySummary & { terms: number; added: number } {
  const { text } = decodeText(bytes);
  let rows: string[][];
  try {
    rows = parse(text, { delimiter: sniffDelimiter(text), relax_column_count: true, skip_empty_lines: true, bom: true, trim: true }) as string[][];
  } catch (err) {
    throw new VigilError('invalid_argument', `${file} cannot be read as CSV: ${(err as Error).message}`);
  }
  const [header, ...body] = rows;
  if (!header || !body.length) throw new VigilError('invalid_argument', `${file} holds no terms: a header row of languages, then a term per row`);
  if (body.length > maxThesaurusRows) throw new VigilError('invalid_argument', `${file} has more than ${maxThesaurusRows} terms`);
  const columns = header.map((h) => (Object.keys(languageColumns) as Language[]).find((l) => languageColumns[l].includes(h.trim().toLowerCase())));
  const byScript = !columns.some(Boolean);

  const templates = archiveTemplates(archive.db);
  const existing = templates.vocabularies.get(options.key);
  const known = new Map<string, string>();
  const keys = new Set<string>();
  for (const t of everyTerm(existing?.terms ?? [])) {
    keys.add(t.key);
    for (const l of Object.values(t.labels)) if (l && !known.has(l.toLowerCase())) known.set(l.toLowerCase(), t.key);
  }
  const terms: VocabularyTerm[] = [];
  const path: VocabularyTerm[] = [];
  let count = 0;
  let added = 0;
  body.forEach((row, i) => {
    let depth = 0;
    const labels: Labels = {};
    row.forEach((cell, c) => {
      const marked = /^((?:-\s*)+)(.*)$/s.exec(cell.trim());
      const words = (marked ? marked[2]! : cell).trim().replace(/\s+/g, ' ');
      if (marked) depth = Math.max(depth, (marked[1]!.match(/-/g) ?? []).length);
      if (!words || ['n/a', 'null'].includes(words.toLowerCase())) return;
      if (byScript) {
        if (c === 0) Object.assign(labels, labelsFor(words));
      } else if (columns[c] && !labels[columns[c]]) labels[columns[c]] = words.slice(0, 300);
    });
    if (!Object.keys(labels).length) return;
    if (depth > path.length) throw new VigilError('invalid_argument', `${file}, row ${i + 2}: a term marked "-" needs a term above it, one level up`);
    path.length = depth;
    const same = Object.values(labels)
      .map((l) => known.get(l.toLowerCase()))
      .find(Boolean);
    let key = same;
    if (!key) {
      const base = keyOf(labels.en ?? labels.ru ?? labels.kk!);
      key = base;
      for (let n = 2; keys.has(key); n++) key = `${base.slice(0, 60)}-${n}`;
      keys.add(key);
      added++;
      for (const l of Object.values(labels)) known.set(l.toLowerCase(), key);
    }
    const before = same ? everyTerm(existing?.terms ?? []).find((t) => t.key === same)?.labels : undefined;
    const term: VocabularyTerm = { key, labels: { ...before, ...labels } };
    count++;
    const parent = path.at(-1);
    if (parent) parent.children = [...(parent.children ?? []), term];
    else terms.push(term);
    path.push(term);
  });
  const name = options.name?.trim();
  const summary = applyTemplate(archive, {
    vocabularies: [{ key: options.key, labels: existing?.labels ?? (name ? labelsFor(name) : { en: options.key }), terms }],
  });
  return { ...summary, terms: count, added };
}
