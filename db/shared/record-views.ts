import { z } from 'zod';
import { definitionKey } from './schema-parts.js';
import { recordType, recordTypes, type RecordData, type RecordType } from './schemas.js';

/**
 * What the contract returns for a record: its value with the revision and times. The types
 * are derived from these schemas, so the engine, the CLI and the page read one definition,
 * and a view's `data` is its record type's data (narrow on `type`).
 */

const isoTime = z.string();
/** A stored value: it was validated when written, and is not parsed again on every read. */
const storedData = z.record(z.string(), z.unknown());
const storedDataOf = <T extends RecordType>() => z.custom<RecordData<T>>((value) => storedData.safeParse(value).success);

function viewOf<T extends RecordType>(type: T) {
  return z.object({
    id: z.string(),
    type: z.literal(type),
    data: storedDataOf<T>(),
    /** Id of the revision whose value this is. */
    revision: z.string(),
    /** True when another live version exists that people must reconcile. */
    conflict: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
  });
}

type ViewSchemas = { [T in RecordType]: ReturnType<typeof viewOf<T>> };
const viewSchemas = Object.fromEntries(recordTypes.map((type) => [type, viewOf(type)])) as ViewSchemas;

const builtInView = z.discriminatedUnion('type', Object.values(viewSchemas) as [ViewSchemas[RecordType], ...ViewSchemas[RecordType][]]);
/** A record of a type the organisation defined (docs/templates.md). */
const definedView = z.object({ id: z.string(), type: definitionKey, data: storedData, revision: z.string(), conflict: z.boolean(), createdAt: isoTime, updatedAt: isoTime });
/** Typed as the built-in views: code that narrows on `type` reads a defined type's record as none of them. */
export const recordView = z.union([builtInView, definedView]) as unknown as typeof builtInView;
/** A record's current value; `RecordView<'note'>` is a note's. */
export type RecordView<T extends RecordType = RecordType> = z.output<ViewSchemas[T]>;

/**
 * The view of a record the caller asked for by type (a trial's hearings, a hearing's notes):
 * the call returns any view, so the type is checked rather than assumed.
 */
export function viewOfType<T extends RecordType>(view: RecordView, type: T): RecordView<T> {
  if (view.type !== type) throw new Error(`expected a ${type} record, found a ${view.type} (${view.id})`);
  return view as RecordView<T>;
}

export const recordSummary = z.object({
  id: z.string(),
  type: recordType,
  title: z.string(),
  conflict: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
  sensitivity: z.string().optional(),
  country: z.string().optional(),
  tags: z.array(z.string()).optional(),
  status: z.string().optional(),
  /** The record's defined values, for a list's columns of the organisation's fields. */
  defined: storedData.optional(),
});
export type RecordSummary = z.output<typeof recordSummary>;

/** One revision of a record: its data as that revision wrote it (any version's, so not checked against today's schema). */
export const revisionView = z.object({
  id: z.string(),
  record: z.string(),
  type: z.string(),
  op: z.enum(['put', 'delete']),
  parents: z.array(z.string()),
  time: isoTime,
  hlc: z.object({ time: z.number(), count: z.number() }),
  device: z.string(),
  data: storedData.optional(),
});
export type RevisionView = z.output<typeof revisionView>;
