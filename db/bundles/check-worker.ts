import type { WireRevision } from '../records/rows.js';
import { serveTasks } from '../workers/serve-tasks.js';
import { checkRevisions, type CheckResult } from './check-revisions.js';

/** Worker thread: checks batches of a bundle's revisions while the engine's thread writes. */
serveTasks<{ revisions: WireRevision[]; keys: Record<string, string> }, CheckResult[]>(({ revisions, keys }) => checkRevisions(revisions, keys));
