import { VigilError } from '../errors.js';
import { recordFields, type FieldSpec, type RecordField } from '../shared/record-fields.js';
import { fieldTargets, linkTargets } from '../shared/reference-targets.js';
import type { RecordType } from '../shared/schemas.js';

/**
 * Where one record names another: a link (with its relation), a hearing's trial, a note's
 * hearing, a defendant's detainee record, a source's report. Found from the schemas (every
 * field whose value is a record id), so a reference field added to a record type is followed
 * without a list to keep up to date here.
 */
export interface RecordReference {
  target: string;
  /** The field path without positions ("defendants.detainee", "sources.report"), or "links:<relation>" for a link. */
  field: string;
}

type Walker = { path: string[]; spec: FieldSpec };

const walkers = new Map<RecordType, RecordField[]>();

function fieldsOf(type: RecordType): RecordField[] {
  let fields = walkers.get(type);
  if (!fields) walkers.set(type, (fields = recordFields(type)));
  return fields;
}

/** Every record id a value names, with the field it is in. */
export function referencesOf(type: RecordType, data: Record<string, unknown> | null | undefined): RecordReference[] {
  if (!data) return [];
  const found: RecordReference[] = [];
  const visit = (value: unknown, at: Walker): void => {
    if (value === undefined || value === null) return;
    const { spec, path } = at;
    if (spec.kind === 'record') {
      if (typeof value === 'string') found.push({ target: value, field: path.join('.') });
      return;
    }
    if (spec.kind === 'list' && Array.isArray(value)) {
      for (const item of value) visit(item, { path, spec: spec.item });
      return;
    }
    if (spec.kind === 'group' && typeof value === 'object' && !Array.isArray(value)) {
      const object = value as Record<string, unknown>;
      // A link is named by its relation, so "Linked from" can group by it.
      if (path.length === 1 && path[0] === 'links' && typeof object.target === 'string') {
        found.push({ target: object.target, field: `links:${String(object.rel)}` });
        return;
      }
      for (const field of spec.fields) if (Object.hasOwn(object, field.key)) visit(object[field.key], { path: [...path, field.key], spec: field.spec });
    }
  };
  for (const field of fieldsOf(type)) if (Object.hasOwn(data, field.key)) visit(data[field.key], { path: [field.key], spec: field.spec });
  return found;
}

/** The record types a reference may point at, or undefined where any type will do. */
export function allowedTargets(reference: RecordReference): readonly RecordType[] | undefined {
  if (reference.field.startsWith('links:')) return linkTargets[reference.field.slice('links:'.length)];
  return fieldTargets[reference.field.split('.').at(-1)!];
}

/**
 * Refuses a value that names a record this archive does not have, or one of a type the field
 * or relation does not take ("Cites" a detainee), in one line naming the field. Checked where
 * people write (forms, the CLI, imports); revisions merged from a teammate are not refused, as
 * they may name records still on their way.
 */
export function checkReferences(
  type: RecordType,
  data: Record<string, unknown> | null | undefined,
  lookUp: (id: string) => { type: string; title: string } | undefined,
  self?: string,
): void {
  for (const reference of referencesOf(type, data)) {
    const where = reference.field.startsWith('links:') ? `the link "${reference.field.slice(6)}"` : reference.field;
    if (reference.target === self) throw new VigilError('invalid_argument', `${where}: a record cannot point at itself`);
    const target = lookUp(reference.target);
    if (!target) throw new VigilError('invalid_argument', `${where}: there is no record ${reference.target} in this archive`);
    const allowed = allowedTargets(reference);
    if (allowed && !allowed.includes(target.type as RecordType)) {
      throw new VigilError('invalid_argument', `${where}: "${target.title}" is a ${target.type}, and this takes ${allowed.map((t) => `a ${t}`).join(' or ')}`);
    }
  }
}
