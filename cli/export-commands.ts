import { exportJsonSchema } from '../db/exports/export-schema.js';
import { call, list, passphraseFile, print, printJson, recordTypeArg, withArchive, type Command } from './command-support.js';
import { UsageError } from './usage-error.js';

export const exportCommand: Command = {
  usage: 'vigil export DIR --format json|csv|html|docx|uwazi-csv [--type T]... [--id ID]... [--query Q] [--lang en|ru] --out PATH [--json]',
  summary:
    "write records as JSON, CSV (a FILE.csv for one type, or a folder with one file per type), printable HTML, a Word document, or an Uwazi CSV of one type for Uwazi's import (docs/uwazi.md); NOT encrypted",
  options: {
    format: { type: 'string' },
    type: { type: 'string', multiple: true },
    id: { type: 'string', multiple: true },
    query: { type: 'string' },
    lang: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    ...passphraseFile,
  },
  positionals: [1, 1],
  async run([dir], options) {
    const format = options.format as string | undefined;
    if (format !== 'json' && format !== 'csv' && format !== 'html' && format !== 'docx' && format !== 'uwazi-csv')
      throw new UsageError('--format is json, csv, html, docx or uwazi-csv');
    const out = options.out as string | undefined;
    if (!out) throw new UsageError(`export needs --out ${format === 'csv' ? 'FILE.csv or FOLDER' : 'FILE'}`);
    const language = options.lang as string | undefined;
    if (language !== undefined && language !== 'en' && language !== 'ru') throw new UsageError('--lang is en or ru');
    const types = list(options.type).map(recordTypeArg);
    if (format === 'uwazi-csv' && types.length !== 1) throw new UsageError("--format uwazi-csv needs one --type: Uwazi's import reads one template at a time");
    const ids = list(options.id);
    const result = await withArchive(dir!, options, (engine) =>
      call(engine, 'export.records', {
        format,
        out,
        ...(types.length ? { types } : {}),
        ...(ids.length ? { ids } : {}),
        ...(options.query ? { query: options.query as string } : {}),
        ...(language ? { language } : {}),
      }),
    );
    // Said on the terminal, not only in the output a script may swallow.
    process.stderr.write(`vigil: warning: ${result.warning}\n`);
    if (options.json) printJson(result);
    else print(`exported ${result.records} record${result.records === 1 ? '' : 's'} to ${result.files.join(', ')}`);
  },
};

export const exportSchemaCommand: Command = {
  usage: 'vigil export-schema',
  summary: 'print the JSON Schema of JSON exports (docs/export.schema.json)',
  options: {},
  positionals: [0, 0],
  run() {
    printJson(exportJsonSchema());
    return Promise.resolve();
  },
};
