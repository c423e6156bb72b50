import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { recordType } from '../shared/schemas.js';
import { importFiles } from './import-files.js';
import { importOutcome } from './import-outcome.js';

export const importMethods = {
  'import.cancel': defineMethod({
    summary: 'Stop the import (or the OCR reading) that is running: the file being read is not written; files already imported stay.',
    cancels: { methods: ['import.files', 'records.reocr'], reason: 'the import was cancelled: the file it was reading was not saved' },
    args: z.object({}),
    result: z.object({}),
    run: () => ({}),
  }),
  'import.files': defineMethod({
    timeLimitMs: longTimeLimitMs,
    files: (a) => (Array.isArray(a.paths) ? a.paths : [a.paths]),
    summary:
      'Import documents (PDF, DOCX, HTML, TXT, Markdown) as reports with their originals attached, or spreadsheet rows (CSV, XLSX) as records of one type. Each file stands alone; progress is reported as {files, filesDone, bytes, bytesDone, current}.',
    args: z.object({
      paths: z.array(z.string().min(1)).min(1).max(100_000),
      as: recordType.optional(),
      /** Columns chosen by hand: the field each fills, or null to leave it out. */
      map: z
        .array(z.object({ column: z.string().min(1).max(1000), field: z.string().min(1).max(100).nullable() }))
        .max(1000)
        .optional(),
      dryRun: z.boolean().optional(),
      dateOrder: z.enum(['dmy', 'mdy']).optional(),
      maxBytes: z.int().positive().optional(),
      timeoutSeconds: z.number().positive().max(86_400).optional(),
    }),
    result: z.array(importOutcome),
    async run(session, args, context) {
      const archive = session.requireArchive();
      return importFiles(archive, args.paths, {
        ...(args.as ? { as: args.as } : {}),
        ...(args.map ? { map: args.map } : {}),
        ...(args.dryRun ? { dryRun: true } : {}),
        ...(args.dateOrder ? { dateOrder: args.dateOrder } : {}),
        ...(args.maxBytes ? { maxBytes: args.maxBytes } : {}),
        ...(args.timeoutSeconds ? { timeoutMs: args.timeoutSeconds * 1000 } : {}),
        onProgress: (p) => context.progress({ ...p }),
        ...(context.files ? { files: context.files } : {}),
        signal: context.signal,
      });
    },
  }),
};
