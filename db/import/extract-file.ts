import { readFile } from 'node:fs/promises';
import { VigilError } from '../errors.js';
import { checkZip } from './check-zip.js';
import { decodeText } from './decode-text.js';
import { extractDocx } from './extract-docx.js';
import { extractHtml } from './extract-html.js';
import { extractPdf } from './extract-pdf.js';
import type { ImportLimits } from './import-limits.js';
import { readTable, type Table } from './read-table.js';
import { isTableFormat, type DocumentFormat, type ImportFormat } from './sniff-format.js';

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
}

export type Extracted = ExtractedDocument | ({ kind: 'table'; format: 'csv' | 'xlsx' } & Table);

export interface ExtractionJob {
  path: string;
  format: ImportFormat;
  limits: ImportLimits;
}

/** Reads one file's text or rows. Runs on the extraction worker; throws VigilError for a file it refuses. */
export async function extractFile(job: ExtractionJob): Promise<Extracted> {
  const { path, format, limits } = job;
  if (format === 'docx' || format === 'xlsx') await checkZip(path, format === 'docx' ? 'word/document.xml' : 'xl/workbook.xml', limits);
  if (isTableFormat(format)) return { kind: 'table', format, ...(await readTable(path, format, limits)) };
  const document = await extractDocument(path, format);
  if (document.text.length > limits.maxDocumentChars) {
    throw new VigilError('invalid_argument', `the document holds more than ${limits.maxDocumentChars} characters of text`);
  }
  return document;
}

async function extractDocument(path: string, format: DocumentFormat): Promise<ExtractedDocument> {
  switch (format) {
    case 'pdf': {
      const pdf = await extractPdf(path);
      return {
        kind: 'document',
        format,
        text: pdf.pages.join('\f'),
        pages: pdf.pages.length,
        hasTextLayer: pdf.hasTextLayer,
        ...defined({ title: pdf.title, author: pdf.author, created: pdf.created ?? pdf.modified, language: pdf.language }),
      };
    }
    case 'docx': {
      const docx = await extractDocx(path);
      if (!docx.text.trim()) throw new VigilError('invalid_argument', 'the Word document holds no text');
      return { kind: 'document', format, text: docx.text, hasTextLayer: true, ...defined({ title: docx.title, firstHeading: docx.firstHeading, author: docx.author, created: docx.created }) };
    }
    case 'html': {
      const { text: html, encoding } = decodeText(await readFile(path));
      const page = extractHtml(html);
      if (!page.text.trim()) throw new VigilError('invalid_argument', 'the page holds no text');
      return { kind: 'document', format, text: page.text, hasTextLayer: true, encoding, ...defined({ title: page.title, firstHeading: page.firstHeading }) };
    }
    case 'text':
    case 'markdown': {
      const { text, encoding } = decodeText(await readFile(path));
      if (!text.trim()) throw new VigilError('invalid_argument', 'the file holds no text');
      const heading = /^#{1,6}\s+(.+)$/m.exec(text)?.[1]?.trim();
      return { kind: 'document', format, text: text.replace(/\r\n?/g, '\n'), hasTextLayer: true, encoding, ...defined({ firstHeading: heading }) };
    }
  }
}

function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}
