import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordType } from '../shared/schemas.js';
import { prepareRecord, type PreparedRecord } from './prepare-record.js';

export interface RecordToIndex {
  id: string;
  type: RecordType;
  data: Record<string, unknown>;
}

/**
 * Prepares records for the search index on a worker thread, so that bulk indexing folds the
 * next batch while the database writes the current one. Where no worker can be started (the
 * compiled worker is missing, as when tests run the TypeScript sources) it prepares inline.
 */
export class RecordPreparer {
  #worker: Worker | undefined;
  #next = 0;
  readonly #waiting = new Map<number, { resolve: (r: PreparedRecord[]) => void; reject: (e: Error) => void }>();

  constructor() {
    const url = new URL('./prepare-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(url))) return;
    // Not the parent's flags: a worker of ours needs none, and some (--input-type) break it.
    this.#worker = new Worker(url, { execArgv: [] });
    this.#worker.on('message', (message: { id: number; results?: PreparedRecord[]; error?: string }) => {
      const waiter = this.#waiting.get(message.id);
      this.#waiting.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.results!);
    });
    this.#worker.on('error', (err) => {
      for (const waiter of this.#waiting.values()) waiter.reject(err);
      this.#waiting.clear();
      this.#worker = undefined;
    });
  }

  prepare(items: readonly RecordToIndex[]): Promise<PreparedRecord[]> {
    const worker = this.#worker;
    if (!worker) return Promise.resolve(items.map((item) => prepareRecord(item.type, item.data)));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ id, items: items.map(({ type, data }) => ({ type, data })) });
    });
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
    this.#worker = undefined;
  }
}
