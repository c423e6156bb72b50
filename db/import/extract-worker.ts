import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isVigilError } from '../errors.js';
import { extractFile, type ExtractionJob } from './extract-file.js';

/** Parts of a spreadsheet sent but not yet taken by the engine, per job, beyond which the worker waits. */
const partsAhead = 2;
const unacknowledged = new Map<number, { count: number; wake?: () => void }>();

/**
 * Worker thread: extracts one file at a time, so a slow or hostile file never blocks the
 * engine's thread. Jobs come from the watchdog that started it (and tells it when each one
 * ends); parts, results and their acknowledgements go over `port`, straight to the engine.
 */
const { port } = workerData as { port: MessagePort };

port.on('message', (message: { id: number; ack: true }) => {
  const state = unacknowledged.get(message.id);
  if (state) {
    state.count--;
    state.wake?.();
    state.wake = undefined;
  }
});

parentPort?.on('message', (message: { id: number; job: ExtractionJob }) => {
  const { id } = message;
  const state: { count: number; wake?: () => void } = { count: 0 };
  unacknowledged.set(id, state);
  const emit = async (part: unknown) => {
    port.postMessage({ id, part });
    state.count++;
    while (state.count > partsAhead) await new Promise<void>((resolve) => (state.wake = resolve));
  };
  // The watchdog hears that the job ended before the engine has its answer (and sends the next).
  const answer = (reply: object) => {
    unacknowledged.delete(id);
    parentPort!.postMessage({ done: id });
    port.postMessage({ id, ...reply });
  };
  extractFile(message.job, emit).then(
    (result) => answer({ result }),
    (err: unknown) => answer({ error: { refused: isVigilError(err), message: (err as Error).message ?? String(err) } }),
  );
});
