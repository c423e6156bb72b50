import { basename } from 'node:path';
import { detectLanguage } from './detect-language.js';
import type { ExtractedDocument } from './extract-file.js';
import { documentTitle } from './document-title.js';
import { statedDate } from './guess-dates.js';
import { doubtfulPages } from '../shared/ocr-reading.js';

export const mimeTypes: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  text: 'text/plain',
  markdown: 'text/markdown',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
};

/** The report a document becomes: title, language, stated date, text, and the original file attached. */
export function documentReport(path: string, doc: ExtractedDocument, blob: { sha256: string; size: number }): Record<string, unknown> {
  const name = basename(path);
  const title = documentTitle(path, doc);
  const ocr = doc.ocr;
  const text = doc.hasTextLayer || ocr ? doc.text : '';
  const language = detectLanguage(text) ?? doc.language?.toLowerCase().match(/^[a-z]{2,3}/)?.[0];
  const published = statedDate(text.replace(/\f/g, '\n')) ?? (doc.created ? { text: doc.created, start: doc.created, end: doc.created } : undefined);
  const report: Record<string, unknown> = {
    title,
    ...(doc.author ? { authors: [doc.author.slice(0, 300)] } : {}),
    ...(language ? { language } : {}),
    ...(published ? { published } : {}),
    ...(text.trim() ? { body: text } : {}),
    imported: {
      file: name.slice(0, 500),
      format: doc.format,
      ...(doc.pages !== undefined ? { pages: doc.pages } : {}),
      textLayer: doc.hasTextLayer,
      ...(doc.encoding ? { encoding: doc.encoding } : {}),
      ...(ocr ? { ocr } : {}),
    },
    attachments: [{ sha256: blob.sha256, name: name.slice(0, 500), size: blob.size, mime: mimeTypes[doc.format], role: 'original' }],
  };
  Object.assign(report, scanFlags(doc));
  return report;
}

/** Tags a scan's report carries for a person's attention: set on import and again by vigil reocr. */
export const scanTags = ['no-text-layer', 'ocr-check'];

/** What a scan's report says of its reading, when there is something to say: a summary and a flag. */
export function scanFlags(doc: ExtractedDocument): { summary?: string; tags?: string[] } {
  const flags: { summary?: string; tags?: string[] } = {};
  const ocr = doc.ocr;
  // OCR that found no words (blank pages, a photograph) leaves the document as a scan without text.
  const ocrFoundText = Boolean(ocr) && (doc.text.match(/\p{L}/gu)?.length ?? 0) >= 20;
  const what = doc.format === 'pdf' ? 'Scanned PDF with no text layer' : 'Image of a document';
  if (!doc.hasTextLayer && !ocrFoundText) {
    flags.summary = doc.ocrSkipped
      ? `${what}: its pages were not read by OCR (${doc.ocrSkipped}), so nothing in it can be searched until it is read again (vigil reocr) or transcribed.`
      : ocr
        ? `${what}: OCR found no text on its pages, so nothing in it can be searched until it is transcribed.`
        : `${what}: the pages are images, so nothing in it can be searched until it is transcribed.`;
    flags.tags = ['no-text-layer'];
  } else if (ocr) {
    // A page OCR found nothing on (a blank back, a photograph) is not doubtful: it has no words to check.
    const doubtful = doubtfulPages(ocr);
    if (doubtful.length || doc.ocrSkipped) {
      const pages = doubtful.length === 1 ? `Page ${doubtful[0]} was` : `Pages ${doubtful.join(', ')} were`;
      flags.summary = [
        doubtful.length ? `${pages} read by OCR with low confidence: check ${doubtful.length === 1 ? 'it' : 'them'} against the original.` : '',
        doc.ocrSkipped ? `Read by OCR without ${doc.ocrSkipped}.` : '',
      ]
        .filter(Boolean)
        .join(' ');
      flags.tags = ['ocr-check'];
    }
  }
  return flags;
}
