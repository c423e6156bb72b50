import { z } from 'zod';
import { VigilError } from '../errors.js';
import { describeIssues } from '../records/validate-record.js';
import type { Templates } from './archive-templates.js';
import type { FieldDefinition, GroupMember } from '../shared/definition-schemas.js';
import { definedValuesSchema, maxLongTextValue, maxTextValue, valueSchemaOf as valueSchemaOfTerms } from '../shared/defined-value-schemas.js';

export { maxLongTextValue, maxTextValue };

/** The zod schema of one field's value, with the archive's vocabularies. */
export function valueSchemaOf(field: FieldDefinition | GroupMember, templates: Templates): z.ZodType {
  return valueSchemaOfTerms(field, (vocabulary) => templates.terms(vocabulary));
}

/** A record as its writer names it, for checking the records a link field names. */
export type DescribeRecord = (id: string) => { type: string; title: string } | undefined;

const compiled = new WeakMap<Templates, Map<string, z.ZodType>>();

/** The schema of a type's defined values, built once per reading of the definitions: an import checks thousands of records with it. */
function definedSchemaOf(templates: Templates, type: string): z.ZodType {
  let byType = compiled.get(templates);
  if (!byType) compiled.set(templates, (byType = new Map()));
  let schema = byType.get(type);
  if (!schema) {
    schema = z.object({ defined: definedValuesSchema(templates.fieldsOf(type), (vocabulary) => templates.terms(vocabulary)) });
    byType.set(type, schema);
  }
  return schema;
}

/**
 * Checks the values of a record's defined fields against this archive's definitions, as the
 * record's own schema checks the built-in ones, and returns the record with them normalised
 * (dates read, text trimmed). A field not defined for the type, a value of the wrong kind, a
 * term not in the vocabulary, a link to a record that is not there or not of a type the field
 * takes, a missing required value, or a new value for a removed field: refused, in one line.
 */
export function checkDefinedValues<T extends Record<string, unknown>>(
  templates: Templates,
  type: string,
  data: T,
  options: { previous?: Record<string, unknown>; describe: DescribeRecord },
): T {
  const fields = templates.fieldsOf(type);
  const given = data.defined;
  if (!fields.length && given === undefined) return data;
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    throw new VigilError('invalid_record', `${type}: defined must be an object of field values by field key`);
  }
  const values = (given ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(values).filter((key) => !fields.some((f) => f.key === key));
  if (unknown.length) {
    const offered = fields.filter((f) => !f.hidden).map((f) => f.key);
    throw new VigilError(
      'invalid_record',
      `${type}: "${unknown[0]}" is not a field defined for ${type}${offered.length ? `; its defined fields are ${offered.join(', ')}` : '; it has no defined fields'}`,
    );
  }
  const previous = (options.previous?.defined ?? {}) as Record<string, unknown>;
  for (const field of fields) {
    if (field.hidden && Object.hasOwn(values, field.key) && JSON.stringify(values[field.key]) !== JSON.stringify(previous[field.key])) {
      throw new VigilError('invalid_record', `${type}: defined.${field.key} was removed from ${type}; its values are kept but no longer changed`);
    }
  }
  let normalised = plainValues(templates, fields, values);
  if (!normalised) {
    // Something is not plainly right (or is a date, a place, a group): zod reads it and says what is wrong, precisely.
    const parsed = definedSchemaOf(templates, type).safeParse({ defined: values });
    if (!parsed.success) throw new VigilError('invalid_record', describeIssues(type, parsed.error.issues));
    normalised = (parsed.data as { defined: Record<string, unknown> }).defined;
  }
  for (const field of fields) checkLinks(type, field, normalised[field.key], `defined.${field.key}`, options.describe);
  const { defined: _, ...rest } = data;
  return (Object.keys(normalised).length ? { ...rest, defined: normalised } : rest) as unknown as T;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The common case without zod: values of plain kinds (text, number, yes-no, a choice, a link)
 * that are plainly right, normalised as zod would; undefined when any value needs zod's reading
 * (a date, a place, a group) or is wrong. An import checks every row: this is most of its cost.
 */
function plainValues(templates: Templates, fields: readonly FieldDefinition[], values: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined) {
      if (field.required && !field.hidden) return undefined;
      continue;
    }
    switch (field.kind) {
      case 'text': {
        if (typeof value !== 'string') return undefined;
        const trimmed = value.trim();
        if (!trimmed || trimmed.length > maxTextValue) return undefined;
        out[field.key] = trimmed;
        break;
      }
      case 'long-text':
        if (typeof value !== 'string' || value.length > maxLongTextValue) return undefined;
        out[field.key] = value;
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
        out[field.key] = value;
        break;
      case 'yes-no':
        if (typeof value !== 'boolean') return undefined;
        out[field.key] = value;
        break;
      case 'choice': {
        const terms = templates.terms(field.vocabulary!);
        if (field.multiple) {
          if (!Array.isArray(value) || value.length > 500 || new Set(value).size !== value.length || !value.every((k) => typeof k === 'string' && terms.has(k))) return undefined;
        } else if (typeof value !== 'string' || !terms.has(value)) return undefined;
        out[field.key] = value;
        break;
      }
      case 'link':
        if (
          field.multiple
            ? !Array.isArray(value) || value.length > 1000 || !value.every((id) => typeof id === 'string' && uuid.test(id))
            : typeof value !== 'string' || !uuid.test(value)
        )
          return undefined;
        out[field.key] = value;
        break;
      default:
        return undefined;
    }
  }
  return out;
}

function checkLinks(type: string, field: FieldDefinition | GroupMember, value: unknown, path: string, describe: DescribeRecord): void {
  if (value === undefined) return;
  if (field.kind === 'group') {
    (value as Record<string, unknown>[]).forEach((entry, i) => {
      for (const member of (field as FieldDefinition).fields!) checkLinks(type, member, entry[member.key], `${path}[${i}].${member.key}`, describe);
    });
    return;
  }
  if (field.kind !== 'link') return;
  for (const id of Array.isArray(value) ? (value as string[]) : [value as string]) {
    const target = describe(id);
    if (!target) throw new VigilError('invalid_record', `${type}: ${path}: no record ${id} in this archive`);
    if (field.linkTypes?.length && !field.linkTypes.includes(target.type)) {
      throw new VigilError('invalid_record', `${type}: ${path}: "${target.title}" is a ${target.type}; this field takes ${field.linkTypes.join(' or ')}`);
    }
  }
}
