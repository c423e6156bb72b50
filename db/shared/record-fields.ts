import { z } from 'zod';
import { fieldTargets } from './reference-targets.js';
import { recordObjectOf, type RecordType } from './schemas.js';
import { asserter, country, fuzzyDate, instant, languageCode, recordId, timeOfDay } from './schema-parts.js';
import { asserterKinds, fairTrialIndicators, noteSourceKinds } from './vocabularies.js';

/**
 * Each record type's fields described for a form: each field's kind (line, paragraph, number,
 * choice, fuzzy date, record link, list, group) comes from the schema, so a field added to a
 * record type appears in its form. The few shapes that read badly when generated (dates as
 * written, links to records, who asserted a fact) are recognised by identity and given their
 * own inputs.
 */
export type FieldSpec =
  | { kind: 'line'; max: number }
  | { kind: 'paragraph'; max: number }
  | { kind: 'number'; anyNumber?: boolean }
  | { kind: 'boolean' }
  /** Yes, no, or not said: a defined yes-no field, where "no" is an answer. */
  | { kind: 'yesNo' }
  /** `labels`: the options' words where they are not the interface's (a defined vocabulary's terms). */
  | { kind: 'choice'; options: readonly string[]; vocabulary?: 'indicators'; labels?: Readonly<Record<string, string>> }
  | { kind: 'fuzzyDate' }
  | { kind: 'country' }
  | { kind: 'language' }
  | { kind: 'record'; targets?: readonly RecordType[] }
  | { kind: 'time' }
  | { kind: 'instant' }
  | { kind: 'list'; item: FieldSpec }
  | { kind: 'group'; fields: RecordField[] };

export interface RecordField {
  key: string;
  spec: FieldSpec;
  required: boolean;
  description?: string;
  /** The field's label in the interface's language where it is not the interface's word for `key` (a defined field). */
  label?: string;
}

/** Vocabularies offered as choices where the schema accepts any well-formed key. */
const vocabularyChoices: Record<string, readonly string[]> = {
  sourceKind: noteSourceKinds.map((t) => t.key),
  indicator: fairTrialIndicators.map((t) => t.key),
};

function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let inner = schema;
  let optional = false;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable || inner instanceof z.ZodDefault) {
    optional = true;
    inner = inner.unwrap() as z.ZodType;
  }
  return { inner, optional };
}

function specOf(schema: z.ZodType, key: string): FieldSpec {
  const { inner } = unwrap(schema);
  if (inner === fuzzyDate) return { kind: 'fuzzyDate' };
  if (inner === country) return { kind: 'country' };
  if (inner === languageCode) return { kind: 'language' };
  if (inner === recordId) return fieldTargets[key] ? { kind: 'record', targets: fieldTargets[key] } : { kind: 'record' };
  if (inner === timeOfDay) return { kind: 'time' };
  if (inner === instant) return { kind: 'instant' };
  if (inner === asserter) {
    return {
      kind: 'group',
      fields: [
        { key: 'kind', spec: { kind: 'choice', options: asserterKinds.map((t) => t.key) }, required: true },
        { key: 'name', spec: { kind: 'line', max: 300 }, required: false },
      ],
    };
  }
  // Web addresses, ids and dates are string formats: text too.
  if (inner instanceof z.ZodString || inner instanceof z.ZodStringFormat) {
    if (vocabularyChoices[key]) return { kind: 'choice', options: vocabularyChoices[key], ...(key === 'indicator' ? { vocabulary: 'indicators' as const } : {}) };
    const max = inner.maxLength ?? 200_000;
    return max > 2000 ? { kind: 'paragraph', max } : { kind: 'line', max };
  }
  if (inner instanceof z.ZodNumber) return { kind: 'number' };
  if (inner instanceof z.ZodBoolean) return { kind: 'boolean' };
  if (inner instanceof z.ZodEnum) return { kind: 'choice', options: inner.options as string[] };
  if (inner instanceof z.ZodArray) return { kind: 'list', item: specOf(inner.element as z.ZodType, key) };
  if (inner instanceof z.ZodObject) return { kind: 'group', fields: fieldsOf(inner) };
  if (inner instanceof z.ZodPipe) return specOf(inner.out as z.ZodType, key);
  // Unions of a number and a label (page anchors) and the like: typed as written.
  return { kind: 'line', max: 200 };
}

function fieldsOf(object: z.ZodObject): RecordField[] {
  return Object.entries(object.shape as Record<string, z.ZodType>).map(([key, schema]) => {
    const { inner, optional } = unwrap(schema);
    const description = schema.description ?? inner.description;
    return { key, spec: specOf(schema, key), required: !optional, ...(description ? { description } : {}) };
  });
}

/** A record type's fields in the order its schema declares them. */
export function recordFields(type: RecordType): RecordField[] {
  return fieldsOf(recordObjectOf(type));
}
