/**
 * What OCR read of a scan, as a report keeps it (`imported.ocr`), and how sure it was: shared by
 * the import that flags doubtful pages and the record page that names them.
 */
export interface OcrReading {
  languages: ('rus' | 'kaz' | 'eng')[];
  pages: { page: number; confidence: number; turned?: number }[];
}

/** A page read by OCR with a mean confidence below this is flagged for a person to check against the original. */
export const lowOcrConfidence = 70;

/** Pages OCR read words on but doubted (a page with no words at all has nothing to check). */
export function doubtfulPages(reading: OcrReading): number[] {
  return reading.pages.filter((p) => p.confidence > 0 && p.confidence < lowOcrConfidence).map((p) => p.page);
}

/** "1–3, 5": page numbers as ranges. */
export function pageRanges(pages: readonly number[]): string {
  const sorted = [...pages].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    while (sorted[i + 1] === sorted[i]! + 1) i++;
    parts.push(start === sorted[i] ? String(start) : `${start}–${sorted[i]}`);
  }
  return parts.join(', ');
}

/** ISO 639-1 code of each OCR language, for naming it in the interface's language. */
export const ocrLanguageCodes: Record<OcrReading['languages'][number], string> = { rus: 'ru', kaz: 'kk', eng: 'en' };

export function isOcrReading(value: unknown): value is OcrReading {
  return typeof value === 'object' && value !== null && Array.isArray((value as OcrReading).pages) && Array.isArray((value as OcrReading).languages);
}
