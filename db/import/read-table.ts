import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { VigilError } from '../errors.js';
import { decodeText } from './decode-text.js';
import { bytesOf, type FileInput } from './file-input.js';
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

export type TableRow = Table['rows'][number];

/**
 * A table read a slice of rows at a time: its headers at once, its data rows as they are
 * parsed, so that the first rows become records while the rest are still being read.
 */
export interface TableReader {
  headers: string[];
  encoding?: string;
  delimiter?: string;
  rowSlices: AsyncIterable<TableRow[]>;
}

/** Characters of CSV text handed to the parser at a time, and rows handed on at a time. */
const csvChunkChars = 64 * 1024;
const rowsPerSlice = 250;

export async function readTable(input: FileInput, format: TableFormat, limits: ImportLimits): Promise<Table> {
  return collect(await openTable(input, format, limits));
}

export async function openTable(input: FileInput, format: TableFormat, limits: ImportLimits): Promise<TableReader> {
  if (format === 'csv') return openCsv(await bytesOf(input), limits);
  const { readSheet } = await import('read-excel-file/node');
  let data: unknown[][];
  try {
    data = (await readSheet(typeof input === 'string' ? input : await bytesOf(input))) as unknown[][];
  } catch (err) {
    throw new VigilError('invalid_argument', `the spreadsheet cannot be read (${(err as Error).message})`);
  }
  return tableReaderOf(slicesOf(data.map((cells, i) => ({ number: i + 1, cells: cells.map(cellOf) }))), limits);
}

export async function readCsv(bytes: Uint8Array, limits: ImportLimits, chunkChars?: number): Promise<Table> {
  return collect(await openCsv(bytes, limits, chunkChars));
}

async function collect(reader: TableReader): Promise<Table> {
  const rows: TableRow[] = [];
  for await (const slice of reader.rowSlices) for (const row of slice) rows.push(row);
  return { headers: reader.headers, rows, ...(reader.encoding ? { encoding: reader.encoding, delimiter: reader.delimiter } : {}) };
}

/** A sheet read whole (XLSX), handed on in slices like a CSV's rows. */
async function* slicesOf(rows: TableRow[]): AsyncGenerator<TableRow[]> {
  for (let at = 0; at < rows.length; at += rowsPerSlice) yield rows.slice(at, at + rowsPerSlice);
}

/** csv-parse's streaming parser, fed the text a chunk at a time: the same rows and line numbers as parsing it whole. */
async function openCsv(bytes: Uint8Array, limits: ImportLimits, chunkChars = csvChunkChars): Promise<TableReader> {
  const { text, encoding } = decodeText(bytes);
  const delimiter = sniffDelimiter(text);
  const chunks = function* () {
    for (let at = 0; at < text.length; at += chunkChars) yield text.slice(at, at + chunkChars);
  };
  const parser = Readable.from(chunks()).pipe(parse({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  const slices = async function* (): AsyncGenerator<TableRow[]> {
    let slice: TableRow[] = [];
    try {
      for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        slice.push({ number: r.info.lines, cells: r.record.map((c) => (c.trim() === '' ? null : c)) });
        if (slice.length >= rowsPerSlice) {
          yield slice;
          slice = [];
        }
      }
    } catch (err) {
      throw new VigilError('invalid_argument', `the CSV file cannot be read: ${(err as Error).message}`);
    } finally {
      parser.destroy();
    }
    if (slice.length) yield slice;
  };
  return { ...(await tableReaderOf(slices(), limits)), encoding, delimiter };
}

/** Headers from the first non-empty row; data rows after it, empty ones dropped, within the row limit. */
async function tableReaderOf(slices: AsyncIterable<TableRow[]>, limits: ImportLimits): Promise<TableReader> {
  const iterator = slices[Symbol.asyncIterator]();
  let header: TableRow | undefined;
  let first: TableRow[] = [];
  while (!header) {
    const next = await iterator.next();
    if (next.done) throw new VigilError('invalid_argument', 'the spreadsheet is empty');
    first = next.value.filter(nonEmpty);
    header = first.shift();
  }
  const headers = header.cells.map((c) => (c === null ? '' : String(c instanceof Date ? c.toISOString().slice(0, 10) : c).trim()));
  if (!headers.some(Boolean)) {
    await iterator.return?.();
    throw new VigilError('invalid_argument', 'the first row holds no column names');
  }
  const rowSlices = async function* (): AsyncGenerator<TableRow[]> {
    let count = 0;
    try {
      for (let slice: TableRow[] | undefined = first; slice;) {
        count += slice.length;
        if (count > limits.maxRows) throw new VigilError('invalid_argument', `the spreadsheet has more than ${limits.maxRows} rows`);
        if (slice.length) yield slice;
        const next = await iterator.next();
        slice = next.done ? undefined : next.value.filter(nonEmpty);
      }
    } finally {
      await iterator.return?.();
    }
  };
  return { headers, rowSlices: rowSlices() };
}

function nonEmpty(row: TableRow): boolean {
  return row.cells.some((c) => c !== null && c !== '');
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean') return value;
  const text = String(value);
  return text.trim() === '' ? null : text;
}

/** The delimiter that splits the first lines into the same number of fields, most of them. */
export function sniffDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 20);
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
