import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { auditCheck, auditEntry } from './audit-log.js';
import { auditPage, auditView, exportAuditLog } from './audit-view.js';

export const auditMethods = {
  'audit.list': defineMethod({
    summary: 'Audit log entries in order, after a sequence number.',
    args: z.object({ afterSeq: z.int().min(0).optional(), limit: z.int().min(1).max(100_000).optional() }),
    result: z.array(auditEntry),
    run: (session, args) => session.requireArchive().audit.list(args),
  }),
  'audit.page': defineMethod({
    summary: 'Audit log entries as people read them, newest first: the record by title, the device by fingerprint.',
    args: z.object({ beforeSeq: z.int().min(1).optional(), limit: z.int().min(1).max(1000).optional() }),
    result: z.object({
      entries: z.array(auditView),
      total: z.int(),
    }),
    run: (session, args) => auditPage(session.requireArchive(), args),
  }),
  'audit.check': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary:
      'Re-check the audit log: its hash chain and the device\u2019s signature of its newest entry. A problem comes as an English sentence and as data (issue) for an interface to word.',
    args: z.object({}),
    result: auditCheck,
    run: (session) => session.requireArchive().audit.verifyChain(),
  }),
  'audit.export': defineMethod({
    timeLimitMs: longTimeLimitMs,
    files: (a) => [a.out],
    summary: 'Write the whole audit log as a CSV file people can read. The file is not encrypted.',
    args: z.object({ out: z.string().min(1) }),
    result: z.object({ file: z.string(), entries: z.int(), encrypted: z.literal(false), warning: z.string() }),
    run: (session, args, context) => exportAuditLog(session.requireArchive(), args.out, context.files),
  }),
};
