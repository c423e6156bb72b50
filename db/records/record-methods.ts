import { z } from 'zod';
import { defineMethod, longTimeLimitMs } from '../contract.js';
import { isoDate, recordId } from '../shared/schema-parts.js';
import { listSorts } from './list-query.js';
import { recordType } from '../shared/schemas.js';
import { definitionKey } from '../shared/schema-parts.js';
import { recordSummary, recordView, revisionView } from '../shared/record-views.js';
import { vocabularies } from '../shared/vocabularies.js';
import { conflictView, mergeSummary, wireDevice } from './exchange-values.js';
import { checkWritten } from './check-written.js';
import { fingerprintsOfDevices } from '../bundles/bundle-identity.js';

const wireRevision = z.object({
  id: z.string(),
  body: z.record(z.string(), z.unknown()),
  signature: z.string(),
});

const revisionPrefix = z.string().regex(/^[0-9a-f]{8,64}$/, 'expected a revision id (at least its first 8 hex digits)');

export const recordMethods = {
  'records.create': defineMethod({
    summary: 'Create a record of a type; data is validated against that type.',
    args: z.object({ type: recordType, data: z.unknown() }),
    result: recordView,
    run(session, args) {
      checkWritten(session.requireArchive(), args.type, args.data);
      return session.requireArchive().records.create(args.type, args.data);
    },
  }),
  'records.createMany': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary: 'Create many records in one transaction; one invalid item rejects them all.',
    args: z.object({
      items: z
        .array(z.object({ type: recordType, data: z.unknown() }))
        .min(1)
        .max(10_000),
    }),
    result: z.object({ created: z.array(z.object({ id: z.string(), revision: z.string() })) }),
    run(session, args) {
      for (const item of args.items) checkWritten(session.requireArchive(), item.type, item.data);
      return { created: session.requireArchive().records.createMany(args.items) };
    },
  }),
  'records.get': defineMethod({
    summary: 'The current value of a record.',
    args: z.object({ id: recordId }),
    result: recordView,
    run: (session, args) => session.requireArchive().records.get(args.id),
  }),
  'records.update': defineMethod({
    summary: 'Apply a JSON merge patch to a record (null removes a field).',
    args: z.object({ id: recordId, patch: z.record(z.string(), z.unknown()), baseRevision: z.string().optional() }),
    result: recordView,
    run(session, args) {
      const archive = session.requireArchive();
      const records = archive.records;
      // The patch alone is checked: a record's other fields were checked when they were written.
      checkWritten(archive, records.typeOf(args.id), args.patch, args.id);
      return records.update(args.id, args.patch, { baseRevision: args.baseRevision });
    },
  }),
  'records.delete': defineMethod({
    summary: 'Delete a record (a tombstone revision; history is kept).',
    args: z.object({ id: recordId }),
    result: z.object({ id: z.string(), revision: z.string() }),
    run: (session, args) => session.requireArchive().records.delete(args.id),
  }),
  'records.restore': defineMethod({
    summary: 'Bring a deleted record back with the value it had before; the deletion stays in its history.',
    args: z.object({ id: recordId }),
    result: recordView,
    run: (session, args) => session.requireArchive().records.restore(args.id),
  }),
  'records.linkedFrom': defineMethod({
    summary:
      'The live records that name this one (a link, a hearing’s trial, a defendant’s record, a source), with the field or link relation each names it in, by field then title.',
    args: z.object({ id: recordId, limit: z.int().min(1).max(10_000).optional() }),
    result: z.array(z.object({ id: z.string(), type: recordType, title: z.string(), field: z.string() })),
    run: (session, args) => session.requireArchive().records.linkedFrom(args.id, args.limit),
  }),
  'records.describe': defineMethod({
    summary: 'The type and title of each record named (to show a link by name); a record not in the archive, or deleted, is left out.',
    args: z.object({ ids: z.array(recordId).max(1000) }),
    result: z.array(z.object({ id: z.string(), type: recordType, title: z.string() })),
    run(session, args) {
      const records = session.requireArchive().records;
      return [...new Set(args.ids)].flatMap((id) => {
        const found = records.describe(id);
        return found ? [{ id, ...found }] : [];
      });
    },
  }),
  'records.list': defineMethod({
    summary:
      'Records, oldest first or sorted, optionally of one type, filtered by status, country, sensitivity, tag or dates (after, before: YYYY-MM-DD, on the dates search reads), and paged; total counts all that match.',
    args: z.object({
      type: recordType.optional(),
      sort: z.enum(listSorts).optional(),
      status: z.string().min(1).max(100).optional(),
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'expected a two-letter country code such as KZ')
        .optional(),
      sensitivity: z.string().min(1).max(100).optional(),
      tag: z.string().min(1).max(100).optional(),
      after: isoDate.optional(),
      before: isoDate.optional(),
      field: z
        .object({ key: definitionKey, value: z.string().min(1).max(200) })
        .optional()
        .describe('records whose defined field holds this value: a term by key or label, with its narrower terms'),
      sortBy: definitionKey.optional().describe("sort by a defined field's value (records without one last)"),
      limit: z.int().min(1).max(1_000_000).optional(),
      offset: z.int().min(0).optional(),
      count: z.boolean().optional().describe('false: leave out the total (a list fetching its next rows already knows it; counting with filters reads every row)'),
    }),
    result: z.object({ records: z.array(recordSummary), total: z.number().optional() }),
    run(session, args) {
      const archive = session.requireArchive();
      const { field, ...rest } = args;
      const options = field ? { ...rest, definedIds: archive.search.recordsWithValue(field.key, field.value) } : rest;
      return { records: archive.records.list(options), ...(args.count === false ? {} : { total: archive.records.count(options) }) };
    },
  }),
  'records.children': defineMethod({
    summary: "A trial's hearings (type hearing) or a hearing's notes (type note), oldest first.",
    args: z.object({ parent: recordId, type: z.enum(['hearing', 'note']), limit: z.int().min(1).max(100_000).optional() }),
    result: z.array(recordView),
    run: (session, args) => session.requireArchive().records.children(args.parent, args.type, args.limit),
  }),
  'records.history': defineMethod({
    summary: 'Every revision of a record, oldest first, each with the fingerprint of the device that wrote it (as its owner reads it out) and whether that is this device.',
    args: z.object({ id: recordId }),
    result: z.array(revisionView.extend({ by: z.object({ self: z.boolean(), fingerprint: z.string() }) })),
    run: (session, args) => {
      const archive = session.requireArchive();
      const fingerprintOf = fingerprintsOfDevices(archive.db);
      return archive.records.history(args.id).map((rev) => ({ ...rev, by: { self: rev.device === archive.deviceId, fingerprint: fingerprintOf(rev.device) } }));
    },
  }),
  'records.conflicts': defineMethod({
    summary: 'Records with more than one live version, and those versions.',
    args: z.object({}),
    result: z.array(conflictView),
    run: (session) => session.requireArchive().records.conflicts(),
  }),
  'records.resolve': defineMethod({
    summary: 'Resolve a conflict by picking one version or giving a merged value.',
    args: z.union([z.object({ id: recordId, pick: revisionPrefix }), z.object({ id: recordId, data: z.unknown() })]),
    result: recordView,
    run: (session, args) => session.requireArchive().records.resolve(args.id, 'pick' in args ? { pick: args.pick } : { data: args.data }),
  }),
  'revisions.export': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary: 'Signed revisions in arrival order after a sequence number, with their authors\u2019 public keys.',
    args: z.object({ afterSeq: z.int().min(0).optional(), limit: z.int().min(1).optional() }),
    result: z.object({ revisions: z.array(wireRevision), devices: z.array(wireDevice), lastSeq: z.number() }),
    run: (session, args) => session.requireArchive().records.exportRevisions(args),
  }),
  'revisions.merge': defineMethod({
    timeLimitMs: longTimeLimitMs,
    summary: 'Merge revisions from another archive (set union); all are checked before any is written.',
    args: z.object({ revisions: z.array(wireRevision), devices: z.array(wireDevice) }),
    result: mergeSummary,
    // Bodies are re-validated revision by revision inside mergeRevisions.
    run: (session, args) => session.requireArchive().records.mergeRevisions(args as never),
  }),
  'vocabularies.get': defineMethod({
    summary: 'The shipped vocabularies: ICCPR articles, fair-trial indicators, WGAD categories, source kinds.',
    args: z.object({}),
    result: z.record(z.string(), z.array(z.object({ key: z.string(), label: z.string(), description: z.string().optional(), basis: z.array(z.string()).optional() }))),
    run: () => vocabularies,
  }),
};
