import type { RecordSummary, RecordView, RevisionView } from '../shared/record-views.js';
import type { RevisionBody } from './revision.js';
import type { RecordType } from '../shared/schemas.js';
import type { RecordRow, RevisionRow } from '../store/table-rows.js';

/** The small functions that turn rows into API values. */

export function rowToRecordView(row: RecordRow): RecordView {
  // The row's type names its data's schema: the value was validated against it when written.
  return {
    id: row.id,
    type: row.type as RecordType,
    data: JSON.parse(row.data ?? '{}') as Record<string, unknown>,
    revision: row.revision_id,
    conflict: row.conflict === 1,
    createdAt: new Date(row.created_ms).toISOString(),
    updatedAt: new Date(row.updated_ms).toISOString(),
  } as RecordView;
}

export function rowToRecordSummary(row: RecordRow): RecordSummary {
  const data = JSON.parse(row.data ?? '{}') as { sensitivity?: string; country?: string; tags?: string[]; status?: unknown; defined?: Record<string, unknown> };
  return {
    id: row.id,
    type: row.type as RecordType,
    title: row.title,
    conflict: row.conflict === 1,
    createdAt: new Date(row.created_ms).toISOString(),
    updatedAt: new Date(row.updated_ms).toISOString(),
    ...(data.sensitivity ? { sensitivity: data.sensitivity } : {}),
    ...(data.country ? { country: data.country } : {}),
    ...(data.tags?.length ? { tags: data.tags } : {}),
    ...(typeof data.status === 'string' ? { status: data.status } : {}),
    ...(data.defined && typeof data.defined === 'object' ? { defined: data.defined } : {}),
  };
}

export function rowToRevisionView(row: RevisionRow): RevisionView {
  const body = JSON.parse(row.body) as RevisionBody;
  return {
    id: row.id,
    record: row.record_id,
    type: row.record_type,
    op: row.op,
    parents: body.parents,
    time: new Date(row.hlc_time).toISOString(),
    hlc: { time: row.hlc_time, count: row.hlc_count },
    device: row.device_id,
    ...(body.data ? { data: body.data } : {}),
  };
}

/** A revision as it travels between archives: content, id and the author's signature. */
export interface WireRevision {
  id: string;
  body: RevisionBody;
  signature: string;
}

export function rowToWireRevision(row: RevisionRow): WireRevision {
  return { id: row.id, body: JSON.parse(row.body) as RevisionBody, signature: row.signature.toString('base64') };
}
