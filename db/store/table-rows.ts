/**
 * Every table's row as SQLite returns it for `SELECT *`, in one place: the columns are listed
 * once (`tableColumns`), each row type is checked against its list by the compiler, and a test
 * checks the lists against the migrated schema. The full-text tables are the search index's own.
 */
export const tableColumns = {
  meta: ['key', 'value'],
  device_keys: ['device_id', 'private_key', 'public_key', 'created_ms'],
  devices: ['device_id', 'public_key', 'name', 'first_seen_ms'],
  revisions: ['seq', 'id', 'record_id', 'record_type', 'op', 'hlc_time', 'hlc_count', 'device_id', 'body', 'signature'],
  revision_parents: ['parent', 'child'],
  leaves: ['record_id', 'revision_id'],
  records: ['id', 'type', 'revision_id', 'deleted', 'conflict', 'title', 'data', 'created_ms', 'updated_ms'],
  record_refs: ['source', 'target', 'field'],
  blobs: ['sha256', 'size', 'chunk_count', 'created_ms'],
  blob_chunks: ['id', 'blob_key', 'idx', 'data'],
  audit: ['seq', 'at_ms', 'action', 'device_id', 'record_id', 'revision_id', 'detail', 'prev_hash', 'hash'],
  audit_head: ['id', 'seq', 'hash', 'device_id', 'signature'],
  search_records: ['rk', 'record_id', 'type', 'country', 'sensitivity', 'date_start', 'date_end', 'indexed_seq', 'defined_values'],
  search_record_tags: ['tag', 'rk'],
  passages: ['id', 'kind', 'text', 'anchor'],
  search_snapshots: ['name', 'watermark', 'data'],
  imported_files: ['sha256', 'name', 'format', 'record_ids', 'imported_ms'],
  bundle_identity: ['id', 'age_identity', 'age_recipient', 'created_ms'],
  bundle_peers: ['peer', 'filters', 'last_seq', 'sent_ms'],
  bundles_received: ['bundle_id', 'device_id', 'created_ms', 'received_ms', 'summary'],
  drafts: ['key', 'text', 'updated_ms'],
  team_contacts: ['recipient', 'name', 'fingerprint', 'added_ms'],
  sync_folder_files: ['folder', 'file', 'stamp', 'damaged_sha256', 'damage', 'checked_ms'],
  sync_folder_own: ['folder', 'last_seq', 'stamp', 'sha256', 'locked_to', 'written_ms'],
  schema_migrations: ['version', 'name', 'checksum', 'applied_ms'],
} as const;

export interface MetaRow {
  key: string;
  value: string;
}

export interface DeviceKeyRow {
  device_id: string;
  private_key: Buffer;
  public_key: Buffer;
  created_ms: number;
}

export interface DeviceRow {
  device_id: string;
  public_key: Buffer;
  name: string | null;
  first_seen_ms: number;
}

export interface RevisionRow {
  seq: number;
  id: string;
  record_id: string;
  record_type: string;
  op: 'put' | 'delete';
  hlc_time: number;
  hlc_count: number;
  device_id: string;
  body: string;
  signature: Buffer;
}

export interface RevisionParentRow {
  parent: string;
  child: string;
}

export interface LeafRow {
  record_id: string;
  revision_id: string;
}

export interface RecordRow {
  id: string;
  type: string;
  revision_id: string;
  deleted: 0 | 1;
  conflict: 0 | 1;
  title: string;
  data: string | null;
  created_ms: number;
  updated_ms: number;
}

/** One record naming another (migration 13): what "Linked from" reads. */
export interface RecordRefRow {
  source: string;
  target: string;
  field: string;
}

export interface BlobRow {
  sha256: string;
  size: number;
  chunk_count: number;
  created_ms: number;
}

export interface BlobChunkRow {
  id: number;
  blob_key: string;
  idx: number;
  data: Buffer;
}

export interface AuditRow {
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

export interface AuditHeadRow {
  id: 1;
  seq: number;
  hash: string;
  device_id: string;
  signature: Buffer;
}

export interface SearchRecordRow {
  rk: number;
  record_id: string;
  type: string;
  country: string | null;
  sensitivity: string | null;
  date_start: string | null;
  date_end: string | null;
  indexed_seq: number;
  defined_values: string | null;
}

export interface SearchRecordTagRow {
  tag: string;
  rk: number;
}

export interface PassageRow {
  id: number;
  kind: 'head' | 'body';
  text: string;
  anchor: string;
}

export interface SearchSnapshotRow {
  name: string;
  watermark: number;
  data: Buffer;
}

export interface ImportedFileRow {
  sha256: string;
  name: string;
  format: string;
  /** JSON array of the record ids the file made. */
  record_ids: string;
  imported_ms: number;
}

export interface BundleIdentityRow {
  id: 1;
  age_identity: string;
  age_recipient: string;
  created_ms: number;
}

export interface BundlePeerRow {
  peer: string;
  filters: string;
  last_seq: number;
  sent_ms: number;
}

export interface BundleReceivedRow {
  bundle_id: string;
  device_id: string;
  created_ms: number;
  received_ms: number;
  summary: string;
}

export interface DraftRow {
  key: string;
  text: string;
  updated_ms: number;
}

export interface TeamContactRow {
  recipient: string;
  name: string;
  fingerprint: string | null;
  added_ms: number;
}

export interface SyncFolderFileRow {
  folder: string;
  file: string;
  stamp: string;
  damaged_sha256: string | null;
  damage: string | null;
  checked_ms: number;
}

export interface SyncFolderOwnRow {
  folder: string;
  last_seq: number;
  stamp: string;
  sha256: string;
  locked_to: string;
  written_ms: number;
}

export interface SchemaMigrationRow {
  version: number;
  name: string;
  checksum: string;
  applied_ms: number;
}

/** Each table's row type, by table name. */
export interface TableRows {
  meta: MetaRow;
  device_keys: DeviceKeyRow;
  devices: DeviceRow;
  revisions: RevisionRow;
  revision_parents: RevisionParentRow;
  leaves: LeafRow;
  records: RecordRow;
  record_refs: RecordRefRow;
  blobs: BlobRow;
  blob_chunks: BlobChunkRow;
  audit: AuditRow;
  audit_head: AuditHeadRow;
  search_records: SearchRecordRow;
  search_record_tags: SearchRecordTagRow;
  passages: PassageRow;
  search_snapshots: SearchSnapshotRow;
  imported_files: ImportedFileRow;
  bundle_identity: BundleIdentityRow;
  bundle_peers: BundlePeerRow;
  bundles_received: BundleReceivedRow;
  drafts: DraftRow;
  team_contacts: TeamContactRow;
  sync_folder_files: SyncFolderFileRow;
  sync_folder_own: SyncFolderOwnRow;
  schema_migrations: SchemaMigrationRow;
}

type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Tables whose row type and column list disagree. */
type Mismatched = { [T in keyof TableRows]: SameKeys<keyof TableRows[T], (typeof tableColumns)[T][number]> extends true ? never : T }[keyof TableRows];

/** True only when every table has a row type and every row type has exactly its table's columns: otherwise this file does not compile. */
export const rowTypesMatchColumns: [Mismatched] extends [never] ? SameKeys<keyof TableRows, keyof typeof tableColumns> : false = true;
