import { z } from 'zod';

/** Which field each column fills; `target` null for a column left out. */
export const columnMapping = z.object({ column: z.number(), header: z.string(), target: z.string().nullable(), label: z.string().nullable() });
export type ColumnMapping = z.output<typeof columnMapping>;

/** What became of one imported file; the contract returns these, and the type is derived from this schema. */
export const importOutcome = z.object({
  file: z.string(),
  status: z.enum(['imported', 'duplicate', 'rejected', 'checked']),
  format: z.string().optional(),
  id: z.string().optional(),
  ids: z.array(z.string()).optional(),
  error: z.string().optional(),
  /** Imported, with something the user should know (OCR language data missing). */
  warning: z.string().optional(),
  /** Pages read by OCR, and those read with low confidence (flagged on the record for checking). */
  ocr: z.object({ pages: z.int().nonnegative(), lowConfidence: z.array(z.int().positive()) }).optional(),
  /** What a dry run found: the column mapping and the first records, or the document's title and size. */
  preview: z
    .object({
      mapping: z.array(columnMapping).optional(),
      targets: z
        .array(z.object({ key: z.string(), label: z.string() }))
        .optional()
        .describe('every field a column of this record type can fill'),
      rows: z.number().optional(),
      ocrPages: z.number().optional().describe('pages without text that the import will read by OCR'),
      records: z.array(z.record(z.string(), z.unknown())),
    })
    .optional(),
});
export type ImportOutcome = z.output<typeof importOutcome>;
