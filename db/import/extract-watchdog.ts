import { parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import type { ExtractionJob } from './extract-file.js';

/**
 * Watchdog thread: starts the extraction worker (the reader) as its own child and watches the
 * memory it holds outside its heap — a PDF reader inflating a flate bomb puts gigabytes there,
 * which the heap ceiling does not count. Past a job's ceiling the reader is terminated. It
 * runs on a thread of its own, not the engine's: that one is busy at times while the reader
 * works (200 ms at a stretch writing a spreadsheet of 30,000 rows), and a bomb inflates a few
 * hundred MB a second. Jobs pass through here (to set their ceiling); their parts and results
 * go straight to the engine over `port`.
 */
export type WatchdogReport =
  | { id: number | undefined; memory: number }
  | { id: number | undefined; failed: { code?: string; message: string } }
  | { id: number | undefined; stopped: true };

const { port, heapMb } = workerData as { port: MessagePort; heapMb: number };

/** How often the reader's memory is read while it works. */
const pollMs = 20;

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

/** Tells the engine why the reader is gone, once, and ends this thread (and the reader with it). */
function report(message: WatchdogReport): void {
  if (reported) return;
  reported = true;
  clearInterval(poll);
  parentPort!.postMessage(message);
  void reader.terminate().finally(() => process.exit());
}

parentPort!.on('message', (message: { id: number; job: ExtractionJob; memoryCeiling: number }) => {
  current = { id: message.id, ceiling: message.memoryCeiling };
  reader.postMessage({ id: message.id, job: message.job });
  poll ??= setInterval(() => {
    const watched = current;
    if (!watched) return;
    // Answered by the reader between two steps of its work, even in the middle of a long one.
    reader.getHeapStatistics().then(
      (heap) => {
        // A reading that arrives after its job ended is about a job already answered.
        if (current === watched && heap.external_memory > watched.ceiling) report({ id: watched.id, memory: heap.external_memory });
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
reader.on('error', (err: Error & { code?: string }) => report({ id: current?.id, failed: { ...(err.code ? { code: err.code } : {}), message: err.message } }));
reader.on('exit', () => report({ id: current?.id, stopped: true }));
