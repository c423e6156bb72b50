import { z } from 'zod';
import { VigilError, oneLine } from './errors.js';
import { canonicalJson, sha256Hex } from './records/canonical-json.js';
import { chooseCurrent, type LeafInfo } from './records/choose-current.js';
import { deviceIdOf } from './records/device-identity.js';
import { recordTitle } from './records/record-store.js';
import { checkRevision, revisionBodySchema, short, type RevisionBody } from './records/revision.js';
import type { Archive } from './store/archive.js';
import { mapSqliteError } from './store/sqlite.js';
import { recordSql } from './records/record-sql.js';

export const verifyReport = z.object({
  ok: z.boolean(),
  /** The first problem found, in one line. */
  problem: z.string().optional(),
  checked: z.object({ pages: z.number(), revisions: z.number(), records: z.number(), auditEntries: z.number(), attachments: z.number() }),
});
export type VerifyReport = z.output<typeof verifyReport>;

/**
 * Re-checks everything the archive promises: every page decrypts and the database is
 * consistent; every revision hashes to its id and carries its author's signature; every
 * record's current value is the one its revisions choose; the audit chain is unbroken; every
 * attachment matches its hash. Stops at the first problem and names it.
 */
export function verifyArchive(archive: Archive): VerifyReport {
  const checked = { pages: 0, revisions: 0, records: 0, auditEntries: 0, attachments: 0 };
  const fail = (problem: string): VerifyReport => ({ ok: false, problem, checked });
  try {
    const db = archive.db;
    checked.pages = db.pragma('page_count', { simple: true }) as number;
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity[0]?.integrity_check !== 'ok') {
      const lines = integrity.flatMap((row) => row.integrity_check.split('\n')).filter((l) => l.trim() && !l.startsWith('***'));
      const more = lines.length > 1 ? ` (and ${lines.length - 1} more problems)` : '';
      return fail(`the database is damaged: ${oneLine(lines[0] ?? 'integrity check failed')}${more}`);
    }
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) return fail('the database is damaged: a row refers to something that does not exist');

    const keys = new Map<string, Buffer>();
    const sql = recordSql(db);
    for (const d of sql.devices.all()) {
      if (deviceIdOf(d.public_key) !== d.device_id) return fail(`device ${d.device_id} has a public key that is not its own`);
      keys.set(d.device_id, d.public_key);
    }

    for (const row of sql.everyRevision.iterate()) {
      checked.revisions++;
      let body: RevisionBody;
      try {
        body = revisionBodySchema.parse(JSON.parse(row.body));
      } catch {
        return fail(`revision ${short(row.id)} is unreadable`);
      }
      if (canonicalJson(body) !== row.body) return fail(`revision ${short(row.id)} is not stored in canonical form`);
      if (sha256Hex(row.body) !== row.id) return fail(`revision ${short(row.id)} was altered: its content no longer matches its id`);
      const problem = checkRevision({ id: row.id, body, signature: row.signature }, keys.get(body.device));
      if (problem) return fail(problem);
      if (
        row.record_id !== body.record ||
        row.record_type !== body.type ||
        row.op !== body.op ||
        row.hlc_time !== body.hlc.time ||
        row.hlc_count !== body.hlc.count ||
        row.device_id !== body.device
      ) {
        return fail(`revision ${short(row.id)}: its index columns disagree with its signed content`);
      }
      if (canonicalJson(sql.parentsOf.all(row.id)) !== canonicalJson(body.parents)) {
        return fail(`revision ${short(row.id)}: its parent links disagree with its signed content`);
      }
    }

    // Leaves and current values are derived data: recompute them from the revisions.
    for (const record of sql.everyRecord.iterate()) {
      checked.records++;
      const revs = sql.revisionsOfRecord.all(record.id);
      const leaves: LeafInfo[] = revs.filter((r) => !sql.hasChild.get(r.id, record.id)).map((r) => ({ id: r.id, op: r.op, hlc: { time: r.hlc_time, count: r.hlc_count } }));
      if (canonicalJson(leaves.map((l) => l.id).sort()) !== canonicalJson(sql.leafIdsOf.all(record.id))) {
        return fail(`record ${record.id}: its list of latest versions is inconsistent`);
      }
      if (!leaves.length) return fail(`record ${record.id} has no revisions`);
      const choice = chooseCurrent(leaves);
      const winner = revs.find((r) => r.id === choice.winner.id)!;
      const winnerBody = JSON.parse(winner.body) as RevisionBody;
      const data = winnerBody.data;
      const latestPut = revs.filter((r) => r.op === 'put').sort((x, y) => y.hlc_time - x.hlc_time || y.hlc_count - x.hlc_count || (y.id > x.id ? 1 : -1))[0];
      if (
        record.revision_id !== choice.winner.id ||
        record.title !== recordTitle(winnerBody, () => latestPut?.body) ||
        record.deleted !== (choice.deleted ? 1 : 0) ||
        record.conflict !== (choice.conflict ? 1 : 0) ||
        (data ? canonicalJson(JSON.parse(record.data ?? 'null')) !== canonicalJson(data) : record.data !== null)
      ) {
        return fail(`record ${record.id}: its current value does not match its revisions`);
      }
    }
    const orphan = sql.revisionsWithoutRecord.get();
    if (orphan) return fail(`record ${orphan} has revisions but no current value`);

    // The search index is derived too: every live record, and nothing else, is in it.
    const unindexed = db
      .prepare(
        `SELECT id FROM records WHERE deleted = 0 AND id NOT IN (SELECT record_id FROM search_records)
         UNION ALL SELECT record_id FROM search_records WHERE record_id NOT IN (SELECT id FROM records WHERE deleted = 0) LIMIT 1`,
      )
      .pluck()
      .get() as string | undefined;
    if (unindexed) return fail(`the search index is out of date for record ${unindexed}: run vigil reindex`);

    const audit = archive.audit.verifyChain();
    checked.auditEntries = audit.entries;
    if (audit.problem) return fail(audit.problem);

    const blobs = archive.attachments.verifyAll();
    checked.attachments = blobs.blobs;
    if (blobs.problem) return fail(blobs.problem);
    return { ok: true, checked };
  } catch (err) {
    const mapped = mapSqliteError(err, 'verify');
    if (mapped instanceof VigilError) return fail(mapped.message);
    throw mapped;
  }
}
