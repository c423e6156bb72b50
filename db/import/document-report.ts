import { basename } from 'node:path';
import { detectLanguage } from './detect-language.js';
import type { ExtractedDocument } from './extract-file.js';
import { documentTitle } from './document-title.js';
import { statedDate } from './guess-dates.js';

export const mimeTypes: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  text: 'text/plain',
  markdown: 'text/markdown',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The report a document becomes: title, language, stated date, text, and the original file attached. */
export function documentReport(path: string, doc: ExtractedDocument, blob: { sha256: string; size: number }): Record<string, unknown> {
  const name = basename(path);
  const title = documentTitle(path, doc);
  const text = doc.hasTextLayer ? doc.text : '';
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
    },
    attachments: [{ sha256: blob.sha256, name: name.slice(0, 500), size: blob.size, mime: mimeTypes[doc.format], role: 'original' }],
  };
  if (!doc.hasTextLayer) {
    report.summary = 'Scanned PDF with no text layer: the pages are images, so nothing in it can be searched until it is transcribed.';
    report.tags = ['no-text-layer'];
  }
  return report;
}
