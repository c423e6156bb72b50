import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../records/canonical-json.js';
import { publicKeyFromRaw, signMessage, verifyMessage } from '../records/device-identity.js';
import type { AuditAction } from '../shared/audit-actions.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import type { AuditRow } from '../store/table-rows.js';

/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so that
 * editing or removing an entry breaks every hash after it and `verify` names where. The
 * newest entry (the head) is signed with this device's key at every append, so that removing
 * the last entries, or writing a whole new chain, fails verify too unless the device's key
 * signs it again.
 */

/**
 * What is wrong with the log, as data beside the English sentence, so that an interface can say
 * it in its own language: entry numbers are the log's own (its "No." column).
 */
export const auditIssue = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('missing'), seq: z.int(), next: z.int() }),
  z.object({ kind: z.literal('unlinked'), seq: z.int() }),
  z.object({ kind: z.literal('unreadable'), seq: z.int() }),
  z.object({ kind: z.literal('altered'), seq: z.int(), action: z.string() }),
  z.object({ kind: z.literal('unsigned') }),
  z.object({ kind: z.literal('removed'), after: z.int(), signed: z.int() }),
  z.object({ kind: z.literal('not-signed'), seq: z.int() }),
  z.object({ kind: z.literal('rewritten') }),
]);
export type AuditIssue = z.output<typeof auditIssue>;

export const auditCheck = z.object({ entries: z.int(), problem: z.string().nullable(), issue: auditIssue.optional() });
export type AuditCheck = z.output<typeof auditCheck>;

export const auditEntry = z.object({
  seq: z.number(),
  at: z.string(),
  action: z.string(),
  device: z.string(),
  recordId: z.string().optional(),
  revisionId: z.string().optional(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.output<typeof auditEntry>;

export const genesisHash = '0'.repeat(64);

/** What the device signs: the archive, and the newest entry's number and hash. */
export function auditHeadMessage(archiveId: string, seq: number, hash: string): Buffer {
  return Buffer.from(`vigil-audit-head/1\n${archiveId}\n${seq}\n${hash}`, 'utf8');
}

export interface AuditSigner {
  archiveId: string;
  deviceId: string;
  privateKey: KeyObject;
}

export function auditEntryHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  const entry = {
    seq: row.seq,
    at: row.at_ms,
    action: row.action,
    device: row.device_id,
    record: row.record_id,
    revision: row.revision_id,
    detail: JSON.parse(row.detail) as unknown,
  };
  return sha256Hex(`${prevHash}\n${canonicalJson(entry)}`);
}

export class AuditLog {
  readonly #db: SqliteDatabase;
  readonly #signer: AuditSigner;
  readonly #last;
  readonly #insert;
  readonly #signHead;

  constructor(db: SqliteDatabase, signer: AuditSigner) {
    this.#db = db;
    this.#signer = signer;
    this.#last = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    this.#insert = db.prepare('INSERT INTO audit (seq, at_ms, action, device_id, record_id, revision_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#signHead = db.prepare(
      `INSERT INTO audit_head (id, seq, hash, device_id, signature) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, device_id = excluded.device_id, signature = excluded.signature`,
    );
  }

  /** Appends one entry; call inside the transaction that makes the change it records. */
  append(action: AuditAction, fields: { recordId?: string; revisionId?: string; detail?: Record<string, unknown>; at?: number } = {}): void {
    const last = this.#last.get() as { seq: number; hash: string } | undefined;
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at_ms: fields.at ?? Date.now(),
      action,
      device_id: this.#signer.deviceId,
      record_id: fields.recordId ?? null,
      revision_id: fields.revisionId ?? null,
      detail: canonicalJson(fields.detail ?? {}),
    };
    const prev = last?.hash ?? genesisHash;
    const hash = auditEntryHash(prev, row);
    this.#insert.run(row.seq, row.at_ms, row.action, row.device_id, row.record_id, row.revision_id, row.detail, prev, hash);
    this.#sign(row.seq, hash);
  }

  /**
   * Signs the newest entry when no head is signed yet: an archive from before heads were
   * signed, the first time it is unlocked. Its chain up to here is taken as it is.
   */
  signHeadIfUnsigned(): void {
    if (this.#db.prepare('SELECT 1 FROM audit_head').get()) return;
    const last = this.#last.get() as { seq: number; hash: string } | undefined;
    if (last) this.#sign(last.seq, last.hash);
  }

  #sign(seq: number, hash: string): void {
    const { archiveId, deviceId, privateKey } = this.#signer;
    this.#signHead.run(seq, hash, deviceId, signMessage(privateKey, auditHeadMessage(archiveId, seq, hash)));
  }

  list(options: { afterSeq?: number; limit?: number } = {}): AuditEntry[] {
    const rows = this.#db.prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?').all(options.afterSeq ?? 0, options.limit ?? -1) as AuditRow[];
    return rows.map(rowToAuditEntry);
  }

  /** Re-checks the chain from the start and the signature of its head; returns the first problem, or null. */
  verifyChain(): AuditCheck {
    const chain = this.#verifyLinks();
    if (chain.problem || !chain.last) return chain;
    const head = this.#db.prepare('SELECT seq, hash, device_id, signature FROM audit_head WHERE id = 1').get() as
      { seq: number; hash: string; device_id: string; signature: Buffer } | undefined;
    const { entries, last } = chain;
    if (!head) return { entries, problem: 'audit log: its newest entry is not signed (entries may have been removed)', issue: { kind: 'unsigned' } };
    if (head.seq !== last.seq || head.hash !== last.hash) {
      return head.seq > last.seq
        ? {
            entries,
            problem: `audit log: entries after ${last.seq} were removed (the signed head is entry ${head.seq})`,
            issue: { kind: 'removed', after: last.seq, signed: head.seq },
          }
        : { entries, problem: `audit log: entry ${last.seq} is not the one its device signed`, issue: { kind: 'not-signed', seq: last.seq } };
    }
    const key = this.#db.prepare('SELECT public_key FROM device_keys WHERE device_id = ?').pluck().get(head.device_id) as Buffer | undefined;
    if (!key || !verifyMessage(publicKeyFromRaw(key), auditHeadMessage(this.#signer.archiveId, head.seq, head.hash), head.signature)) {
      return { entries, problem: 'audit log: the signature of its newest entry does not check out: the log was rewritten', issue: { kind: 'rewritten' } };
    }
    return { entries, problem: null };
  }

  #verifyLinks(): AuditCheck & { last?: { seq: number; hash: string } } {
    let prev = genesisHash;
    let expectedSeq = 1;
    let entries = 0;
    for (const row of this.#db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      entries++;
      if (row.seq !== expectedSeq)
        return { entries, problem: `audit log: entry ${expectedSeq} is missing (next is ${row.seq})`, issue: { kind: 'missing', seq: expectedSeq, next: row.seq } };
      if (row.prev_hash !== prev) return { entries, problem: `audit log: entry ${row.seq} does not follow entry ${row.seq - 1}`, issue: { kind: 'unlinked', seq: row.seq } };
      let hash: string;
      try {
        hash = auditEntryHash(prev, row);
      } catch {
        return { entries, problem: `audit log: entry ${row.seq} is unreadable`, issue: { kind: 'unreadable', seq: row.seq } };
      }
      if (hash !== row.hash) return { entries, problem: `audit log: entry ${row.seq} (${row.action}) was altered`, issue: { kind: 'altered', seq: row.seq, action: row.action } };
      prev = row.hash;
      expectedSeq++;
    }
    return { entries, problem: null, ...(entries ? { last: { seq: expectedSeq - 1, hash: prev } } : {}) };
  }
}

function rowToAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: new Date(row.at_ms).toISOString(),
    action: row.action,
    device: row.device_id,
    ...(row.record_id ? { recordId: row.record_id } : {}),
    ...(row.revision_id ? { revisionId: row.revision_id } : {}),
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    hash: row.hash,
  };
}
