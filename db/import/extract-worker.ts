import { parentPort } from 'node:worker_threads';
import { isVigilError } from '../errors.js';
import { extractFile, type ExtractionJob } from './extract-file.js';

/** Parts of a spreadsheet sent but not yet taken by the engine, per job, beyond which the worker waits. */
const partsAhead = 2;
const unacknowledged = new Map<number, { count: number; wake?: () => void }>();

/** Worker thread: extracts one file at a time, so a slow or hostile file never blocks the engine's thread. */
parentPort?.on('message', (message: { id: number; job?: ExtractionJob; ack?: true }) => {
  const { id } = message;
  if (message.ack) {
    const state = unacknowledged.get(id);
    if (state) {
      state.count--;
      state.wake?.();
      state.wake = undefined;
    }
    return;
  }
  const state: { count: number; wake?: () => void } = { count: 0 };
  unacknowledged.set(id, state);
  const emit = async (part: unknown) => {
    parentPort!.postMessage({ id, part });
    state.count++;
    while (state.count > partsAhead) await new Promise<void>((resolve) => (state.wake = resolve));
  };
  extractFile(message.job!, emit)
    .then(
      (result) => parentPort!.postMessage({ id, result }),
      (err: unknown) => parentPort!.postMessage({ id, error: { refused: isVigilError(err), message: (err as Error).message ?? String(err) } }),
    )
    .finally(() => unacknowledged.delete(id));
});
