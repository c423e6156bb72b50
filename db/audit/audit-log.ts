import { canonicalJson, sha256Hex } from '../records/canonical-json.js';
import type { SqliteDatabase } from '../store/sqlite.js';

/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so that
 * editing or removing an entry breaks every hash after it and `verify` names where.
 */
export const auditActions = [
  'archive.create',
  'unlock',
  'unlock.failed',
  'passphrase.change',
  'passphrase.reset',
  'record.create',
  'record.update',
  'record.delete',
  'record.resolve',
  'record.attach',
  'revisions.merge',
  'import.file',
  'bundle.export',
  'bundle.import',
  'export.file',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditEntry {
  seq: number;
  at: string;
  action: string;
  device: string;
  recordId?: string;
  revisionId?: string;
  detail: Record<string, unknown>;
  hash: string;
}

interface AuditRow {
  seq: number;
  at_ms: number;
  action: string;
  device_id: string;
  record_id: string | null;
  revision_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export const genesisHash = '0'.repeat(64);

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
  readonly #deviceId: string;
  readonly #last;
  readonly #insert;

  constructor(db: SqliteDatabase, deviceId: string) {
    this.#db = db;
    this.#deviceId = deviceId;
    this.#last = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    this.#insert = db.prepare(
      'INSERT INTO audit (seq, at_ms, action, device_id, record_id, revision_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Appends one entry; call inside the transaction that makes the change it records. */
  append(action: AuditAction, fields: { recordId?: string; revisionId?: string; detail?: Record<string, unknown>; at?: number } = {}): void {
    const last = this.#last.get() as { seq: number; hash: string } | undefined;
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at_ms: fields.at ?? Date.now(),
      action,
      device_id: this.#deviceId,
      record_id: fields.recordId ?? null,
      revision_id: fields.revisionId ?? null,
      detail: canonicalJson(fields.detail ?? {}),
    };
    const prev = last?.hash ?? genesisHash;
    this.#insert.run(row.seq, row.at_ms, row.action, row.device_id, row.record_id, row.revision_id, row.detail, prev, auditEntryHash(prev, row));
  }

  list(options: { afterSeq?: number; limit?: number } = {}): AuditEntry[] {
    const rows = this.#db
      .prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(options.afterSeq ?? 0, options.limit ?? -1) as AuditRow[];
    return rows.map(rowToAuditEntry);
  }

  /** Re-checks the chain from the start; returns the first problem, or null. */
  verifyChain(): { entries: number; problem: string | null } {
    let prev = genesisHash;
    let expectedSeq = 1;
    let entries = 0;
    for (const row of this.#db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      entries++;
      if (row.seq !== expectedSeq) return { entries, problem: `audit log: entry ${expectedSeq} is missing (next is ${row.seq})` };
      if (row.prev_hash !== prev) return { entries, problem: `audit log: entry ${row.seq} does not follow entry ${row.seq - 1}` };
      let hash: string;
      try {
        hash = auditEntryHash(prev, row);
      } catch {
        return { entries, problem: `audit log: entry ${row.seq} is unreadable` };
      }
      if (hash !== row.hash) return { entries, problem: `audit log: entry ${row.seq} (${row.action}) was altered` };
      prev = row.hash;
      expectedSeq++;
    }
    return { entries, problem: null };
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
