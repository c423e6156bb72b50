import { VigilError } from '../errors.js';
import type { RecordType } from '../shared/schemas.js';
import type { OcrLanguage } from '../ocr/language-data.js';
import { readImageHeader } from '../ocr/image-header.js';
import { validateRecordData } from '../records/validate-record.js';
import { prepareRecord, type PreparedRecord } from '../search/prepare-record.js';
import { readSealed, type SealedFile } from '../store/sealed-file.js';
import type { CellContext } from './column-fields.js';
import type { DefinedColumns } from './defined-columns.js';
import { checkZip } from './check-zip.js';
import { decodeText } from './decode-text.js';
import { documentReport } from './document-report.js';
import { extractPdf } from './extract-pdf.js';
import { bytesOf, type FileInput } from './file-input.js';
import type { ImportLimits } from './import-limits.js';
import { openTable, readTable, type Table, type TableRow } from './read-table.js';
import { isTableFormat, type DocumentFormat, type ImportFormat } from './sniff-format.js';
import type { ColumnMapping } from './import-outcome.js';
import { mapColumns, rowsToRecords, type ColumnChoice } from './table-records.js';

/** What a document yields before it becomes a record; plain data, so it crosses a worker boundary. */
export interface ExtractedDocument {
  kind: 'document';
  format: DocumentFormat;
  /** The text; pages separated by form feeds; headings marked "# ". */
  text: string;
  title?: string;
  firstHeading?: string;
  author?: string;
  /** ISO date from the file's own metadata. */
  created?: string;
  language?: string;
  pages?: number;
  hasTextLayer: boolean;
  encoding?: string;
  /** 1-based pages with no text of their own (a scan's): read by OCR before the report is made. */
  needsOcr?: number[];
  /** What OCR read (set once it has). */
  ocr?: { languages: OcrLanguage[]; pages: { page: number; confidence: number; turned?: number }[] };
  /** Why some or all of the pages were not read by OCR ("the Russian language data, which is missing"). */
  ocrSkipped?: string;
}

/**
 * A spreadsheet's rows as validated records of the chosen type, with their search entries
 * when they are to be written: worked out beside the extraction, off the engine's thread.
 */
export interface TableRecords {
  mapping: ColumnMapping[];
  records: { type: RecordType; data: Record<string, unknown> }[];
  prepared?: PreparedRecord[];
}

/** A document's report record, validated, and its search entries when it is to be written. */
export interface DocumentRecord {
  report: Record<string, unknown>;
  prepared?: PreparedRecord;
}

export type Extracted = (ExtractedDocument & Partial<DocumentRecord>) | ({ kind: 'table'; format: 'csv' | 'xlsx' } & Table & Partial<TableRecords>);

export interface ExtractionJob {
  /** The file's name as the caller gave it (a report's title falls back to it). */
  path: string;
  /** Where its bytes are when the caller keeps it sealed (`vigil serve`): read from there, into memory, not from `path`. */
  sealed?: SealedFile;
  format: ImportFormat;
  /** The file's size in bytes: reading it may need memory in proportion (a PDF is read whole). */
  size: number;
  limits: ImportLimits;
  /** For a spreadsheet: the record type its rows become, and whether they are to be indexed (not a dry run). */
  rows?: { as: RecordType; map?: ColumnChoice[]; context: CellContext; index: boolean; defined?: DefinedColumns };
  /** For a document: the original's hash and size (for its attachment), and whether it is to be indexed. */
  report?: { sha256: string; size: number; index: boolean };
}

/** A PDF page with fewer letters than this has no text of its own: it is a scanned image, read by OCR. */
const textPageLetters = 20;

/** Rows are turned into records this many at a time, each batch handed on before the next is made. */
const rowsPerPart = 1000;

/**
 * Reads one file's text or rows. Runs on the extraction worker; throws VigilError for a file it
 * refuses. With `emit`, a spreadsheet's records are handed over in parts as they are made (so
 * the worker never holds them all) and the result carries none.
 */
export async function extractFile(job: ExtractionJob, emit?: (part: Omit<TableRecords, 'mapping'>) => void | Promise<void>): Promise<Extracted> {
  const { path, format, limits } = job;
  const input: FileInput = job.sealed ? await readSealed(job.sealed) : path;
  if (format === 'docx' || format === 'xlsx') await checkZip(input, format === 'docx' ? 'word/document.xml' : 'xl/workbook.xml', limits);
  if (isTableFormat(format)) {
    if (!job.rows) return { kind: 'table', format, ...(await readTable(input, format, limits)) };
    // Rows become records as they are read: the first part is on its way while the rest is parsed.
    const table = await openTable(input, format, limits);
    const { as, context, index } = job.rows;
    const mapping = mapColumns(as, table.headers, job.rows.map, job.rows.defined);
    const all: Omit<TableRecords, 'mapping'> = { records: [], ...(index ? { prepared: [] } : {}) };
    const makePart = async (rows: TableRow[]) => {
      const records = rowsToRecords(as, { headers: table.headers, rows }, mapping, context, job.rows!.defined);
      const part = { records, ...(index ? { prepared: records.map((r) => prepareRecord(r.type, r.data)) } : {}) };
      if (emit) {
        // Waits while the reader is parts behind: the worker never runs far ahead of the writes.
        await emit(part);
      } else {
        all.records.push(...part.records);
        all.prepared?.push(...part.prepared!);
      }
    };
    // The first parts are small, so that writing starts early; then parts of rowsPerPart.
    let partSize = rowsPerPart / 8;
    let waiting: TableRow[] = [];
    for await (const slice of table.rowSlices) {
      waiting = waiting.length ? waiting.concat(slice) : slice;
      while (waiting.length >= partSize) {
        await makePart(waiting.slice(0, partSize));
        waiting = waiting.slice(partSize);
        partSize = Math.min(rowsPerPart, partSize * 2);
      }
    }
    if (waiting.length) await makePart(waiting);
    // The rows themselves stay behind: the records hold what was taken from them.
    return { kind: 'table', format, headers: table.headers, rows: [], mapping, ...all };
  }
  const document = await extractDocument(input, format);
  if (document.text.length > limits.maxDocumentChars) {
    throw new VigilError('invalid_argument', `the document holds more than ${limits.maxDocumentChars} characters of text`);
  }
  // A scan's report is made once OCR has read its pages (by the engine, see read-scan).
  if (!job.report || (document.needsOcr?.length && job.report.index)) return document;
  return { ...document, ...documentRecord(path, document, job.report) };
}

/** Pages as one text, a form feed between them; after a lone page too, so that its passages carry page 1 as a longer document's do. */
export function joinPages(pages: readonly string[]): string {
  return pages.length === 1 ? `${pages[0]}\f` : pages.join('\f');
}

/** The report a document becomes, validated, and its search entries when it is to be written. */
export function documentRecord(path: string, document: ExtractedDocument, original: { sha256: string; size: number; index: boolean }): DocumentRecord & { text: string } {
  const report = validateRecordData('report', documentReport(path, document, original)) as Record<string, unknown>;
  // The text now lives in the report's body; sending it twice across the thread boundary is waste.
  return { text: '', report, ...(original.index ? { prepared: prepareRecord('report', report) } : {}) };
}

async function extractDocument(input: FileInput, format: DocumentFormat): Promise<ExtractedDocument> {
  switch (format) {
    case 'jpeg':
    case 'png':
    case 'tiff': {
      // Only the header here: the pixels are decoded page by page on the OCR threads.
      const { pages } = readImageHeader(await bytesOf(input), format);
      return { kind: 'document', format, text: '\f'.repeat(pages.length), pages: pages.length, hasTextLayer: false, needsOcr: pages.map((_, i) => i + 1) };
    }
    case 'pdf': {
      const pdf = await extractPdf(input);
      const needsOcr = pdf.pages.flatMap((text, i) => ((text.match(/\p{L}/gu)?.length ?? 0) < textPageLetters ? [i + 1] : []));
      return {
        ...(needsOcr.length ? { needsOcr } : {}),
        kind: 'document',
        format,
        text: joinPages(pdf.pages),
        pages: pdf.pages.length,
        hasTextLayer: pdf.hasTextLayer,
        ...defined({ title: pdf.title, author: pdf.author, created: pdf.created ?? pdf.modified, language: pdf.language }),
      };
    }
    case 'docx': {
      // Loaded when first needed: mammoth alone would add a tenth of a second to every worker's start.
      const { extractDocx } = await import('./extract-docx.js');
      const docx = await extractDocx(input);
      if (!docx.text.trim()) throw new VigilError('invalid_argument', 'the Word document holds no text');
      return {
        kind: 'document',
        format,
        text: docx.text,
        hasTextLayer: true,
        ...defined({ title: docx.title, firstHeading: docx.firstHeading, author: docx.author, created: docx.created }),
      };
    }
    case 'html': {
      const { text: html, encoding } = decodeText(await bytesOf(input));
      const { extractHtml } = await import('./extract-html.js');
      const page = extractHtml(html);
      if (!page.text.trim()) throw new VigilError('invalid_argument', 'the page holds no text');
      return { kind: 'document', format, text: page.text, hasTextLayer: true, encoding, ...defined({ title: page.title, firstHeading: page.firstHeading }) };
    }
    case 'text':
    case 'markdown': {
      const { text, encoding } = decodeText(await bytesOf(input));
      if (!text.trim()) throw new VigilError('invalid_argument', 'the file holds no text');
      const heading = /^#{1,6}\s+(.+)$/m.exec(text)?.[1]?.trim();
      return { kind: 'document', format, text: text.replace(/\r\n?/g, '\n'), hasTextLayer: true, encoding, ...defined({ firstHeading: heading }) };
    }
  }
}

function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
