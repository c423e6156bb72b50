import { z } from 'zod';
import { revisionView } from '../shared/record-views.js';
import { recordType } from '../shared/schemas.js';

/** Values the record methods return about conflicts and exchanges, typed once from these schemas. */

export const wireDevice = z.object({ deviceId: z.string(), publicKey: z.string() });
export type WireDevice = z.output<typeof wireDevice>;

export const conflictView = z.object({ id: z.string(), type: recordType, title: z.string(), current: z.string(), leaves: z.array(revisionView) });
export type ConflictView = z.output<typeof conflictView>;

export const mergeSummary = z.object({
  revisions: z.object({ received: z.number(), added: z.number(), alreadyPresent: z.number() }),
  records: z.object({ new: z.number(), updated: z.number(), unchanged: z.number(), conflicts: z.number() }),
  devices: z.object({ new: z.array(z.string()) }),
});
export type MergeSummary = z.output<typeof mergeSummary>;
