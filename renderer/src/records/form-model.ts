import { recordFields, type FieldSpec, type RecordField } from '../../../db/shared/record-fields.js';
import type { RecordType } from '../../../db/shared/schemas.js';

/** Shown last: where facts come from and what they link to, after the facts themselves. */
const trailing = ['sources', 'links'];
/** Managed elsewhere: attachments are added by import or by dropping a file, not typed. */
const hidden = new Set(['attachments']);

/** The form of a record type: its fields in reading order. */
export function recordForm(type: RecordType): RecordField[] {
  const fields = recordFields(type).filter((f) => !hidden.has(f.key));
  return [...fields.filter((f) => !trailing.includes(f.key)), ...fields.filter((f) => trailing.includes(f.key))];
}

/** An empty value for a new list item. */
export function emptyValue(spec: FieldSpec): unknown {
  if (spec.kind === 'group') return {};
  if (spec.kind === 'list') return [];
  return undefined;
}

/**
 * What the form holds, as the engine takes it: empty text, empty lists and empty groups left
 * out, so an untouched field is absent rather than an error.
 */
export function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value)) {
    const items = value.map(cleanValue).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, cleanValue(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

/** The merge patch turning `before` into `after`: changed fields given, removed fields null. */
export function patchBetween(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
  for (const [key, value] of Object.entries(after)) if (JSON.stringify(before[key]) !== JSON.stringify(value)) patch[key] = value;
  return patch;
}

/** "arrests.0.date" for the input that showed an issue at that path. */
export function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
