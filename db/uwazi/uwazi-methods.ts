import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { VigilError, toErrorData } from '../errors.js';
import { definitionKey } from '../shared/schema-parts.js';
import { openHeld, type CallerFiles } from '../store/caller-files.js';
import { plaintextWarning } from '../exports/export-records.js';
import { importUwaziCsv } from './import-uwazi.js';
import { importVocabularyCsv, vocabularyCsv } from './thesaurus-csv.js';
import { openOutput, writeWhole } from '../store/caller-files.js';

/** Largest Uwazi CSV, template or thesauri file read whole. */
const maxUwaziFileBytes = 256 * 1024 ** 2;

/** A file the caller named: from its sealed copy when the caller holds it (`vigil serve`), else from disk. */
async function readCallerFile(path: string, files: CallerFiles | undefined): Promise<Buffer> {
  const held = files?.reading(path);
  try {
    if (held) {
      if (held.size > maxUwaziFileBytes) throw new VigilError('invalid_argument', `${path} is larger than 256 MB`);
      const chunks: Buffer[] = [];
      for await (const chunk of openHeld(held)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    }
    if ((await stat(path)).size > maxUwaziFileBytes) throw new VigilError('invalid_argument', `${path} is larger than 256 MB`);
    return await readFile(path);
  } catch (err) {
    if (err instanceof VigilError) throw err;
    const { code, message } = toErrorData(err);
    throw new VigilError(code, message);
  }
}

/** A refusal says that the file changed nothing: the import is one write, rolled back whole. */
async function nothingImported<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof VigilError) throw new VigilError(err.code, `${err.message}; nothing was imported`);
    throw err;
  }
}

const uwaziImportResult = z.object({
  type: z.string(),
  rows: z.int(),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  deletedHere: z.int(),
  linkedCreated: z.int(),
  columns: z.array(
    z.object({
      header: z.string(),
      field: z.string().nullable(),
      labels: z.object({ en: z.string().optional(), ru: z.string().optional(), kk: z.string().optional() }).optional(),
      why: z.string().optional(),
    }),
  ),
  definitions: z.object({ fields: z.int(), terms: z.int(), types: z.int() }),
  notes: z.array(z.string()),
});

export const uwaziMethods = {
  'import.uwazi': defineMethod({
    timeLimitMs: longTimeLimitMs,
    files: (a) => [a.path, ...(a.template ? [a.template] : []), ...(a.thesauri ? [a.thesauri] : [])],
    summary:
      "Import an Uwazi CSV of entities as records of one type (docs/uwazi.md). With Uwazi's template (its /api/templates JSON) its properties become fields and its thesauri vocabularies; importing the same file again updates the records. One write: a row that cannot be read refuses the file and nothing is written.",
    args: z.object({
      path: z.string().min(1),
      as: definitionKey,
      template: z.string().min(1).optional(),
      thesauri: z.string().min(1).optional(),
      dateOrder: z.enum(['dmy', 'mdy']).optional(),
      dryRun: z.boolean().optional(),
      name: z.string().trim().min(1).max(300).optional().describe("the new type's name, when the import defines it (else the template's)"),
    }),
    result: uwaziImportResult,
    async run(session, args, context) {
      const archive = session.requireArchive();
      // Files are named as the person named them: a page's upload sits under a scratch folder.
      const text = async (path: string) => ({ text: (await readCallerFile(path, context.files)).toString('utf8'), file: basename(path) });
      const csv = await readCallerFile(args.path, context.files);
      const template = args.template ? { template: await text(args.template) } : {};
      const thesauri = args.thesauri ? { thesauri: await text(args.thesauri) } : {};
      return nothingImported(() =>
        importUwaziCsv(archive, csv, basename(args.path), {
          type: args.as,
          ...template,
          ...thesauri,
          ...(args.dateOrder ? { dateOrder: args.dateOrder } : {}),
          ...(args.dryRun ? { dryRun: true } : {}),
          ...(args.name ? { name: args.name } : {}),
        }),
      );
    },
  }),
  'vocabularies.exportCsv': defineMethod({
    files: (a) => [a.out],
    summary:
      'Write a vocabulary as the thesaurus CSV Uwazi imports and HURIDOCS publishes: a column per language (English, Russian, Kazakh), children marked "- " (Uwazi\'s two levels). Not encrypted.',
    args: z.object({ key: definitionKey, out: z.string().min(1) }),
    result: z.object({ file: z.string(), terms: z.int(), encrypted: z.literal(false), warning: z.string() }),
    async run(session, args, context) {
      const archive = session.requireArchive();
      const { text, terms } = vocabularyCsv(archive, args.key);
      await writeWhole(openOutput(args.out, context.files), text);
      archive.writes.appendAudit({ action: 'export.file', detail: { format: 'thesaurus-csv', vocabulary: args.key, terms } });
      return { file: args.out, terms, encrypted: false as const, warning: plaintextWarning };
    },
  }),
  'vocabularies.importCsv': defineMethod({
    files: (a) => [a.path],
    summary:
      "Add the terms of a thesaurus CSV (Uwazi's and HURIDOCS' shape) to a vocabulary, making it if it is new; a term already there by any of its labels gains the file's other labels, so a second import changes nothing.",
    args: z.object({ path: z.string().min(1), key: definitionKey, name: z.string().min(1).max(300).optional() }),
    result: z.object({ terms: z.int(), added: z.int(), vocabularies: z.object({ added: z.int(), changed: z.int() }) }),
    async run(session, args, context) {
      const archive = session.requireArchive();
      const bytes = await readCallerFile(args.path, context.files);
      const done = await nothingImported(async () => importVocabularyCsv(archive, bytes, basename(args.path), { key: args.key, ...(args.name ? { name: args.name } : {}) }));
      return { terms: done.terms, added: done.added, vocabularies: done.vocabularies };
    },
  }),
};
