/** Limits that keep a hostile or broken file from exhausting the machine. */
export const importLimits = {
  /** Largest file accepted, unless the caller sets another limit. */
  maxFileBytes: 1024 ** 3,
  /** Extraction of one file may take this long before it is abandoned. */
  extractionTimeoutMs: 120_000,
  /**
   * Memory one file's extraction may hold outside the JavaScript heap (where a PDF reader puts
   * the streams it inflates), beyond twice the file's own size, before it is abandoned. The
   * heap has its own ceiling (the extraction worker's). Reading the long PDFs of bench:import
   * holds under 20 MB there. A 3 MB flate bomb stopped at this ceiling took the importing
   * process to about 330 MB, and 36 of them in a row to under 600 MB (memory a stopped worker
   * freed stays with the process for later use: twice this ceiling took them near 800 MB).
   */
  maxExtractionMemoryBytes: 128 * 1024 ** 2,
  /** A DOCX or XLSX may expand to at most this many bytes in total... */
  maxUnzippedBytes: 512 * 1024 ** 2,
  /** ...and no entry may expand more than this many times its compressed size. */
  maxCompressionRatio: 200,
  maxZipEntries: 10_000,
  /** Text kept from one document (the report body's own limit). */
  maxDocumentChars: 50_000_000,
  /** Rows of one spreadsheet. */
  maxRows: 1_000_000,
} as const;

export type ImportLimits = { -readonly [K in keyof typeof importLimits]: number };
