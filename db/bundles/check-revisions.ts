import { checkWireRevision } from '../records/check-wire-revision.js';
import type { WireRevision } from '../records/rows.js';

export type CheckResult = { problem: string } | { canonical: string };

/** Checks a batch of a bundle's revisions (hash, signature, data), on the checker's worker or inline. Keys: device id → public key (base64). */
export function checkRevisions(revisions: readonly WireRevision[], keys: Record<string, string>): CheckResult[] {
  return revisions.map((wire) => {
    const author = (wire?.body as { device?: unknown } | undefined)?.device;
    const key = typeof author === 'string' && Object.hasOwn(keys, author) ? Buffer.from(keys[author]!, 'base64') : undefined;
    const checked = checkWireRevision(wire, key);
    return 'problem' in checked ? { problem: checked.problem } : { canonical: checked.revision.canonical };
  });
}
