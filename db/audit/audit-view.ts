import { basename } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { fingerprintsOfDevices } from '../bundles/bundle-identity.js';
import { recordType, type RecordType } from '../shared/schemas.js';
import type { Archive } from '../store/archive.js';
import { openOutput, writeWhole, type CallerFiles } from '../store/caller-files.js';
import { plaintextWarning } from '../exports/export-records.js';
import type { AuditAction } from '../shared/audit-actions.js';
import { recordSql } from '../records/record-sql.js';

/**
 * The audit log as people read it: each entry with the record it concerns by title, the device
 * by the fingerprint its owner reads out (or "this device"), and what happened in words. The
 * interface words it in its own language from the same fields; the CLI and the CSV export use
 * the English words below.
 */
export const auditView = z.object({
  seq: z.int(),
  atMs: z.number(),
  action: z.string(),
  /** For opening the record; shown by its title. */
  recordId: z.string().optional(),
  record: z.object({ title: z.string(), type: recordType, deleted: z.boolean() }).optional(),
  device: z.object({ self: z.boolean(), fingerprint: z.string() }),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditView = z.output<typeof auditView>;

export const auditActionWords: Record<AuditAction, string> = {
  'archive.create': 'archive created',
  unlock: 'unlocked',
  'unlock.failed': 'failed unlock attempts',
  'passphrase.change': 'passphrase changed',
  'passphrase.reset': 'passphrase reset with the recovery code',
  'passphrase.rekey': 'passphrase changed and archive re-encrypted',
  'record.create': 'record created',
  'record.update': 'record edited',
  'record.delete': 'record deleted',
  'record.restore': 'deleted record restored',
  'record.resolve': 'conflict resolved',
  'record.attach': 'file attached',
  'revisions.merge': 'revisions merged',
  'import.file': 'file imported',
  'bundle.export': 'bundle written',
  'bundle.import': 'bundle imported',
  'export.file': 'exported, not encrypted',
};

/** Entries newest first, before `beforeSeq` (all when not given). */
export function auditPage(archive: Archive, options: { beforeSeq?: number; limit?: number } = {}): { entries: AuditView[]; total: number } {
  const db = archive.db;
  const rows = db
    .prepare('SELECT seq FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .pluck()
    .all(options.beforeSeq ?? Number.MAX_SAFE_INTEGER, options.limit ?? 100) as number[];
  const entries = rows.length ? archive.audit.list({ afterSeq: rows.at(-1)! - 1, limit: rows.length }).reverse() : [];
  const { titleOf } = recordSql(db);
  const fingerprint = fingerprintsOfDevices(db);
  return {
    entries: entries.map((entry) => {
      const record = entry.recordId ? titleOf.get(entry.recordId) : undefined;
      return {
        seq: entry.seq,
        atMs: Date.parse(entry.at),
        action: entry.action,
        ...(entry.recordId ? { recordId: entry.recordId } : {}),
        ...(record ? { record: { title: record.title, type: record.type as RecordType, deleted: record.deleted === 1 } } : {}),
        device: { self: entry.device === archive.deviceId, fingerprint: fingerprint(entry.device) },
        detail: entry.detail,
      };
    }),
    total: db.prepare('SELECT count(*) FROM audit').pluck().get() as number,
  };
}

/** What an entry says, in one line of English. */
export function describeAuditDetail(view: Pick<AuditView, 'action' | 'detail'>, formatTime: (ms: number) => string): string {
  const d = view.detail as Record<string, unknown>;
  const n = (value: unknown, one: string, many = `${one}s`) => `${Number(value ?? 0)} ${Number(value) === 1 ? one : many}`;
  switch (view.action as AuditAction) {
    case 'unlock':
      return `with the ${String(d.with ?? 'passphrase')}`;
    case 'unlock.failed': {
      const between = typeof d.first === 'number' && typeof d.last === 'number' ? `, ${formatTime(d.first)}${d.last !== d.first ? ` to ${formatTime(d.last)}` : ''}` : '';
      const withWhat = Array.isArray(d.with) ? ` (${d.with.join(', ')})` : '';
      return `${n(d.attempts, 'attempt')}${withWhat}${between}`;
    }
    case 'record.update':
      return Array.isArray(d.fields) ? n(d.fields.length, 'field') + ' changed' : '';
    case 'record.attach':
      return typeof d.size === 'number' ? `${formatSize(d.size)}` : '';
    case 'record.resolve':
      return d.merged ? 'with merged values' : 'by keeping one version';
    case 'revisions.merge':
    case 'bundle.import': {
      const records = (d.records ?? {}) as Record<string, unknown>;
      const from = typeof d.fingerprint === 'string' ? `from device ${d.fingerprint}: ` : '';
      return `${from}${n(records.new, 'new record')}, ${n(records.updated, 'updated', 'updated')}, ${n(records.conflicts, 'conflict')}`;
    }
    case 'bundle.export': {
      const to = Array.isArray(d.to) ? `to ${n(d.to.length, 'recipient')}` : 'to the team passphrase';
      // A sync folder's bundle is named after the device: its id says nothing to a person.
      if (typeof d.peer === 'string' && d.peer.startsWith('sync:')) return `${n(d.revisions, 'revision')}, ${n(d.blobs, 'attachment')}, ${to}, to the shared sync folder`;
      return `${typeof d.file === 'string' ? `${d.file}: ` : ''}${n(d.revisions, 'revision')}, ${n(d.blobs, 'attachment')}, ${to}`;
    }
    case 'import.file':
      return `${typeof d.file === 'string' ? `${d.file}: ` : ''}${n(d.records, 'record')}`;
    case 'export.file':
      return `${String(d.format ?? '').toUpperCase()}${Array.isArray(d.files) ? ` to ${d.files.join(', ')}` : ''}${d.records !== undefined ? `: ${n(d.records, 'record')}` : ''}`;
    default:
      return '';
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** "7 Dec 2026, 05:12" in this computer's time zone. */
export function readableTime(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

/**
 * Writes the whole log as a CSV people can read (not encrypted: the result says so, and the
 * export is itself an entry in the log).
 */
export async function exportAuditLog(archive: Archive, out: string, held?: CallerFiles): Promise<{ file: string; entries: number; encrypted: false; warning: string }> {
  // Opened first: a folder that is not there is refused before the log is read.
  const output = openOutput(out, held);
  const rows: string[][] = [];
  try {
    for (let before: number | undefined; ;) {
      const page = auditPage(archive, { ...(before ? { beforeSeq: before } : {}), limit: 1000 });
      for (const view of page.entries) {
        const when = new Date(view.atMs);
        rows.push([
          String(view.seq),
          when.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }),
          when.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
          auditActionWords[view.action as AuditAction] ?? view.action,
          view.record ? `${view.record.title}${view.record.deleted ? ' (deleted)' : ''}` : '',
          view.device.self ? `this device (${view.device.fingerprint})` : view.device.fingerprint,
          describeAuditDetail(view, readableTime),
        ]);
      }
      if (page.entries.length < 1000) break;
      before = page.entries.at(-1)!.seq;
    }
  } catch (err) {
    output.abandon();
    throw err;
  }
  rows.reverse();
  await writeWhole(
    output,
    `\uFEFF${stringify(rows, { header: true, columns: ['No.', 'Date', 'Time', 'What', 'Record', 'Device', 'Details'], record_delimiter: '\r\n', escape_formulas: true })}`,
  );
  archive.writes.appendAudit({ action: 'export.file', detail: { format: 'csv', files: [basename(out)], what: 'audit log', entries: rows.length } });
  return { file: out, entries: rows.length, encrypted: false, warning: plaintextWarning };
}
