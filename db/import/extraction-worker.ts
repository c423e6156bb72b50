import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { VigilError } from '../errors.js';
import { extractFile, type Extracted, type ExtractionJob, type TableRecords } from './extract-file.js';
import type { WatchdogReport } from './extract-watchdog.js';

const tooMuchMemory = 'reading the file needed more memory than allowed: it was abandoned';

/**
 * Runs extraction on a worker thread with a time limit and memory ceilings per file: its heap,
 * and what it holds outside the heap (watched from a thread of its own, see extract-watchdog).
 * A file that takes too long or needs too much memory is refused and the worker replaced; the
 * engine's thread stays responsive. Where the compiled worker is missing (tests running the
 * TypeScript sources) extraction runs inline, without those limits.
 */
export class ExtractionWorker {
  #threads: { watchdog: Worker; port: MessagePort } | undefined;
  #next = 0;
  readonly #url = new URL('./extract-watchdog.js', import.meta.url);
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
    const { watchdog, port } = this.#start();
    const id = this.#next++;
    return new Promise<Extracted>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        port.off('message', onMessage);
        watchdog.off('message', onReport);
        watchdog.off('error', onError);
        watchdog.off('exit', onExit);
      };
      const abandon = (message: string) => {
        finish();
        void this.close();
        reject(new VigilError('invalid_argument', message));
      };
      const limit = () => setTimeout(() => abandon(`reading the file took longer than ${Math.round(job.limits.extractionTimeoutMs / 1000)} s: it was abandoned`), job.limits.extractionTimeoutMs);
      let timer = limit();
      // A spreadsheet's records arrive in parts before the result.
      const records: TableRecords['records'] = [];
      const prepared: NonNullable<TableRecords['prepared']> = [];
      let handedOver = false;
      const onMessage = (message: { id: number; part?: Omit<TableRecords, 'mapping'>; result?: Extracted; error?: { refused: boolean; message: string } }) => {
        if (message.id !== id) return;
        if (message.part) {
          handedOver = true;
          // The time limit is for the worker's own work: it starts again with each part.
          clearTimeout(timer);
          timer = limit();
          if (onPart) {
            onPart(message.part, () => port.postMessage({ id, ack: true }));
          } else {
            // Gathered here for one result (a dry run's preview): taken at once, or the worker would wait for the reader forever.
            records.push(...message.part.records);
            prepared.push(...(message.part.prepared ?? []));
            port.postMessage({ id, ack: true });
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
      // What the watchdog saw happen to the worker: its memory past the ceiling, a failure, an end.
      const onReport = (report: WatchdogReport) => {
        if (report.id !== id && !handedOver) {
          // About the file before, whose answer came first (it crossed the ceiling as it ended): this one is read again on a new worker.
          finish();
          void this.close();
          resolve(this.extract(job, onPart));
        } else if ('memory' in report) abandon(tooMuchMemory);
        else if ('failed' in report) abandon(report.failed.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooMuchMemory : `the file cannot be read (${report.failed.message})`);
        else abandon('the file cannot be read (the reader stopped)');
      };
      const onError = (err: Error) => abandon(`the file cannot be read (${err.message})`);
      const onExit = () => abandon('the file cannot be read (the reader stopped)');
      port.on('message', onMessage);
      watchdog.on('message', onReport);
      watchdog.on('error', onError);
      watchdog.on('exit', onExit);
      // Beyond the ceiling, room for the file itself twice over: a PDF or a CSV is held whole while it is read.
      watchdog.postMessage({ id, job, memoryCeiling: job.limits.maxExtractionMemoryBytes + 2 * job.size });
    });
  }

  #start(): { watchdog: Worker; port: MessagePort } {
    if (!this.#threads) {
      // The engine and the worker it reads files on talk over this channel; the watchdog only passes it on.
      const { port1, port2 } = new MessageChannel();
      // Not the parent's flags: a worker of ours needs none, and some (--input-type) break it.
      const watchdog = new Worker(this.#url, {
        execArgv: [],
        workerData: { port: port2, heapMb: this.#heapMb },
        transferList: [port2],
        resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 },
      });
      watchdog.unref();
      port1.unref();
      const threads = { watchdog, port: port1 };
      // A worker that ended between jobs (its watchdog reported and went) is replaced at the next.
      watchdog.once('exit', () => {
        if (this.#threads === threads) this.#threads = undefined;
        port1.close();
      });
      this.#threads = threads;
    }
    return this.#threads;
  }

  async close(): Promise<void> {
    const threads = this.#threads;
    this.#threads = undefined;
    threads?.port.close();
    // Ends the worker too: a thread's own workers end with it.
    await threads?.watchdog.terminate();
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
