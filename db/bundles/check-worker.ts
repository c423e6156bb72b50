import { parentPort } from 'node:worker_threads';
import { checkWireRevision } from '../records/check-wire-revision.js';
import type { WireRevision } from '../records/rows.js';

/** Worker thread: checks batches of a bundle's revisions (hash, signature, data) while the engine's thread writes. */
parentPort?.on('message', (message: { id: number; revisions: WireRevision[]; keys: Record<string, string> }) => {
  const results = message.revisions.map((wire) => {
    const author = (wire?.body as { device?: unknown } | undefined)?.device;
    const key = typeof author === 'string' && message.keys[author] ? Buffer.from(message.keys[author], 'base64') : undefined;
    const checked = checkWireRevision(wire, key);
    return 'problem' in checked ? { problem: checked.problem } : { canonical: checked.revision.canonical };
  });
  parentPort!.postMessage({ id: message.id, results });
});
