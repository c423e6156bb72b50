import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { VigilError } from '../errors.js';
import type { ExtractedDocument } from '../import/extract-file.js';
import { scanFlags, scanTags } from '../import/document-report.js';
import { doubtfulPages } from '../shared/ocr-reading.js';
import { recordId } from '../shared/schema-parts.js';
import type { Archive } from '../store/archive.js';
import { readImageHeader, type ImageFormat } from './image-header.js';
import { ocrLanguages } from './language-data.js';
import { readScan } from './read-scan.js';

interface ImportedReport {
  body?: string;
  summary?: string;
  tags?: string[];
  attachments?: { sha256: string; role?: string; mime?: string }[];
  imported?: { format: string; pages?: number; textLayer: boolean; ocr?: { pages: { page: number }[] } };
}

const scanFormats = new Set(['pdf', 'jpeg', 'png', 'tiff']);

/**
 * Reads a scan's pages again from its original (after a better model or another choice of
 * languages): the pages OCR read before, or every page of a scan imported without OCR. The
 * record gets a new revision with the new text, confidences and flags; a summary a person
 * wrote is kept.
 */
export async function reocrRecord(
  archive: Archive,
  id: string,
  options: { languages?: readonly string[]; signal?: AbortSignal; onPage?: (done: number, total: number) => void } = {},
): Promise<{ id: string; pages: number; lowConfidence: number[]; warning?: string }> {
  const view = archive.records.get(id);
  const data = view.data as ImportedReport;
  const imported = data.imported;
  const original = data.attachments?.find((a) => a.role === 'original');
  if (view.type !== 'report' || !imported || !original || !scanFormats.has(imported.format)) {
    throw new VigilError('invalid_argument', 'only a report imported from a scanned PDF or an image can be read again by OCR');
  }
  const parts: Buffer[] = [];
  for await (const chunk of archive.attachments.read(original.sha256)) parts.push(chunk);
  const bytes = Buffer.concat(parts);
  const format = imported.format as 'pdf' | ImageFormat;
  const pageCount = format === 'pdf' ? (imported.pages ?? 1) : readImageHeader(bytes, format).pages.length;
  // Pages with a text layer of their own are not OCR's to change.
  const pages = imported.ocr?.pages.map((p) => p.page) ?? (imported.textLayer ? [] : Array.from({ length: pageCount }, (_, i) => i + 1));
  if (!pages.length) throw new VigilError('invalid_argument', 'the document has a text layer on every page: there is nothing for OCR to read');
  const document: ExtractedDocument = {
    kind: 'document',
    format,
    text: data.body ?? '\f'.repeat(pageCount),
    pages: pageCount,
    hasTextLayer: imported.textLayer,
    needsOcr: pages,
  };
  const read = await readScan(document, {
    bytes,
    sha256: original.sha256,
    ...(options.languages ? { languages: options.languages } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onPage ? { onPage: options.onPage } : {}),
  });
  const flags = scanFlags(read);
  const ownTags = (data.tags ?? []).filter((t) => !scanTags.includes(t));
  const tags = [...ownTags, ...(flags.tags ?? [])];
  // The summary is replaced only when it is the one an import wrote.
  const autoSummary = !data.summary || /^(Scanned PDF with no text layer|Image of a document|Pages? [\d, ]+ (was|were) read by OCR|Read by OCR without)/.test(data.summary);
  archive.records.update(id, {
    body: read.text.trim() ? read.text : null,
    imported: { ...imported, ...(read.ocr ? { ocr: read.ocr } : {}) },
    tags: tags.length ? tags : null,
    ...(autoSummary ? { summary: flags.summary ?? null } : {}),
  });
  const readPages = read.ocr?.pages ?? [];
  return {
    id,
    pages: readPages.length,
    lowConfidence: read.ocr ? doubtfulPages(read.ocr) : [],
    ...(read.warning ? { warning: read.warning } : {}),
  };
}

export const reocrMethods = {
  'records.reocr': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary: "Read a scanned report's pages again by OCR from its original (after a better model or another choice of languages); progress is {pagesDone, pages}.",
    args: z.object({ id: recordId, languages: z.array(z.enum(ocrLanguages)).min(1).max(3).optional() }),
    result: z.object({ id: z.string(), pages: z.int(), lowConfidence: z.array(z.int()), warning: z.string().optional() }),
    run(session, args, context) {
      return reocrRecord(session.requireArchive(), args.id, {
        ...(args.languages ? { languages: args.languages } : {}),
        signal: context.signal,
        onPage: (pagesDone, pages) => context.progress({ pagesDone, pages }),
      });
    },
  }),
};
