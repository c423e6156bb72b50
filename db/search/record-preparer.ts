import type { RecordType } from '../shared/schemas.js';
import { compiledFile, TaskWorker } from '../workers/task-worker.js';
import type { PreparedRecord } from './prepare-record.js';

export interface RecordToIndex {
  id: string;
  type: RecordType;
  data: Record<string, unknown>;
}

/**
 * Prepares records for the search index on a worker thread, a batch per task, so that bulk
 * indexing folds the next batch while the database writes the current one.
 */
export class RecordPreparer {
  readonly #worker = new TaskWorker<{ type: RecordType; data: Record<string, unknown> }[], PreparedRecord[]>({
    file: compiledFile('search/prepare-worker.js'),
    task: 'preparing records for the search index',
  });

  prepare(items: readonly RecordToIndex[]): Promise<PreparedRecord[]> {
    const prepared = this.#worker.run(items.map(({ type, data }) => ({ type, data })));
    // A batch prepared ahead is dropped when indexing stops early: its failure then is no unhandled rejection.
    prepared.catch(() => undefined);
    return prepared;
  }

  async close(): Promise<void> {
    await this.#worker.close();
  }
}
