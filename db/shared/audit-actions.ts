/** What the audit log records; the activity page has a label for each. */
export const auditActions = [
  'archive.create',
  'unlock',
  'unlock.failed',
  'passphrase.change',
  'passphrase.reset',
  'record.create',
  'record.update',
  'record.delete',
  'record.restore',
  'record.resolve',
  'record.attach',
  'revisions.merge',
  'import.file',
  'bundle.export',
  'bundle.import',
  'export.file',
  'passphrase.rekey',
] as const;
export type AuditAction = (typeof auditActions)[number];
