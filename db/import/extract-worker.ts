import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isVigilError, VigilError } from '../errors.js';
import { serveTasks } from '../workers/serve-tasks.js';
import { extractFile, type Extracted, type ExtractionJob, type TableRecords } from './extract-file.js';

/**
 * Worker thread: extracts one file at a time, so a slow or hostile file never blocks the
 * engine's thread. Jobs come from the watchdog that started it (and hears when each one
 * ends); parts, results and their acknowledgements go over `port`, straight to the engine.
 * Every failure is the file's: refused with its reason, or as one that cannot be read.
 */
const { port } = workerData as { port: MessagePort };

serveTasks<ExtractionJob, Extracted, Omit<TableRecords, 'mapping'>>(
  async (job, { id, send }) => {
    try {
      return await extractFile(job, send);
    } catch (err) {
      throw new VigilError('invalid_argument', isVigilError(err) ? err.message : `the file cannot be read (${(err as Error).message ?? String(err)})`);
    } finally {
      // The watchdog hears that the job ended before the engine has its answer (and sends the next).
      parentPort!.postMessage({ done: id });
    }
  },
  { tasks: parentPort!, answers: port },
);
