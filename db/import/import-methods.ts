import { z } from 'zod';
import { defineMethod } from '../contract.js';
import { recordType } from '../shared/schemas.js';
import { importFiles } from './import-files.js';

const outcome = z.object({
  file: z.string(),
  status: z.enum(['imported', 'duplicate', 'rejected', 'checked']),
  format: z.string().optional(),
  id: z.string().optional(),
  ids: z.array(z.string()).optional(),
  error: z.string().optional(),
  preview: z
    .object({
      mapping: z.array(z.object({ column: z.number(), header: z.string(), target: z.string().nullable(), label: z.string().nullable() })).optional(),
      targets: z.array(z.object({ key: z.string(), label: z.string() })).optional().describe('every field a column of this record type can fill'),
      rows: z.number().optional(),
      records: z.array(z.record(z.string(), z.unknown())),
    })
    .optional(),
});

export const importMethods = {
  'import.files': defineMethod({
    files: (a) => (Array.isArray(a.paths) ? a.paths : [a.paths]),
    summary:
      'Import documents (PDF, DOCX, HTML, TXT, Markdown) as reports with their originals attached, or spreadsheet rows (CSV, XLSX) as records of one type. Each file stands alone; progress is reported as {files, filesDone, bytes, bytesDone, current}.',
    args: z.object({
      paths: z.array(z.string().min(1)).min(1).max(100_000),
      as: recordType.optional(),
      /** Columns chosen by hand: the field each fills, or null to leave it out. */
      map: z.array(z.object({ column: z.string().min(1).max(1000), field: z.string().min(1).max(100).nullable() })).max(1000).optional(),
      dryRun: z.boolean().optional(),
      dateOrder: z.enum(['dmy', 'mdy']).optional(),
      maxBytes: z.int().positive().optional(),
      timeoutSeconds: z.number().positive().max(86_400).optional(),
    }),
    result: z.array(outcome),
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
      });
    },
  }),
};
