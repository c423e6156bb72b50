import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VigilError } from '../errors.js';
import { extractFile, type Extracted, type ExtractionJob, type TableRecords } from './extract-file.js';

/**
 * Runs extraction on a worker thread with a time limit and a memory ceiling per file. A file
 * that takes too long or exhausts the worker's heap is refused and the worker replaced; the
 * engine's thread stays responsive. Where the compiled worker is missing (tests running the
 * TypeScript sources) extraction runs inline, without those limits.
 */
export class ExtractionWorker {
  #worker: Worker | undefined;
  #next = 0;
  readonly #url = new URL('./extract-worker.js', import.meta.url);
  readonly #heapMb: number;
  readonly isolated: boolean;

  constructor(options: { heapMb?: number } = {}) {
    this.#heapMb = options.heapMb ?? 384;
    this.isolated = existsSync(fileURLToPath(this.#url));
  }

  /**
   * Extracts one file. With `onPart`, a spreadsheet's records are handed over in parts as the
   * worker makes them (to be written meanwhile) and the result carries none.
   */
  async extract(job: ExtractionJob, onPart?: (part: Omit<TableRecords, 'mapping'>, taken: () => void) => void): Promise<Extracted> {
    if (!this.isolated) {
      // Inline, a part is handed over and extraction goes on once it is taken.
      return extractFile(job, onPart && ((part) => new Promise<void>((resolve) => onPart(part, resolve))));
    }
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<Extracted>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const abandon = (message: string) => {
        finish();
        this.#worker = undefined;
        void worker.terminate();
        reject(new VigilError('invalid_argument', message));
      };
      const limit = () => setTimeout(() => abandon(`reading the file took longer than ${Math.round(job.limits.extractionTimeoutMs / 1000)} s: it was abandoned`), job.limits.extractionTimeoutMs);
      let timer = limit();
      // A spreadsheet's records arrive in parts before the result.
      const records: TableRecords['records'] = [];
      const prepared: NonNullable<TableRecords['prepared']> = [];
      const onMessage = (message: { id: number; part?: Omit<TableRecords, 'mapping'>; result?: Extracted; error?: { refused: boolean; message: string } }) => {
        if (message.id !== id) return;
        if (message.part) {
          // The time limit is for the worker's own work: it starts again with each part.
          clearTimeout(timer);
          timer = limit();
          if (onPart) {
            onPart(message.part, () => worker.postMessage({ id, ack: true }));
          } else {
            // Gathered here for one result (a dry run's preview): taken at once, or the worker would wait for the reader forever.
            records.push(...message.part.records);
            prepared.push(...(message.part.prepared ?? []));
            worker.postMessage({ id, ack: true });
          }
          return;
        }
        finish();
        if (message.result?.kind === 'table' && message.result.mapping) {
          resolve({ ...message.result, records, ...(prepared.length ? { prepared } : {}) });
        } else if (message.result) resolve(message.result);
        else if (message.error?.refused) reject(new VigilError('invalid_argument', message.error.message));
        else reject(new VigilError('invalid_argument', `the file cannot be read (${message.error?.message ?? 'unknown error'})`));
      };
      const onError = (err: Error) =>
        abandon((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'reading the file needed more memory than allowed: it was abandoned' : `the file cannot be read (${err.message})`);
      const onExit = () => abandon('the file cannot be read (the reader stopped)');
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, job });
    });
  }

  #start(): Worker {
    if (!this.#worker) {
      // Not the parent's flags: a worker of ours needs none, and some (--input-type) break it.
      // A small young generation: left to V8, a worker's nursery alone grew by 100+ MB on a
      // spreadsheet of 10,000 rows, with no gain in speed.
      this.#worker = new Worker(this.#url, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.#heapMb, maxYoungGenerationSizeMb: 16 } });
      this.#worker.unref();
    }
    return this.#worker;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
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
