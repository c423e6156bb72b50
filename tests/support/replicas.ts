import type { Archive } from '../../db/store/archive.js';

/** Sends everything `from` holds to `to`, as a sync bundle will. */
export function syncAll(from: Archive, to: Archive) {
  return to.records.mergeRevisions(from.records.exportRevisions());
}

/** The state two replicas must agree on: every record's current value, conflicts, leaves and revisions. */
export function replicaState(archive: Archive) {
  const db = archive.db;
  return {
    records: db.prepare('SELECT id, type, revision_id, deleted, conflict, title, data, created_ms, updated_ms FROM records ORDER BY id').all(),
    leaves: db.prepare('SELECT record_id, revision_id FROM leaves ORDER BY record_id, revision_id').all(),
    revisions: db.prepare('SELECT id FROM revisions ORDER BY id').pluck().all(),
    conflicts: archive.records.conflicts(),
  };
}

/** A change one replica makes on its own, as the property tests generate them. */
export type LocalChange =
  | { kind: 'create'; at: number; title: string }
  | { kind: 'edit'; at: number; pick: number; title: string }
  | { kind: 'delete'; at: number; pick: number }
  | { kind: 'resolve'; at: number; pick: number; choice: number; merged: boolean };

/** Applies a local change; picks wrap around what exists, and a change with nothing to act on does nothing. */
export function applyLocalChange(archive: Archive, change: LocalChange): void {
  if (change.kind === 'create') {
    archive.records.create('event', { title: change.title });
    return;
  }
  if (change.kind === 'resolve') {
    const conflicts = archive.records.conflicts();
    if (!conflicts.length) return;
    const c = conflicts[change.pick % conflicts.length]!;
    const leaf = c.leaves[change.choice % c.leaves.length]!;
    archive.records.resolve(c.id, change.merged ? { data: { title: `merged ${leaf.data?.title as string}` } } : { pick: leaf.id });
    return;
  }
  const ids = archive.records.list().map((r) => r.id);
  if (!ids.length) return;
  const id = ids[change.pick % ids.length]!;
  if (change.kind === 'edit') archive.records.update(id, { title: change.title });
  else archive.records.delete(id);
}
