import type { z } from 'zod';
import { recordSchemas, type RecordType } from '../../db/shared/schemas.js';
import { asserter, fuzzyDate, instant, recordId, timeOfDay } from '../../db/shared/schema-parts.js';
import { asserterKinds, fairTrialIndicators, noteSourceKinds } from '../../db/shared/vocabularies.js';

/**
 * Forms read from the same zod schemas the engine validates with: each field's kind (line,
 * paragraph, number, choice, fuzzy date, record link, list, group) comes from the schema, so
 * a field added to a record type appears in its form. The few shapes that read badly when
 * generated (dates as written, links to records, who asserted a fact) are recognised by
 * identity and given their own inputs.
 */
export type FieldSpec =
  | { kind: 'line'; max: number }
  | { kind: 'paragraph'; max: number }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'choice'; options: readonly string[]; vocabulary?: 'indicators' }
  | { kind: 'fuzzyDate' }
  | { kind: 'record' }
  | { kind: 'time' }
  | { kind: 'instant' }
  | { kind: 'list'; item: FieldSpec }
  | { kind: 'group'; fields: FormField[] };

export interface FormField {
  key: string;
  spec: FieldSpec;
  required: boolean;
  description?: string;
}

type AnySchema = z.ZodType & { def: Record<string, unknown> & { type: string }; description?: string };

/** Vocabularies offered as choices where the schema accepts any well-formed key. */
const vocabularyChoices: Record<string, readonly string[]> = {
  sourceKind: noteSourceKinds.map((t) => t.key),
  indicator: fairTrialIndicators.map((t) => t.key),
};

function unwrap(schema: AnySchema): { inner: AnySchema; optional: boolean } {
  let inner = schema;
  let optional = false;
  for (;;) {
    const type = inner.def.type;
    if (type === 'optional' || type === 'nullable' || type === 'default') {
      optional = true;
      inner = inner.def.innerType as AnySchema;
    } else break;
  }
  return { inner, optional };
}

function maxLength(schema: AnySchema): number | undefined {
  const checks = (schema.def.checks ?? []) as { _zod: { def: { check: string; maximum?: number } } }[];
  return checks.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum;
}

export function specOf(schema: AnySchema, key = ''): FieldSpec {
  const { inner } = unwrap(schema);
  if (inner === (fuzzyDate as unknown)) return { kind: 'fuzzyDate' };
  if (inner === (recordId as unknown)) return { kind: 'record' };
  if (inner === (timeOfDay as unknown)) return { kind: 'time' };
  if (inner === (instant as unknown)) return { kind: 'instant' };
  if (inner === (asserter as unknown)) {
    return {
      kind: 'group',
      fields: [
        { key: 'kind', spec: { kind: 'choice', options: asserterKinds.map((t) => t.key) }, required: true },
        { key: 'name', spec: { kind: 'line', max: 300 }, required: false },
      ],
    };
  }
  switch (inner.def.type) {
    case 'string': {
      if (vocabularyChoices[key]) return { kind: 'choice', options: vocabularyChoices[key], ...(key === 'indicator' ? { vocabulary: 'indicators' as const } : {}) };
      const max = maxLength(inner) ?? 200_000;
      return max > 2000 ? { kind: 'paragraph', max } : { kind: 'line', max };
    }
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'enum':
      return { kind: 'choice', options: (inner as unknown as { options: string[] }).options };
    case 'array':
      return { kind: 'list', item: specOf(inner.def.element as AnySchema, key) };
    case 'object':
      return { kind: 'group', fields: fieldsOf(inner) };
    case 'pipe':
      return specOf(inner.def.out as AnySchema, key);
    default:
      // Unions of a number and a label (page anchors) and the like: typed as written.
      return { kind: 'line', max: 200 };
  }
}

function fieldsOf(object: AnySchema): FormField[] {
  const shape = object.def.shape as Record<string, AnySchema>;
  return Object.entries(shape).map(([key, schema]) => {
    const { optional } = unwrap(schema);
    const description = schema.description ?? unwrap(schema).inner.description;
    return { key, spec: specOf(schema, key), required: !optional, ...(description ? { description } : {}) };
  });
}

/** Shown last: where facts come from and what they link to, after the facts themselves. */
const trailing = ['sources', 'links'];
/** Managed elsewhere: attachments are added by import or by dropping a file, not typed. */
const hidden = new Set(['attachments']);

/** The form of a record type: its fields in reading order. */
export function recordForm(type: RecordType): FormField[] {
  let schema = recordSchemas[type] as unknown as AnySchema;
  if (schema.def.type === 'pipe') schema = schema.def.out as AnySchema;
  const fields = fieldsOf(schema).filter((f) => !hidden.has(f.key));
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
    const entries = Object.entries(value).map(([k, v]) => [k, cleanValue(v)] as const).filter(([, v]) => v !== undefined);
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
