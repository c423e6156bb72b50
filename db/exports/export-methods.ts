import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { recordId } from '../shared/schema-parts.js';
import { recordType } from '../shared/schemas.js';
import { exportFileFormat, exportRecords, exportResult, printableRecords } from './export-records.js';

export const exportMethods = {
  'export.records': defineMethod({
    timeLimitMs: longTimeLimitMs,
    files: (a) => [a.out],
    summary:
      'Write records as JSON (complete, with history pointers; see docs/export.schema.json), CSV (one file per record type, for spreadsheets and Uwazi) printable HTML (detainee profiles, trial observation reports, search results) or a Word document for people (DOCX). The files are not encrypted.',
    args: z.object({
      format: exportFileFormat,
      out: z.string().min(1),
      types: z.array(recordType).max(32).optional(),
      ids: z.array(recordId).max(100_000).optional(),
      query: z.string().min(1).max(2000).optional(),
      language: z.enum(['en', 'ru']).optional().describe("the language of an HTML or DOCX export's words (the interface's)"),
    }),
    result: exportResult,
    run: (session, args, context) => exportRecords(session.requireArchive(), args, context.files),
  }),
  'export.printable': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary:
      'The printable HTML of records (detainee profiles, trial observation reports, search results), as an HTML export holds it, returned rather than written: the desktop app prints it to PDF from memory. Audited as an export.',
    args: z.object({
      types: z.array(recordType).max(32).optional(),
      ids: z.array(recordId).max(100_000).optional(),
      query: z.string().min(1).max(2000).optional(),
      language: z.enum(['en', 'ru']).optional(),
    }),
    result: z.object({ html: z.string(), records: z.int() }),
    run: (session, args) => printableRecords(session.requireArchive(), args),
  }),
};
