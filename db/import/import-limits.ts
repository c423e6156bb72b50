/** Limits that keep a hostile or broken file from exhausting the machine. */
export const importLimits = {
  /** Largest file accepted, unless the caller sets another limit. */
  maxFileBytes: 1024 ** 3,
  /** Extraction of one file may take this long before it is abandoned. */
  extractionTimeoutMs: 120_000,
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
