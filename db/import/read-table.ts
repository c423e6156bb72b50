import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { VigilError } from '../errors.js';
import { decodeText } from './decode-text.js';
import type { ImportLimits } from './import-limits.js';
import type { TableFormat } from './sniff-format.js';

/** A cell as a spreadsheet gives it: text from a CSV; text, numbers, booleans or dates from XLSX. */
export type Cell = string | number | boolean | Date | null;

export interface Table {
  headers: string[];
  /** Data rows with the row number a person sees in the file (the header is row 1). */
  rows: { number: number; cells: Cell[] }[];
  encoding?: string;
  delimiter?: string;
}

export async function readTable(path: string, format: TableFormat, limits: ImportLimits): Promise<Table> {
  if (format === 'csv') return readCsv(await readFile(path), limits);
  const { readSheet } = await import('read-excel-file/node');
  let data: unknown[][];
  try {
    data = (await readSheet(path)) as unknown[][];
  } catch (err) {
    throw new VigilError('invalid_argument', `the spreadsheet cannot be read (${(err as Error).message})`);
  }
  return tableOf(data.map((cells, i) => ({ number: i + 1, cells: cells.map(cellOf) })), limits);
}

export function readCsv(bytes: Uint8Array, limits: ImportLimits): Table {
  const { text, encoding } = decodeText(bytes);
  const delimiter = sniffDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as never;
  } catch (err) {
    throw new VigilError('invalid_argument', `the CSV file cannot be read: ${(err as Error).message}`);
  }
  const table = tableOf(records.map((r) => ({ number: r.info.lines, cells: r.record.map((c) => (c.trim() === '' ? null : c)) })), limits);
  return { ...table, encoding, delimiter };
}

function tableOf(rows: { number: number; cells: Cell[] }[], limits: ImportLimits): Table {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c !== null && c !== ''));
  const header = nonEmpty[0];
  if (!header) throw new VigilError('invalid_argument', 'the spreadsheet is empty');
  if (nonEmpty.length - 1 > limits.maxRows) throw new VigilError('invalid_argument', `the spreadsheet has more than ${limits.maxRows} rows`);
  const headers = header.cells.map((c) => (c === null ? '' : String(c instanceof Date ? c.toISOString().slice(0, 10) : c).trim()));
  if (!headers.some(Boolean)) throw new VigilError('invalid_argument', 'the first row holds no column names');
  return { headers, rows: nonEmpty.slice(1) };
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean') return value;
  const text = String(value);
  return text.trim() === '' ? null : text;
}

/** The delimiter that splits the first lines into the same number of fields, most of them. */
export function sniffDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim()).slice(0, 20);
  let best = ',';
  let bestScore = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const counts = lines.map((line) => countOutsideQuotes(line, candidate));
    const first = counts[0] ?? 0;
    if (!first) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * first;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) count++;
  }
  return count;
}
