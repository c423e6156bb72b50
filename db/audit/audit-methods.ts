import { z } from 'zod';
import { defineMethod } from '../contract.js';

export const auditMethods = {
  'audit.list': defineMethod({
    summary: 'Audit log entries in order, after a sequence number.',
    args: z.object({ afterSeq: z.int().min(0).optional(), limit: z.int().min(1).max(100_000).optional() }),
    result: z.array(
      z.object({
        seq: z.number(),
        at: z.string(),
        action: z.string(),
        device: z.string(),
        recordId: z.string().optional(),
        revisionId: z.string().optional(),
        detail: z.record(z.string(), z.unknown()),
        hash: z.string(),
      }),
    ),
    run: (session, args) => session.requireArchive().audit.list(args),
  }),
};
