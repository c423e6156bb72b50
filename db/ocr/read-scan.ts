import { createHash } from 'node:crypto';
import { VigilError } from '../errors.js';
import { joinPages, type ExtractedDocument } from '../import/extract-file.js';
import type { ImageFormat } from './image-header.js';
import { findLanguageData, languageList } from './language-data.js';
import { OcrPool } from './ocr-pool.js';

export interface ScanReading {
  /** The file's bytes and their hash (checked against the hash the import took). */
  bytes: Uint8Array;
  sha256: string;
  /** Only these of the languages found (vigil reocr --languages). */
  languages?: readonly string[];
  signal?: AbortSignal;
  /** After each page read. */
  onPage?: (done: number, total: number) => void;
  pageTimeoutMs?: number;
  /** Threads already reading (an import's, for all its scans); without them, threads of its own for this scan. */
  pool?: OcrPool;
}

/**
 * A scanned document's pages without text, read by OCR and put in their places: the document
 * comes back with its text, what OCR read (languages, each page's confidence and turn) and,
 * when language data is missing, why some or all of it was not read. Nothing is written here.
 */
export async function readScan(document: ExtractedDocument, reading: ScanReading): Promise<ExtractedDocument & { warning?: string }> {
  const pagesToRead = document.needsOcr ?? [];
  if (!pagesToRead.length) return document;
  if (createHash('sha256').update(reading.bytes).digest('hex') !== reading.sha256)
    throw new VigilError('io_error', 'the file changed while it was being imported: import it again');
  const found = findLanguageData();
  const data = reading.languages
    ? { ...found, present: found.present.filter((l) => reading.languages!.includes(l)), missing: found.missing.filter((l) => reading.languages!.includes(l)) }
    : found;
  const { needsOcr: _done, ...rest } = document;
  if (!data.dir || !data.present.length) {
    const warning = 'the OCR language data is missing, so the scan was imported without its text (reinstall Vigil, then run vigil reocr)';
    return { ...rest, ocrSkipped: 'the OCR language data, which is missing', warning };
  }
  const pool = reading.pool ?? new OcrPool();
  try {
    const readings = await pool.readPages(
      { key: reading.sha256, bytes: reading.bytes, format: document.format as 'pdf' | ImageFormat, pages: pagesToRead },
      {
        dataDir: data.dir,
        languages: data.present,
        ...(reading.signal ? { signal: reading.signal } : {}),
        ...(reading.pageTimeoutMs ? { pageTimeoutMs: reading.pageTimeoutMs } : {}),
        onPage: (_page, done, total) => reading.onPage?.(done, total),
      },
    );
    const count = document.pages ?? pagesToRead.length;
    const pages = document.text.split('\f').slice(0, count);
    while (pages.length < count) pages.push('');
    for (const r of readings) pages[r.page - 1] = r.text.replace(/\f/g, '').trim();
    const missing = data.missing.length ? languageList(data.missing) : undefined;
    return {
      ...rest,
      text: joinPages(pages),
      ocr: {
        languages: data.present,
        pages: readings.map((r) => ({ page: r.page, confidence: Math.round(r.confidence), ...(r.turned ? { turned: r.turned } : {}) })),
      },
      ...(missing
        ? {
            ocrSkipped: `the ${missing} language data, which is missing`,
            warning: `the ${missing} language data for OCR is missing: the scan was read without it and flagged for checking`,
          }
        : {}),
    };
  } finally {
    if (!reading.pool) await pool.close();
  }
}
