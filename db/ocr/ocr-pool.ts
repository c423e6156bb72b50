import { availableParallelism } from 'node:os';
import { VigilError } from '../errors.js';
import { compiledFile, TaskWorker, type WorkerStop } from '../workers/task-worker.js';
import type { OcrJob, OcrPage } from './ocr-worker.js';
import type { ScanFormat } from './page-images.js';

export const ocrLimits = {
  /** One page may take this long to draw and read. */
  pageTimeoutMs: 120_000,
  /**
   * Memory a reading thread may hold outside its heap: Tesseract's WebAssembly memory (which
   * grows and never shrinks), the page drawn and the file. A 300-dpi A4 page takes a thread to
   * about 230 MB.
   */
  externalMemoryBytes: 700 * 1024 ** 2,
} as const;

export interface OcrFile {
  /** Names the file for the threads (its hash). */
  key: string;
  bytes: Uint8Array;
  format: ScanFormat;
  /** 1-based pages to read. */
  pages: readonly number[];
}

export interface OcrRun {
  dataDir: string;
  languages: readonly string[];
  signal?: AbortSignal;
  /** After each page read, in the order they finish. */
  onPage?: (page: OcrPage, done: number, total: number) => void;
  pageTimeoutMs?: number;
}

/**
 * Threads that read scanned pages, one per core: each page is a task with its own time limit
 * and memory ceiling, so a hostile page ends its thread, not the engine. The file's bytes are
 * shared with the threads, not copied to each.
 */
export class OcrPool {
  readonly #threads: TaskWorker<OcrJob, OcrPage>[];

  constructor(threads = Math.max(1, Math.min(2, availableParallelism()))) {
    this.#threads = Array.from(
      { length: threads },
      () =>
        new TaskWorker<OcrJob, OcrPage>({
          file: compiledFile('ocr/ocr-worker.js'),
          task: 'reading the page',
          resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 },
          failure: pageFailure,
        }),
    );
  }

  /** Reads the pages; the readings come back in page order. Any page refused refuses the file. */
  async readPages(file: OcrFile, run: OcrRun): Promise<OcrPage[]> {
    const shared = sharedBytes(file.bytes);
    const queue = [...file.pages];
    const readings: OcrPage[] = [];
    // The first refusal stops the other threads' pages too.
    const stop = new AbortController();
    const onAbort = () => stop.abort(run.signal!.reason);
    run.signal?.addEventListener('abort', onAbort, { once: true });
    const work = async (thread: TaskWorker<OcrJob, OcrPage>) => {
      for (let page = queue.shift(); page !== undefined && !stop.signal.aborted; page = queue.shift()) {
        const job: OcrJob = { key: file.key, bytes: shared, format: file.format, page, dataDir: run.dataDir, languages: [...run.languages] };
        const reading = await thread
          .run(job, { timeoutMs: run.pageTimeoutMs ?? ocrLimits.pageTimeoutMs, externalMemoryCeiling: ocrLimits.externalMemoryBytes, signal: stop.signal })
          .catch((err: unknown) => {
            const failed =
              err instanceof VigilError && !stop.signal.aborted
                ? new VigilError(err.code, file.pages.length > 1 || file.format === 'pdf' ? `page ${page}: ${err.message}` : err.message)
                : err;
            if (!stop.signal.aborted) stop.abort(failed);
            throw failed;
          });
        readings.push(reading);
        run.onPage?.(reading, readings.length, file.pages.length);
      }
    };
    try {
      const results = await Promise.allSettled(this.#threads.slice(0, Math.max(1, file.pages.length)).map(work));
      if (stop.signal.aborted) throw stop.signal.reason;
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      run.signal?.removeEventListener('abort', onAbort);
    }
    return readings.sort((a, b) => a.page - b.page);
  }

  async close(): Promise<void> {
    await Promise.all(this.#threads.map((t) => t.close()));
  }
}

/** The bytes in shared memory, which the threads read without a copy each: as they are when they already are. */
export function sharedBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}

function pageFailure(stop: WorkerStop): VigilError {
  switch (stop.reason) {
    case 'timeout':
      return new VigilError('invalid_argument', `reading the page took longer than ${Math.round(stop.ms / 1000)} s: it was abandoned`);
    case 'memory':
      return new VigilError('invalid_argument', 'reading the page needed more memory than allowed: it was abandoned');
    case 'cancelled':
      return new VigilError('cancelled', 'reading the scan was cancelled');
    case 'crashed':
      return new VigilError('invalid_argument', `the page cannot be read (${stop.message})`);
    case 'exited':
    case 'stopped':
      return new VigilError('invalid_argument', 'reading the page was stopped before it finished');
  }
}
