import { parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import type { ErrorData } from '../errors.js';
import type { ExtractionJob } from './extract-file.js';

/**
 * Watchdog thread: starts the extraction worker (the reader) as its own child and watches the
 * memory it holds outside its heap — a PDF reader inflating a flate bomb puts gigabytes there,
 * which the heap ceiling does not count. Past a job's ceiling the reader is terminated. It
 * runs on a thread of its own, not the engine's: that one is busy at times while the reader
 * works (200 ms at a stretch writing a spreadsheet of 30,000 rows), and a bomb inflates a few
 * hundred MB a second. Jobs pass through here (to set their ceiling); their parts and results
 * go straight to the engine over `port`. Why the reader is gone goes to the engine as the
 * job's error (a TaskWorker's answer), and this thread ends.
 */
export interface WatchedJob {
  job: ExtractionJob;
  memoryCeiling: number;
}

const { port, heapMb } = workerData as { port: MessagePort; heapMb: number };

/** How often the reader's memory is read while it works. */
const pollMs = 20;

const tooMuchMemory = 'reading the file needed more memory than allowed: it was abandoned';

// A small young generation: left to V8, a reader's nursery alone grew by 100+ MB on a
// spreadsheet of 10,000 rows, with no gain in speed.
const reader = new Worker(new URL('./extract-worker.js', import.meta.url), {
  execArgv: [],
  workerData: { port },
  transferList: [port],
  resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 },
});

let current: { id: number; ceiling: number } | undefined;
let poll: NodeJS.Timeout | undefined;
let reported = false;

/**
 * Tells the engine why the reader is gone, once, and ends this thread (and the reader with
 * it). About a job already answered (it crossed the ceiling as it ended), the engine has no
 * one waiting for it: the job it sent next fails as its thread stopped, and is read again.
 */
function report(id: number | undefined, message: string): void {
  if (reported) return;
  reported = true;
  clearInterval(poll);
  parentPort!.postMessage({ id, error: { code: 'invalid_argument', message } satisfies ErrorData });
  void reader.terminate().finally(() => process.exit());
}

parentPort!.on('message', (message: { id: number; task: WatchedJob }) => {
  current = { id: message.id, ceiling: message.task.memoryCeiling };
  reader.postMessage({ id: message.id, task: message.task.job });
  poll ??= setInterval(() => {
    const watched = current;
    if (!watched) return;
    // Answered by the reader between two steps of its work, even in the middle of a long one.
    reader.getHeapStatistics().then(
      (heap) => {
        // A reading that arrives after its job ended is about a job already answered.
        if (current === watched && heap.external_memory > watched.ceiling) report(watched.id, tooMuchMemory);
      },
      () => undefined,
    );
  }, pollMs);
});

reader.on('message', (message: { done: number }) => {
  if (message.done !== current?.id) return;
  current = undefined;
  clearInterval(poll);
  poll = undefined;
});
reader.on('error', (err: Error & { code?: string }) => report(current?.id, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooMuchMemory : `the file cannot be read (${err.message})`));
reader.on('exit', () => report(current?.id, 'the file cannot be read (the reader stopped)'));
