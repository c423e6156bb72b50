import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { VigilError } from '../errors.js';
import { viewOfType, type RecordView } from '../shared/record-views.js';
import { recordTypes, type RecordType } from '../shared/schemas.js';
import type { Archive } from '../store/archive.js';
import { openOutput, writeWhole, type CallerFiles } from '../store/caller-files.js';
import type { AuditNote } from '../store/unit-of-work.js';
import { cellsOf, fieldOrder, type Row } from './csv-columns.js';
import { archiveTemplates } from '../templates/archive-templates.js';
import { definedCells } from '../templates/defined-cells.js';
import { definedFacts, definedTypeName } from '../templates/defined-facts.js';
import { exportFormat, exportVersion } from './export-schema.js';
import {
  contents,
  escapeHtml as escapeHtmlText,
  exportWords,
  htmlDocument,
  renderDetainee,
  renderRecord,
  renderSearchResults,
  type ExportContext,
  type ExportLanguage,
} from './render-html.js';
import { gatherTrial } from '../reports/trial-dossier.js';
import { buildTrialReport } from '../reports/trial-report.js';
import { renderReportBody } from '../reports/render-report-html.js';
import { renderReportDocx } from '../reports/render-report-docx.js';
import { buildRecordsDocument } from './records-document.js';
import { uwaziCsv } from '../uwazi/export-uwazi.js';

export const exportFileFormat = z.enum(['json', 'csv', 'html', 'docx', 'uwazi-csv']);
export type ExportFileFormat = z.output<typeof exportFileFormat>;

export interface ExportOptions {
  format: ExportFileFormat;
  /** A file for JSON and HTML; for CSV a folder (one file per record type), or a `.csv` file for one type. */
  out: string;
  types?: RecordType[];
  ids?: string[];
  query?: string;
  /** The language of an HTML or DOCX export's words (the interface's); English when not given. */
  language?: ExportLanguage | undefined;
}

export const exportResult = z.object({ format: exportFileFormat, files: z.array(z.string()), records: z.int(), encrypted: z.literal(false), warning: z.string() });
export type ExportResult = z.output<typeof exportResult>;

export const plaintextWarning = 'the exported file is NOT encrypted: anyone who holds it can read it';

/** Results of a query that an export takes at most. */
const maxQueryRecords = 10_000;

/**
 * Writes records out of the archive as JSON, CSV or HTML. Unlike bundles, exports are plain
 * text, for other programs and for people: the result says so, and the audit log records
 * every export. `held`: the caller keeps the file it names sealed (`vigil serve`, until the
 * page fetches it).
 */
export async function exportRecords(archive: Archive, options: ExportOptions, held?: CallerFiles): Promise<ExportResult> {
  const { ids, hits } = selectRecords(archive, options);
  let files: string[];
  if (options.format === 'uwazi-csv') {
    const type = options.types?.length === 1 ? options.types[0]! : undefined;
    if (!type) throw new VigilError('invalid_argument', "an Uwazi CSV holds the records of one type, as Uwazi's import reads one template: give one type");
    const written = uwaziCsv(archive, type, ids, options.language ?? 'en');
    await writeWhole(openOutput(options.out, held), written.text);
    files = [options.out];
  } else if (options.format === 'json') files = [await writeJson(archive, ids, options, held)];
  else if (options.format === 'csv') files = await writeCsv(archive, ids, options, held);
  else if (options.format === 'docx') files = [await writeDocx(archive, ids, options, held)];
  else files = [await writeHtml(archive, ids, hits, options, held)];
  archive.writes.appendAudit(exportNote(options, { format: options.format, files: files.map((f) => basename(f)), records: ids.length }));
  return { format: options.format, files, records: ids.length, encrypted: false, warning: plaintextWarning };
}

/** An export's audit entry: what was written, and how its records were chosen. */
function exportNote(options: Pick<ExportOptions, 'query' | 'types' | 'ids'>, written: Record<string, unknown>): AuditNote {
  return {
    action: 'export.file',
    detail: {
      ...written,
      ...(options.query ? { query: options.query } : {}),
      ...(options.types?.length ? { types: options.types } : {}),
      ...(options.ids?.length ? { ids: options.ids.length } : {}),
    },
  };
}

type Hits = { query: string; total: number; hits: ReturnType<Archive['search']['search']>['hits'] } | undefined;

/** The records an export holds: a query's results (best first), the ids given, or every record; narrowed to the types given. */
function selectRecords(archive: Archive, options: ExportOptions): { ids: string[]; hits: Hits } {
  const templates = archiveTemplates(archive.db);
  for (const t of options.types ?? []) {
    if (!templates.isType(t)) throw new VigilError('invalid_argument', `unknown record type "${t}"; expected one of ${[...recordTypes, ...templates.types.keys()].join(', ')}`);
  }
  const types = options.types?.length ? new Set<string>(options.types) : undefined;
  // Every id named must exist, whatever else narrows the export.
  const named = options.ids?.length ? new Map(options.ids.map((id) => [id, archive.records.get(id).type] as const)) : undefined;
  const wanted = (id: string, type: string) => (!types || types.has(type)) && (!named || named.has(id));
  if (options.query !== undefined) {
    const hits: NonNullable<Hits> = { query: options.query, total: 0, hits: [] };
    for (let offset = 0; offset < maxQueryRecords; offset += 200) {
      const page = archive.search.search({ query: options.query, limit: 200, offset });
      hits.total = page.total;
      hits.hits.push(...page.hits);
      if (page.hits.length < 200) break;
    }
    return { ids: hits.hits.filter((h) => wanted(h.id, h.type)).map((h) => h.id), hits };
  }
  if (named) return { ids: [...named].filter(([id, type]) => wanted(id, type)).map(([id]) => id), hits: undefined };
  return {
    ids: archive.records
      .list()
      .filter((r) => wanted(r.id, r.type))
      .map((r) => r.id),
    hits: undefined,
  };
}

/**
 * The printable HTML of records, as an HTML export holds it, returned rather than written: the
 * desktop app prints it to PDF from memory, so no file ever holds it. Audited as the export it is.
 */
export function printableRecords(archive: Archive, options: Omit<ExportOptions, 'format' | 'out'>): { html: string; records: number } {
  const { ids, hits } = selectRecords(archive, { ...options, format: 'html', out: '' });
  const html = renderHtml(archive, ids, hits, options.language ?? 'en');
  archive.writes.appendAudit(exportNote(options, { format: 'pdf', printed: true, records: ids.length }));
  return { html, records: ids.length };
}

/** Each file is written through openOutput: a temporary file renamed into place, so a failed export leaves no half file under the name. */
async function writeJson(archive: Archive, ids: string[], options: ExportOptions, held: CallerFiles | undefined): Promise<string> {
  const output = openOutput(options.out, held);
  const out = output.stream;
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    const head = {
      format: exportFormat,
      version: exportVersion,
      exportedAt: new Date().toISOString(),
      source: { deviceId: archive.deviceId, ...(options.query !== undefined ? { query: options.query } : {}) },
      encrypted: false,
    };
    await write(`${JSON.stringify(head, null, 2).slice(0, -2)},\n  "records": [`);
    for (const [i, id] of ids.entries()) {
      await write(`${i ? ',' : ''}\n    ${JSON.stringify(exportedRecord(archive, archive.records.get(id)))}`);
    }
    await write(`${ids.length ? '\n  ' : ''}]\n}\n`);
    await output.finish();
  } catch (err) {
    output.abandon();
    throw err;
  }
  return options.out;
}

function exportedRecord(archive: Archive, view: RecordView) {
  return {
    id: view.id,
    type: view.type,
    revision: view.revision,
    conflict: view.conflict,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    data: view.data,
    history: archive.records.history(view.id).map((r) => ({ revision: r.id, parents: r.parents, op: r.op, device: r.device, time: r.time })),
  };
}

async function writeCsv(archive: Archive, ids: string[], options: ExportOptions, held: CallerFiles | undefined): Promise<string[]> {
  const byType = new Map<RecordType, RecordView[]>();
  for (const id of ids) {
    const view = archive.records.get(id);
    byType.set(view.type, [...(byType.get(view.type) ?? []), view]);
  }
  // "--out detainees.csv" is one file, which can hold one record type.
  const oneFile = /\.csv$/i.test(options.out) ? options.out : undefined;
  if (oneFile) {
    const types = new Set<RecordType>([...byType.keys(), ...(options.types ?? [])]);
    if (types.size > 1) {
      throw new VigilError(
        'invalid_argument',
        `a .csv file holds one record type, and these records are of ${types.size} (${[...types].join(', ')}): choose one type, or give a folder for one file per type`,
      );
    }
    const only = [...types][0];
    if (only && !byType.has(only)) byType.set(only, []);
  } else {
    try {
      mkdirSync(options.out, { recursive: true });
    } catch (err) {
      throw new VigilError('io_error', `cannot make the folder ${options.out} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const files: string[] = [];
  const templates = archiveTemplates(archive.db);
  for (const [type, views] of byType) {
    const rows: Row[] = views.map((view) => {
      const row: Row = { vigil_id: view.id };
      // Every stored field becomes cells, whether today's schema knows it or not.
      const data: Record<string, unknown> = view.data;
      const order = fieldOrder(type);
      const keys = [...order.filter((k) => k in data), ...Object.keys(data).filter((k) => !order.includes(k))];
      for (const key of keys) if (key !== 'defined') cellsOf([key], data[key], row);
      definedCells(templates, type, data.defined, row);
      row.created_at = view.createdAt;
      row.updated_at = view.updatedAt;
      return row;
    });
    const columns = ['vigil_id', 'title'];
    for (const row of rows) for (const c of Object.keys(row)) if (!columns.includes(c)) columns.push(c);
    // created_at and updated_at last, where a reader looks for them.
    const ordered = [...columns.filter((c) => c !== 'created_at' && c !== 'updated_at'), 'created_at', 'updated_at'];
    const path = oneFile ?? join(options.out, `${type}.csv`);
    // A byte-order mark, so that spreadsheet programs read UTF-8 (and Cyrillic) as such; a cell
    // beginning like a formula (=, +, -, @) is quoted so a spreadsheet shows it rather than runs it.
    await writeWhole(openOutput(path, held), `\uFEFF${stringify(rows, { header: true, columns: ordered, record_delimiter: '\r\n', escape_formulas: true })}`);
    files.push(path);
  }
  return files;
}

async function writeHtml(archive: Archive, ids: string[], hits: Hits, options: ExportOptions, held: CallerFiles | undefined): Promise<string> {
  await writeWhole(openOutput(options.out, held), renderHtml(archive, ids, hits, options.language ?? 'en'));
  return options.out;
}

/** Records as a Word document for people (a search's records in its order): what the HTML export says, to edit and send. */
async function writeDocx(archive: Archive, ids: string[], options: ExportOptions, held: CallerFiles | undefined): Promise<string> {
  const ctx = exportContext(archive, options.language ?? 'en');
  const doc = buildRecordsDocument(
    archive,
    ids.map((id) => archive.records.get(id)),
    ctx,
    new Date(),
  );
  await writeWhole(openOutput(options.out, held), await renderReportDocx(doc));
  return options.out;
}

/** An export's language, and records named by their titles (a link to a record not here reads as nothing). */
function exportContext(archive: Archive, language: ExportLanguage): ExportContext {
  const templates = archiveTemplates(archive.db);
  const w = exportWords(language);
  return {
    language,
    typeName: (type) => definedTypeName(templates, type, language),
    definedOf: (type, defined) => definedFacts(templates, type, defined, language, { yes: w.yes, no: w.no, titleOf: (id) => archive.records.describe(id)?.title }),
    titleOf: (id) => {
      try {
        return String(archive.records.get(id).data.title);
      } catch (err) {
        if (err instanceof VigilError && err.code === 'not_found') return undefined;
        throw err;
      }
    },
  };
}

function renderHtml(archive: Archive, ids: string[], hits: Hits, language: ExportLanguage): string {
  const exportedAt = new Date();
  const w = exportWords(language);
  if (hits) {
    const kept = new Set(ids);
    return htmlDocument(
      w.search(hits.query),
      renderSearchResults(
        hits.query,
        hits.total,
        hits.hits.filter((h) => kept.has(h.id)),
        language,
      ),
      exportedAt,
      language,
    );
  }
  const ctx = exportContext(archive, language);
  const records = ids.map((id) => archive.records.get(id));
  const kindOf = (view: (typeof records)[number]) =>
    view.type === 'detainee' ? w.detaineeProfile : view.type === 'trial' ? w.trialReport : (w.types[view.type] ?? ctx.typeName!(view.type));
  const sections = records.map((view, i) => {
    const anchor = `record-${i + 1}`;
    if (view.type === 'detainee') return renderDetainee(viewOfType(view, 'detainee'), ctx, anchor);
    if (view.type === 'trial') {
      // A trial is its observation report: the same findings, citations and annex as `vigil report trial`.
      const doc = buildTrialReport(gatherTrial(archive, view.id), language, exportedAt, ctx.titleOf);
      return `<section class="record"><h1 id="${anchor}">${escapeHtmlText(String(view.data.title))}</h1><p class="meta">${escapeHtmlText(w.trialReport)}</p>${renderReportBody(doc, `${anchor}-`)}</section>`;
    }
    return renderRecord(view, ctx, anchor);
  });
  const title = records.length === 1 ? String(records[0]!.data.title) : w.records(records.length);
  const toc = contents(
    records.map((view, i) => ({ anchor: `record-${i + 1}`, title: String(view.data.title), kind: kindOf(view) })),
    language,
  );
  return htmlDocument(title, [toc, ...sections].join('\n'), exportedAt, language);
}
