import { MessageChannel } from 'node:worker_threads';
import { VigilError } from '../errors.js';
import { compiledFile, TaskWorker, workerStopOf, type WorkerStop } from '../workers/task-worker.js';
import type { Extracted, ExtractionJob, TableRecords } from './extract-file.js';
import type { WatchedJob } from './extract-watchdog.js';

type Part = Omit<TableRecords, 'mapping'>;

/**
 * Runs extraction on a worker thread with a time limit and memory ceilings per file: its heap,
 * and what it holds outside the heap (watched from a thread of its own, see extract-watchdog).
 * A file that takes too long or needs too much memory is refused and the worker replaced; the
 * engine's thread stays responsive.
 */
export class ExtractionWorker {
  readonly #worker: TaskWorker<WatchedJob, Extracted, Part>;

  constructor(options: { heapMb?: number } = {}) {
    const heapMb = options.heapMb ?? 384;
    this.#worker = new TaskWorker({
      file: compiledFile('import/extract-watchdog.js'),
      task: 'reading the file',
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 },
      start: () => {
        // The engine and the worker it reads files on talk over this channel; the watchdog only passes it on.
        const { port1, port2 } = new MessageChannel();
        return { workerData: { port: port2, heapMb }, transferList: [port2], answers: port1 };
      },
      failure: extractionFailure,
    });
  }

  /**
   * Extracts one file. With `onPart`, a spreadsheet's records are handed over in parts as the
   * worker makes them (to be written meanwhile) and the result carries none. Aborting `signal`
   * (the archive being locked) ends the reading at once.
   */
  extract(job: ExtractionJob, onPart?: (part: Part, taken: () => void) => void, signal?: AbortSignal): Promise<Extracted> {
    return this.#extract(job, onPart, false, signal);
  }

  async #extract(job: ExtractionJob, onPart: ((part: Part, taken: () => void) => void) | undefined, again: boolean, signal: AbortSignal | undefined): Promise<Extracted> {
    // A spreadsheet's records arrive in parts before the result.
    const records: TableRecords['records'] = [];
    const prepared: NonNullable<TableRecords['prepared']> = [];
    let handedOver = false;
    try {
      // Beyond the ceiling, room for the file itself twice over: a PDF or a CSV is held whole while it is read.
      const result = await this.#worker.run(
        { job, memoryCeiling: job.limits.maxExtractionMemoryBytes + 2 * job.size },
        {
          timeoutMs: job.limits.extractionTimeoutMs,
          ...(signal ? { signal } : {}),
          onPart: (part, taken) => {
            handedOver = true;
            if (onPart) return onPart(part, taken);
            // Gathered here for one result (a dry run's preview): taken at once, or the worker would wait for the reader forever.
            records.push(...part.records);
            prepared.push(...(part.prepared ?? []));
            taken();
          },
        },
      );
      return result.kind === 'table' && result.mapping ? { ...result, records, ...(prepared.length ? { prepared } : {}) } : result;
    } catch (err) {
      // The worker ended without a word about this file: its watchdog reported on the file before (which crossed the ceiling as it ended). Read again on a new worker.
      if (!again && !handedOver && workerStopOf(err)?.reason === 'exited') return this.#extract(job, onPart, true, signal);
      throw err;
    }
  }

  async close(): Promise<void> {
    // Ends the reader too: a thread's own workers end with it.
    await this.#worker.close();
  }
}

/** A worker stopped on a file: the file is refused, with why. */
function extractionFailure(stop: WorkerStop): VigilError {
  switch (stop.reason) {
    case 'timeout':
      return new VigilError('invalid_argument', `reading the file took longer than ${Math.round(stop.ms / 1000)} s: it was abandoned`);
    case 'crashed':
      return new VigilError('invalid_argument', `the file cannot be read (${stop.message})`);
    case 'exited':
      return new VigilError('invalid_argument', 'the file cannot be read (the reader stopped)');
    case 'cancelled':
      return new VigilError('invalid_argument', 'reading the file was cancelled');
    case 'stopped':
      return new VigilError('invalid_argument', 'reading the file was stopped before it finished');
    case 'memory':
      return new VigilError('invalid_argument', 'reading the file needed more memory than allowed: it was abandoned');
  }
}

/** How long a worker is kept after an import for the next one (files dropped one after another). */
export const spareWorkerMs = 30_000;
let spare: { worker: ExtractionWorker; timer: NodeJS.Timeout } | undefined;

/** The worker kept from the last import if there is one (already started), or a new one. */
export function takeExtractionWorker(): ExtractionWorker {
  if (!spare) return new ExtractionWorker();
  const { worker, timer } = spare;
  clearTimeout(timer);
  spare = undefined;
  return worker;
}

/**
 * Keeps a worker for the next import, so that it does not wait the tenth of a second a new
 * worker takes to load its modules; closed after `spareWorkerMs` unused. One is kept at most.
 */
export function keepExtractionWorker(worker: ExtractionWorker, forMs = spareWorkerMs): void {
  if (spare) void spare.worker.close();
  const timer = setTimeout(() => {
    if (spare?.worker === worker) spare = undefined;
    void worker.close();
  }, forMs);
  // A kept worker never holds the process open.
  timer.unref();
  spare = { worker, timer };
}
