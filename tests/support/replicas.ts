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
