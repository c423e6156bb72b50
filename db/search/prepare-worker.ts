import { parentPort } from 'node:worker_threads';
import type { RecordType } from '../shared/schemas.js';
import { prepareRecord } from './prepare-record.js';

/** Worker thread: prepares records for the search index (repair, passages, folding). */
parentPort?.on('message', (message: { id: number; items: { type: RecordType; data: Record<string, unknown> }[] }) => {
  try {
    parentPort!.postMessage({ id: message.id, results: message.items.map((item) => prepareRecord(item.type, item.data)) });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: (err as Error).message });
  }
});
