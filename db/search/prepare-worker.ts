import type { RecordType } from '../shared/schemas.js';
import { serveTasks } from '../workers/serve-tasks.js';
import { prepareRecord, type PreparedRecord } from './prepare-record.js';

/** Worker thread: prepares records for the search index (repair, passages, folding). */
serveTasks<{ type: RecordType; data: Record<string, unknown> }[], PreparedRecord[]>((items) => items.map((item) => prepareRecord(item.type, item.data)));
