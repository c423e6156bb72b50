import type { ProgressEvent } from '../db/contract.js';
import { CommandFailed, call, passphraseFile, print, printJson, recordTypeArg, withArchive, type Command, type Options } from './command-support.js';
import { UsageError } from './usage-error.js';

/** `vigil import`: documents become reports, spreadsheet rows become records of the type given by --as. */
export const importCommand: Command = {
  usage:
    'vigil import DIR FILE... [--as TYPE] [--map "Column=field,..."] [--date-order dmy|mdy] [--dry-run] [--max-size SIZE] [--timeout SECONDS] [--json] | vigil import DIR FILE.csv --as TYPE --uwazi [--template TEMPLATE.json] [--thesauri THESAURI.json]',
  summary: 'import PDF, DOCX, HTML, TXT and Markdown as reports; CSV and XLSX rows as records (--as detainee); an Uwazi CSV export with its template (--uwazi, docs/uwazi.md)',
  options: {
    as: { type: 'string' },
    map: { type: 'string' },
    'date-order': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'max-size': { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    uwazi: { type: 'boolean' },
    template: { type: 'string' },
    thesauri: { type: 'string' },
    ...passphraseFile,
  },
  positionals: [2, Number.POSITIVE_INFINITY],
  async run([dir, ...files], options) {
    if (options.uwazi) return importUwazi(dir!, files, options);
    if (options.template || options.thesauri) throw new UsageError('--template and --thesauri go with --uwazi');
    const as = options.as ? recordTypeArg(options.as as string) : undefined;
    if (!as && files.some((f) => /\.(csv|xlsx)$/i.test(f))) throw new UsageError('a spreadsheet needs --as TYPE: the record type its rows become (for example --as detainee)');
    const dateOrder = options['date-order'] as string | undefined;
    if (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy') throw new UsageError('--date-order is dmy (11/01/2022 is 11 January) or mdy (November 1)');
    const maxBytes = options['max-size'] ? sizeArg(options['max-size'] as string) : undefined;
    const timeout = options.timeout ? Number(options.timeout) : undefined;
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError('--timeout is a number of seconds');
    // Progress page by page: a bar on a terminal, or with --json one JSON line per event on stderr (stdout keeps the result).
    const bar = options.json ? progressLines() : process.stderr.isTTY ? progressBar() : undefined;
    const outcomes = await withArchive(dir!, options, async (engine) => {
      const outcomes = await call(
        engine,
        'import.files',
        {
          paths: files,
          ...(as ? { as } : {}),
          ...(options.map ? { map: parseMapOption(options.map as string) } : {}),
          ...(dateOrder ? { dateOrder } : {}),
          ...(options['dry-run'] ? { dryRun: true } : {}),
          ...(maxBytes ? { maxBytes } : {}),
          ...(timeout ? { timeoutSeconds: timeout } : {}),
        },
        bar ? { onProgress: bar.update } : {},
      ).finally(() => bar?.done());
      return outcomes;
    });
    if (options.json) printJson(outcomes.map(({ preview, ...o }) => (options['dry-run'] ? { ...o, preview } : o)));
    else for (const o of outcomes) print(describe(o));
    const rejected = outcomes.filter((o) => o.status === 'rejected').length;
    if (rejected) throw new CommandFailed(`${rejected} of ${outcomes.length} file${outcomes.length === 1 ? ' was' : 's were'} rejected`, 3);
  },
};

/** `vigil import DIR FILE.csv --as TYPE --uwazi`: an Uwazi CSV, with its template the first time. */
async function importUwazi(dir: string, files: string[], options: Options): Promise<void> {
  if (files.length !== 1) throw new UsageError('--uwazi imports one CSV file at a time');
  if (!options.as) throw new UsageError("--uwazi needs --as TYPE: the record type the entities become (Uwazi's template name, such as --as incident)");
  if (options.map || options['max-size'] || options.timeout) throw new UsageError('--map, --max-size and --timeout are not for --uwazi');
  const dateOrder = options['date-order'] as 'dmy' | 'mdy' | undefined;
  if (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy') throw new UsageError('--date-order is dmy (11/01/2022 is 11 January) or mdy (November 1)');
  const done = await withArchive(dir, options, (engine) =>
    call(engine, 'import.uwazi', {
      path: files[0]!,
      as: recordTypeArg(options.as as string),
      ...(options.template ? { template: options.template as string } : {}),
      ...(options.thesauri ? { thesauri: options.thesauri as string } : {}),
      ...(dateOrder ? { dateOrder } : {}),
      ...(options['dry-run'] ? { dryRun: true } : {}),
    }),
  );
  if (options.json) return printJson(done);
  const lines = [
    options['dry-run']
      ? `checked   ${files[0]} (nothing written): ${done.rows} row${done.rows === 1 ? '' : 's'}`
      : `imported  ${files[0]} as ${done.type}: ${done.created} new, ${done.updated} updated, ${done.unchanged} unchanged${done.deletedHere ? `, ${done.deletedHere} deleted here (left deleted)` : ''}${done.linkedCreated ? `; ${done.linkedCreated} linked record${done.linkedCreated === 1 ? '' : 's'} created by title` : ''}`,
  ];
  const d = done.definitions;
  if (d.types || d.fields || d.terms)
    lines.push(`  defined: ${d.types ? `the type ${done.type}, ` : ''}${d.fields} field${d.fields === 1 ? '' : 's'}, ${d.terms} new term${d.terms === 1 ? '' : 's'}`);
  lines.push('  columns:');
  for (const c of done.columns) lines.push(`    ${c.header || '(unnamed)'} → ${c.field ?? `left out (${c.why ?? 'not used'})`}`);
  for (const note of done.notes) lines.push(`  note: ${note}`);
  print(lines.join('\n'));
}

type Outcome = {
  file: string;
  status: string;
  id?: string;
  ids?: string[];
  error?: string;
  warning?: string;
  ocr?: { pages: number; lowConfidence: number[] };
  preview?: { mapping?: { header: string; label: string | null }[]; rows?: number; records: Record<string, unknown>[] };
};

function describe(o: Outcome): string {
  switch (o.status) {
    case 'imported': {
      const line = o.ids ? `imported  ${o.file}: ${o.ids.length} record${o.ids.length === 1 ? '' : 's'}` : `imported  ${o.file}  ${o.id}`;
      const read = o.ocr
        ? `  (${o.ocr.pages} page${o.ocr.pages === 1 ? '' : 's'} read by OCR${o.ocr.lowConfidence.length ? `; check page${o.ocr.lowConfidence.length === 1 ? '' : 's'} ${o.ocr.lowConfidence.join(', ')}: low confidence` : ''})`
        : '';
      return `${line}${read}${o.warning ? `\n  note: ${o.warning}` : ''}`;
    }
    case 'duplicate':
      return `duplicate ${o.file}: already imported as ${o.id ?? o.ids?.join(', ')}`;
    case 'rejected':
      return `rejected  ${o.file}: ${o.error}`;
    default: {
      const lines = [`checked   ${o.file} (nothing written)`];
      if (o.preview?.mapping) {
        lines.push('  columns:');
        for (const m of o.preview.mapping) lines.push(`    ${m.header || '(unnamed)'} → ${m.label ?? 'left out'}`);
        lines.push(`  ${o.preview.rows} rows; the first ${o.preview.records.length}:`);
      }
      for (const r of o.preview?.records ?? []) lines.push(`    ${JSON.stringify(r)}`);
      return lines.join('\n');
    }
  }
}

/** "500M", "1G", "2048" (bytes). */
function sizeArg(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(text.trim());
  if (!m) throw new UsageError('--max-size is a size such as 200M or 1G');
  const unit = (m[2] ?? '').toLowerCase()[0];
  const bytes = Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1);
  if (!(bytes >= 1)) throw new UsageError('--max-size must be at least one byte');
  return Math.floor(bytes);
}

/** One line on a terminal, redrawn: files, megabytes and the file being read. */
function progressBar() {
  let last = 0;
  const width = 24;
  return {
    update(event: ProgressEvent) {
      const now = Date.now();
      if (now - last < 100 && event.current !== null) return;
      last = now;
      // vigil reocr reports pages alone: its bar fills by pages.
      const byPages = event.files === undefined;
      const share = byPages ? Number(event.pagesDone) / (Number(event.pages) || 1) : Number(event.bytesDone) / (Number(event.bytes) || 1);
      const filled = Math.round(share * width);
      const name = typeof event.current === 'string' ? event.current.split(/[\\/]/).pop()!.slice(0, 40) : '';
      const mb = (n: unknown) => (Number(n) / 1024 ** 2).toFixed(1);
      const pages = Number(event.pages) ? ` OCR page ${Math.min(Number(event.pagesDone) + 1, Number(event.pages))}/${event.pages}${name ? ' of' : ''}` : '';
      const files = byPages ? '' : ` ${event.filesDone}/${event.files} files, ${mb(event.bytesDone)}/${mb(event.bytes)} MB`;
      process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}]${files}${pages} ${name}`.padEnd(100).slice(0, 100));
    },
    done() {
      process.stderr.write(`\r${' '.repeat(100)}\r`);
    },
  };
}

/** `vigil reocr DIR ID`: a scanned report's pages read again by OCR from its original. */
export const reocrCommand: Command = {
  usage: 'vigil reocr DIR ID [--languages rus,kaz,eng] [--json]',
  summary: "read a scanned report's pages again by OCR from its original (after a better model or another choice of languages)",
  options: { languages: { type: 'string' }, json: { type: 'boolean' }, ...passphraseFile },
  positionals: [2, 2],
  async run([dir, id], options) {
    const languages = options.languages ? (options.languages as string).split(/[,+\s]+/).filter(Boolean) : undefined;
    const known = ['rus', 'kaz', 'eng'];
    if (languages && (!languages.length || languages.some((l) => !known.includes(l)))) throw new UsageError('--languages is a list of rus, kaz and eng, such as rus,eng');
    const bar = options.json ? progressLines() : process.stderr.isTTY ? progressBar() : undefined;
    const done = await withArchive(dir!, options, (engine) =>
      call(engine, 'records.reocr', { id: id!, ...(languages ? { languages: languages as ('rus' | 'kaz' | 'eng')[] } : {}) }, bar ? { onProgress: bar.update } : {}).finally(() =>
        bar?.done(),
      ),
    );
    if (options.json) return printJson(done);
    const lines = [`read again  ${done.id}: ${done.pages} page${done.pages === 1 ? '' : 's'} read by OCR`];
    if (done.lowConfidence.length) lines.push(`  check page${done.lowConfidence.length === 1 ? '' : 's'} ${done.lowConfidence.join(', ')}: low confidence`);
    if (done.warning) lines.push(`  note: ${done.warning}`);
    print(lines.join('\n'));
  },
};

/** With --json: each progress event as one JSON line on stderr, for a program driving the import. */
function progressLines() {
  return {
    update(event: ProgressEvent) {
      process.stderr.write(`${JSON.stringify({ progress: event })}\n`);
    },
    done() {},
  };
}

/**
 * `--map "Column=field,Other=-"`: the columns chosen by hand, "-" (or "ignore") leaving one out.
 * The field comes after the last "=", so a column name may hold one.
 */
export function parseMapOption(text: string): { column: string; field: string | null }[] {
  return text
    .split(',')
    .filter((part) => part.trim())
    .map((part) => {
      const at = part.lastIndexOf('=');
      if (at <= 0) throw new UsageError(`--map expects "Column=field" pairs separated by commas, not "${part.trim()}"`);
      const field = part.slice(at + 1).trim();
      return { column: part.slice(0, at).trim(), field: field === '-' || field === 'ignore' ? null : field };
    });
}
