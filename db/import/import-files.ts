import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { VigilError, isVigilError } from '../errors.js';
import type { SignedRevision } from '../records/revision.js';
import type { RecordType } from '../shared/schemas.js';
import type { Archive } from '../store/archive.js';
import { headOfHeld, openHeld, type CallerFiles, type HeldFile } from '../store/caller-files.js';
import type { AuditNote } from '../store/unit-of-work.js';
import { documentRecord, type Extracted, type TableRecords } from './extract-file.js';
import { doubtfulPages } from '../shared/ocr-reading.js';
import { readScan } from '../ocr/read-scan.js';
import { OcrPool, sharedBytes } from '../ocr/ocr-pool.js';
import { readSealed } from '../store/sealed-file.js';
import { keepExtractionWorker, takeExtractionWorker, type ExtractionWorker } from './extraction-worker.js';
import { importLimits, type ImportLimits } from './import-limits.js';
import { isTableFormat, sniffFormat, type ImportFormat } from './sniff-format.js';
import { targetsFor } from './column-fields.js';
import type { DefinedColumns } from './defined-columns.js';
import { archiveTemplates } from '../templates/archive-templates.js';
import type { ImportOutcome } from './import-outcome.js';
import type { ColumnChoice } from './table-records.js';
import { recordSql } from '../records/record-sql.js';

/** SQLite's page cache while importing, as cache_size counts it (negative: KiB). */
const importCacheKib = -16384;

export interface ImportOptions {
  /** The record type a spreadsheet's rows become. Documents always become reports. */
  as?: RecordType;
  /** Spreadsheet columns chosen by hand: the field each fills, or null to leave it out. */
  map?: ColumnChoice[];
  /** Show what would be imported; write nothing. */
  dryRun?: boolean;
  /** How to read 11/01/2022 in a spreadsheet: day first (the default) or month first. */
  dateOrder?: 'dmy' | 'mdy';
  maxBytes?: number;
  timeoutMs?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Files the caller keeps sealed under some of `paths` (`vigil serve`'s uploads): read through those, never from disk. */
  files?: CallerFiles;
  /** Aborted (the archive being locked): the file being written is rolled back and the import stops; files already imported stay. */
  signal?: AbortSignal;
}

export interface ImportProgress {
  files: number;
  filesDone: number;
  bytes: number;
  bytesDone: number;
  current: string | null;
  /** Pages of `current` read by OCR so far, and how many it has to read (0 and 0 for a file with text). */
  pagesDone: number;
  pages: number;
}

/**
 * Imports files one by one, each on its own: a bad file is rejected with its reason and
 * nothing of it written, and the others still import. Text is read on a worker thread with a
 * time limit; originals are streamed into the archive; each file's original, its records, the
 * record of the file and its audit entry are written in one unit of work.
 */
export async function importFiles(archive: Archive, paths: readonly string[], options: ImportOptions = {}): Promise<ImportOutcome[]> {
  const limits: ImportLimits = {
    ...importLimits,
    ...(options.maxBytes ? { maxFileBytes: options.maxBytes } : {}),
    ...(options.timeoutMs ? { extractionTimeoutMs: options.timeoutMs } : {}),
  };
  const sizes = await Promise.all(
    paths.map(
      (p) =>
        options.files?.reading(p)?.size ??
        stat(p).then(
          (s) => (s.isFile() ? s.size : 0),
          () => 0,
        ),
    ),
  );
  const progress: ImportProgress = { files: paths.length, filesDone: 0, bytes: sizes.reduce((a, b) => a + b, 0), bytesDone: 0, current: null, pagesDone: 0, pages: 0 };
  const worker = takeExtractionWorker();
  const outcomes: ImportOutcome[] = [];
  // One file ahead: the worker reads the next file while this thread writes the current one.
  // A scan's pages are read by OCR while it is the file being imported: each page read is progress.
  const onPages = (path: string, pagesDone: number, pages: number) => options.onProgress?.({ ...progress, current: path, pagesDone, pages });
  // OCR threads, started at the first scan and kept for the others: each start loads Tesseract and its language data.
  let ocrPool: OcrPool | undefined;
  const scans = { onPages, pool: () => (ocrPool ??= new OcrPool()) };
  const read = (i: number) => readOne(archive, paths[i]!, options, limits, worker, scans).catch((err: unknown) => ({ failed: err }));
  // The pages an import writes are not what the next search reads: a smaller page cache while
  // importing keeps memory bounded, and the searches' cache fills again afterwards.
  const cacheSize = archive.db.pragma('cache_size', { simple: true }) as number;
  archive.db.pragma(`cache_size = ${Math.max(cacheSize, importCacheKib)}`);
  let finished = false;
  try {
    let next = paths.length ? read(0) : undefined;
    for (const [i, path] of paths.entries()) {
      options.signal?.throwIfAborted();
      progress.current = path;
      options.onProgress?.({ ...progress });
      const current = await next!;
      // A spreadsheet streams from the worker while it is written: the next file waits for the worker.
      const workerFree = 'extraction' in current ? current.extraction.then(noop, noop) : Promise.resolve();
      next = i + 1 < paths.length ? workerFree.then(() => read(i + 1)) : undefined;
      outcomes.push(await writeOne(archive, path, current, options, limits));
      options.signal?.throwIfAborted();
      progress.filesDone++;
      progress.bytesDone += sizes[i]!;
      progress.current = null;
      options.onProgress?.({ ...progress, pagesDone: 0, pages: 0 });
    }
    await next;
    finished = true;
  } finally {
    // Kept for the next import only when idle: after a failure it may still be reading a file.
    if (finished) keepExtractionWorker(worker);
    else await worker.close();
    await ocrPool?.close();
    archive.db.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
    archive.db.pragma('shrink_memory');
  }
  return outcomes;
}

/**
 * A file checked, hashed and read on the worker, ready to be written (or already answered).
 * A spreadsheet being imported arrives as a stream of parts, written while the worker makes
 * the next ones.
 */
type ReadFile =
  | { outcome: ImportOutcome }
  | { failed: unknown }
  | { format: ImportFormat; sha256: string; size: number; extracted: Extracted; warning?: string }
  | { format: ImportFormat; sha256: string; size: number; parts: PartQueue; extraction: Promise<Extracted> };

type Part = Omit<TableRecords, 'mapping'>;

/** Parts as the worker sends them, for one reader that awaits them in order. */
class PartQueue implements AsyncIterable<Part> {
  readonly #parts: { part: Part; taken: () => void }[] = [];
  #waiting: (() => void) | undefined;
  #ended = false;
  #error: unknown;

  #draining = false;

  /** `taken` tells the worker the part was taken, so that it makes another. */
  push(part: Part, taken: () => void): void {
    if (this.#draining) return taken();
    this.#parts.push({ part, taken });
    this.#wake();
  }

  /** For a writer that stopped early: parts are taken and dropped, so the worker runs to its end instead of waiting. */
  drain(): void {
    this.#draining = true;
    for (const { taken } of this.#parts.splice(0)) taken();
  }

  end(error?: unknown): void {
    this.#ended = true;
    this.#error = error;
    this.#wake();
  }

  #wake(): void {
    const wake = this.#waiting;
    this.#waiting = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Part> {
    for (;;) {
      const next = this.#parts.shift();
      if (next) {
        next.taken();
        yield next.part;
        continue;
      }
      if (this.#ended) {
        if (this.#error) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => (this.#waiting = resolve));
    }
  }
}

async function readOne(
  archive: Archive,
  path: string,
  options: ImportOptions,
  limits: ImportLimits,
  worker: ExtractionWorker,
  scans: { onPages: (path: string, done: number, total: number) => void; pool: () => OcrPool },
): Promise<ReadFile> {
  let format: ImportFormat | undefined;
  const held = options.files?.reading(path);
  // A held file is read by the worker from its sealed copy, into memory.
  const source = held ? { path, sealed: { file: held.file, key: held.key } } : { path };
  try {
    const checked = await checkFile(path, limits, held);
    format = checked.format;
    if (isTableFormat(format) && !options.as) throw new VigilError('invalid_argument', 'a spreadsheet needs the record type its rows become (as: for example detainee)');
    const sha256 = await hashFile(path, held);
    const earlier = liveImport(archive, sha256);
    if (earlier) return { outcome: { file: path, status: 'duplicate', format, ...(earlier.length === 1 ? { id: earlier[0] } : { ids: earlier }) } };
    const index = !options.dryRun;
    if (isTableFormat(format) && index) {
      const parts = new PartQueue();
      const rows = {
        as: options.as!,
        context: { dateOrder: options.dateOrder ?? ('dmy' as const) },
        index,
        ...(options.map ? { map: options.map } : {}),
        ...definedFor(archive, options.as!),
      };
      const extraction = worker.extract({ ...source, format, size: checked.size, limits, rows }, (part, taken) => parts.push(part, taken), options.signal);
      extraction.then(
        () => parts.end(),
        (err: unknown) => parts.end(err),
      );
      return { format, sha256, size: checked.size, parts, extraction };
    }
    const extracted = await worker.extract(
      {
        ...source,
        format,
        size: checked.size,
        limits,
        ...(isTableFormat(format)
          ? {
              rows: {
                as: options.as!,
                context: { dateOrder: options.dateOrder ?? 'dmy' },
                index,
                ...(options.map ? { map: options.map } : {}),
                ...definedFor(archive, options.as!),
              },
            }
          : { report: { sha256, size: checked.size, index } }),
      },
      undefined,
      options.signal,
    );
    if (extracted.kind === 'document' && extracted.needsOcr?.length && index) {
      // The pages without text are read by OCR here, before the report is made: cancelled or refused, nothing is written.
      // Read once into shared memory, which the OCR threads read in place.
      const bytes = held ? sharedBytes(await readSealed({ file: held.file, key: held.key })) : await readShared(path, checked.size);
      scans.onPages(path, 0, extracted.needsOcr.length);
      const { warning, ...scanned } = await readScan(extracted, {
        bytes,
        sha256,
        pool: scans.pool(),
        ...(options.signal ? { signal: options.signal } : {}),
        onPage: (done, total) => scans.onPages(path, done, total),
      });
      return {
        format,
        sha256,
        size: checked.size,
        extracted: { ...scanned, ...documentRecord(path, scanned, { sha256, size: checked.size, index }) },
        ...(warning ? { warning } : {}),
      };
    }
    return { format, sha256, size: checked.size, extracted };
  } catch (err) {
    if (!isVigilError(err)) throw err;
    return { outcome: { file: path, status: 'rejected', ...(format ? { format } : {}), error: err.message } };
  }
}

/** The organisation's fields of a type, and its terms by every name, for the reading worker; nothing when the type has none. */
function definedFor(archive: Archive, type: RecordType): { defined?: DefinedColumns } {
  const templates = archiveTemplates(archive.db);
  const fields = templates.fieldsOf(type);
  if (!fields.length) return {};
  const terms: DefinedColumns['terms'] = {};
  for (const vocabulary of new Set(fields.flatMap((f) => [f.vocabulary, ...(f.fields ?? []).map((m) => m.vocabulary)]).filter((v): v is string => Boolean(v)))) {
    terms[vocabulary] = [...templates.terms(vocabulary)].flatMap(([key, place]) =>
      [key, place.term.labels.en, place.term.labels.ru, place.term.labels.kk].filter((n): n is string => Boolean(n)).map((n) => [n.toLowerCase(), key] as [string, string]),
    );
  }
  return { defined: { fields, terms } };
}

async function writeOne(archive: Archive, path: string, read: ReadFile, options: ImportOptions, limits: ImportLimits): Promise<ImportOutcome> {
  if ('failed' in read) throw read.failed;
  if ('outcome' in read) return read.outcome;
  if ('parts' in read) return writeRows(archive, path, read, options);
  const { format, sha256, extracted } = read;
  try {
    // Read while the previous file was being written: that file may have been these same bytes.
    const earlier = liveImport(archive, sha256);
    if (earlier) return { file: path, status: 'duplicate', format, ...(earlier.length === 1 ? { id: earlier[0] } : { ids: earlier }) };

    if (extracted.kind === 'table') {
      // Spreadsheets being imported stream through writeRows; here only a dry run's preview.
      const { mapping = [], records = [] } = extracted;
      if (!records.length) throw new VigilError('invalid_argument', 'the spreadsheet has column names but no rows');
      const targets = targetsFor(options.as!, definedFor(archive, options.as!).defined).map((t) => ({ key: t.key, label: t.label }));
      return { file: path, status: 'checked', format, preview: { mapping, targets, rows: records.length, records: records.slice(0, 5).map((r) => r.data) } };
    }

    const report = extracted.report!;
    if (options.dryRun) {
      const { body: _body, ...preview } = report;
      return { file: path, status: 'checked', format, preview: { records: [preview], ...(extracted.needsOcr?.length ? { ocrPages: extracted.needsOcr.length } : {}) } };
    }
    // The original, the report naming it, its search entries and the audit entry commit together:
    // killed midway, the import leaves nothing, not an original that no record names.
    const id = await archive.writes.writeAsync(
      async () => {
        const held = options.files?.reading(path);
        const blob = held
          ? await archive.attachments.putStream(openHeld(held), { maxBytes: limits.maxFileBytes })
          : await archive.attachments.putFile(path, { maxBytes: limits.maxFileBytes });
        if (blob.sha256 !== sha256) throw new VigilError('io_error', 'the file changed while it was being imported: import it again');
        const [created] = archive.records.createMany([{ type: 'report', data: report }], { validated: true, ...(extracted.prepared ? { prepared: [extracted.prepared] } : {}) });
        noteImport(archive, sha256, path, format, [created!.id]);
        return created!.id;
      },
      { audit: (id) => importNote(sha256, path, format, [id], { pages: extracted.pages ?? null, textLayer: extracted.hasTextLayer }), ...signalOf(options) },
    );
    return { file: path, status: 'imported', format, id, ...ocrOutcome(extracted), ...(read.warning ? { warning: read.warning } : {}) };
  } catch (err) {
    if (!isVigilError(err)) throw err;
    return { file: path, status: 'rejected', format, error: err.message };
  }
}

/**
 * A spreadsheet's rows written part by part as the worker makes them, all inside one
 * transaction held across the parts (the engine runs one call at a time, so nothing else
 * writes meanwhile): a bad row anywhere rolls back every part already written.
 */
async function writeRows(archive: Archive, path: string, read: Extract<ReadFile, { parts: PartQueue }>, options: ImportOptions): Promise<ImportOutcome> {
  const { format, sha256, parts, extraction } = read;
  try {
    const earlier = liveImport(archive, sha256);
    if (earlier) {
      parts.drain();
      await extraction.catch(noop);
      return { file: path, status: 'duplicate', format, ...(earlier.length === 1 ? { id: earlier[0] } : { ids: earlier }) };
    }
    // Every part joins one write: a bad row anywhere rolls back every part already written.
    const ids = await archive.writes.writeAsync(
      async () => {
        const ids: string[] = [];
        let written = 0;
        const write = (part: Part, sealed: SignedRevision[]) => {
          const created = archive.records.createMany(part.records, { validated: true, auditEach: false, sealed, ...(part.prepared ? { prepared: part.prepared } : {}) });
          for (const c of created) ids.push(c.id);
          // Search entries go to FTS5 every ten thousand rows: one segment each, and memory stays bounded.
          if ((written += created.length) >= 10_000) {
            archive.writes.flush();
            written = 0;
          }
        };
        // Each part's revisions are signed (on the thread pool) while the part before is written.
        let pending: { part: Part; sealed: Promise<SignedRevision[]> } | undefined;
        for await (const part of parts) {
          options.signal?.throwIfAborted();
          const job = { part, sealed: archive.records.sealCreates(part.records) };
          // A part sealed but never written (the file was refused meanwhile) is dropped quietly.
          job.sealed.catch(noop);
          if (pending) write(pending.part, await pending.sealed);
          pending = job;
        }
        if (pending) write(pending.part, await pending.sealed);
        await extraction;
        if (!ids.length) throw new VigilError('invalid_argument', 'the spreadsheet has column names but no rows');
        noteImport(archive, sha256, path, format, ids);
        return ids;
      },
      { audit: (ids) => importNote(sha256, path, format, ids, { rows: ids.length, type: options.as! }), ...signalOf(options) },
    );
    return { file: path, status: 'imported', format, ids };
  } catch (err) {
    parts.drain();
    await extraction.catch(noop);
    if (!isVigilError(err)) throw err;
    return { file: path, status: 'rejected', format, error: err.message };
  }
}

function noop(): void {}

/** A file read straight into shared memory (no second copy of a large scan). */
async function readShared(path: string, size: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(new SharedArrayBuffer(size));
  const handle = await open(path, 'r');
  try {
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, Math.min(size - at, 8 * 1024 * 1024), at);
      if (!bytesRead) throw new VigilError('io_error', 'the file changed while it was being imported: import it again');
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return bytes;
}

/** How many pages OCR read, and which of them it doubted: for the outcome of a scan's import. */
function ocrOutcome(extracted: Extracted): Pick<ImportOutcome, 'ocr'> {
  if (extracted.kind !== 'document' || !extracted.ocr) return {};
  const { pages } = extracted.ocr;
  return { ocr: { pages: pages.length, lowConfidence: doubtfulPages(extracted.ocr) } };
}

/** Readable, a regular file, not empty, within the size limit, and its content what its extension says. */
async function checkFile(path: string, limits: ImportLimits, held: HeldFile | undefined): Promise<{ format: ImportFormat; size: number }> {
  if (held) {
    if (held.size === 0) throw new VigilError('invalid_argument', 'the file is empty');
    if (held.size > limits.maxFileBytes) throw new VigilError('invalid_argument', `the file is larger than the limit of ${formatBytes(limits.maxFileBytes)}`);
    return { format: sniffFormat(path, await headOfHeld(held, 1024)), size: held.size };
  }
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new VigilError('invalid_argument', 'not a file');
    size = info.size;
  } catch (err) {
    if (isVigilError(err)) throw err;
    throw new VigilError('not_found', `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size === 0) throw new VigilError('invalid_argument', 'the file is empty');
  if (size > limits.maxFileBytes) throw new VigilError('invalid_argument', `the file is larger than the limit of ${formatBytes(limits.maxFileBytes)}`);
  const head = new Uint8Array(Math.min(size, 1024));
  try {
    const handle = await open(path, 'r');
    try {
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new VigilError('not_found', `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { format: sniffFormat(path, head), size };
}

function hashFile(path: string, held: HeldFile | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    (held ? openHeld(held) : createReadStream(path, { highWaterMark: 1024 * 1024 }))
      .on('data', (chunk: Buffer) => hash.update(chunk))
      .on('error', (err: NodeJS.ErrnoException) => reject(isVigilError(err) ? err : new VigilError('not_found', `cannot read the file (${err.code ?? err.message})`)))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** The records an earlier import of the same bytes made, if any of them is still there. */
function liveImport(archive: Archive, sha256: string): string[] | undefined {
  const row = archive.db.prepare('SELECT record_ids FROM imported_files WHERE sha256 = ?').pluck().get(sha256) as string | undefined;
  if (!row) return undefined;
  const ids = JSON.parse(row) as string[];
  const { isLive } = recordSql(archive.db);
  const alive = ids.filter((id) => isLive.get(id));
  return alive.length ? alive : undefined;
}

/** Remembers which records a file's bytes made, so the same file imported again is named a duplicate. */
function noteImport(archive: Archive, sha256: string, path: string, format: ImportFormat, ids: string[]): void {
  archive.db
    .prepare(
      'INSERT INTO imported_files (sha256, name, format, record_ids, imported_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET name = excluded.name, format = excluded.format, record_ids = excluded.record_ids, imported_ms = excluded.imported_ms',
    )
    .run(sha256, basename(path), format, JSON.stringify(ids), Date.now());
}

function importNote(sha256: string, path: string, format: ImportFormat, ids: string[], detail: Record<string, unknown>): AuditNote {
  return { action: 'import.file', ...(ids.length === 1 ? { recordId: ids[0] } : {}), detail: { file: basename(path), sha256, format, records: ids.length, ...detail } };
}

function signalOf(options: ImportOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB` : bytes >= 1024 ** 2 ? `${+(bytes / 1024 ** 2).toFixed(1)} MiB` : `${bytes} bytes`;
}
