import { parentPort } from 'node:worker_threads';
import { isVigilError } from '../errors.js';
import { extractFile, type ExtractionJob } from './extract-file.js';

/** Worker thread: extracts one file at a time, so a slow or hostile file never blocks the engine's thread. */
parentPort?.on('message', (message: { id: number; job: ExtractionJob }) => {
  extractFile(message.job, (part) => parentPort!.postMessage({ id: message.id, part })).then(
    (result) => parentPort!.postMessage({ id: message.id, result }),
    (err: unknown) => parentPort!.postMessage({ id: message.id, error: { refused: isVigilError(err), message: (err as Error).message ?? String(err) } }),
  );
});
