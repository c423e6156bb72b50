import { basename, extname } from 'node:path';
import type { ExtractedDocument } from './extract-file.js';

/** Titles that writers put in metadata by themselves and nobody chose: "Microsoft Word - x.doc", "zh.html", "Untitled". */
const machineTitle = /^(?:microsoft (?:word|excel|powerpoint) - .*|untitled.*|без названия|document\d*|.*\.(?:docx?|rtf|odt|pdf|html?|txt|tmp|indd|qxd))$/iu;

/** Headings every long document has, which name a section and not the document. */
const sectionWord =
  /^(?:introduction|summary|executive summary|contents|table of contents|preface|foreword|abstract|annex(?:es)?|введение|содержание|оглавление|резюме|предисловие|кіріспе|мазмұны)$/iu;

/** Lines of a masthead above a title: the organisation, a document symbol, distribution, language, page numbers. */
const mastheadLine =
  /^(?:united nations|nations unies|организация объединенных наций|general assembly|human rights council|distr\.?:?.*|original:.*|advance (?:un)?edited version|[A-Z]{1,6}\/[\w./-]+|page \d+.*|\d+|[-–—\s\d/]+)$/iu;

/** Words a title of the documents monitors archive begins with; such a line near the top beats an earlier one. */
const titleWord =
  /^(?:opinion|report|decision|judg(?:e)?ment|views|concluding observations|comments|statement|verdict|мнение|доклад|отчет|отчёт|решение|приговор|постановление|заключение|заявление|баяндама|шешім|үкім)(?!\p{L})/iu;

/**
 * A document's title, from the document itself: its metadata title when that looks like one a
 * person chose, else its first heading (HTML, Word, Markdown), else the title block at the top of
 * its text (a short line standing alone, past any masthead), else the file name.
 */
export function documentTitle(path: string, doc: ExtractedDocument): string {
  const name = basename(path);
  const metaTitle = doc.title?.trim() && !machineTitle.test(doc.title.trim()) ? doc.title.trim() : undefined;
  const heading = doc.firstHeading && !sectionWord.test(doc.firstHeading.trim()) ? doc.firstHeading.trim() : undefined;
  // "article-massimov-case.txt", "обзор_процесса.pdf": the words of the name, not its separators.
  const stem = basename(name, extname(name));
  const fromName = (/\s/.test(stem) ? stem.replace(/_+/g, ' ') : stem.replace(/[_-]+/g, ' ')).trim() || name;
  return (metaTitle ?? heading ?? (doc.hasTextLayer || (doc.ocr?.pages[0]?.confidence ?? 0) >= 85 ? titleBlock(doc.text) : undefined) ?? fromName)
    .replace(/\s+/g, ' ')
    .slice(0, 500);
}

/**
 * The title block of a plain text: among the first lines, one that begins as titles do
 * ("Opinion No. 57/2022 concerning …"), or else the first line that stands alone — short, not a
 * sentence that runs on, not a masthead line or a section heading. Undefined when the text opens
 * with running prose.
 */
export function titleBlock(text: string): string | undefined {
  const lines = text
    .slice(0, 6000)
    .split(/\n|\f/)
    .map((l) => l.replace(/\s+/g, ' ').trim());
  const filled = lines.filter(Boolean).slice(0, 30);
  const standsAlone = (i: number) => looksLikeTitle(filled[i]!) && !/^\p{Ll}/u.test(filled[i + 1] ?? '');
  for (let i = 0; i < filled.length; i++) {
    if (!titleWord.test(filled[i]!)) continue;
    // "ДОКЛАД / о нарушениях прав …": a title set over two or three lines reads as one.
    let end = i;
    while (end < i + 2 && /^\p{Ll}/u.test(filled[end + 1] ?? '') && filled.slice(i, end + 2).join(' ').length <= 200) end++;
    const joined = filled.slice(i, end + 1).join(' ');
    if (end > i ? looksLikeTitle(joined) && !/^\p{Ll}/u.test(filled[end + 1] ?? '') : standsAlone(i)) return joined;
  }
  const first = filled.findIndex((l) => !mastheadLine.test(l));
  return first >= 0 && standsAlone(first) && !sectionWord.test(filled[first]!) ? filled[first] : undefined;
}

function looksLikeTitle(line: string): boolean {
  if (line.length < 4 || line.length > 160) return false;
  if (!/\p{L}{3}/u.test(line) || /^\p{Ll}/u.test(line)) return false;
  // Prose, not a title: it ends as a sentence or a clause does.
  return !/[,;:]$/.test(line) && !(/\.$/.test(line) && line.split(' ').length > 8);
}
