import { z } from 'zod';
import type { FieldDefinition, GroupMember } from './definition-schemas.js';
import { fuzzyDate, line, recordId } from './schema-parts.js';

/**
 * The schema of a defined field's value, built from its definition: what the engine checks
 * records against and what a form checks before sending, so both say the same, in the same
 * words as a built-in field's errors. `termsOf` gives a vocabulary's term keys.
 */
export type TermsOf = (vocabulary: string) => { has(key: string): boolean; keys(): Iterable<string>; readonly size: number };

export const maxTextValue = 10_000;
export const maxLongTextValue = 1_000_000;

/** Where a place is: its name, and its coordinates if known (both or neither). */
export const placeValue = z
  .object({
    name: line(500),
    lat: z.number().min(-90, 'a latitude is between -90 and 90').max(90, 'a latitude is between -90 and 90').optional(),
    lon: z.number().min(-180, 'a longitude is between -180 and 180').max(180, 'a longitude is between -180 and 180').optional(),
  })
  .strict()
  .refine((p) => (p.lat === undefined) === (p.lon === undefined), 'a place has both a latitude and a longitude, or neither');

/** The zod schema of one field's value, built from its definition: the same errors as a built-in field's. */
export function valueSchemaOf(field: FieldDefinition | GroupMember, termsOf: TermsOf): z.ZodType {
  switch (field.kind) {
    case 'text':
      return line(maxTextValue);
    case 'long-text':
      return z.string({ error: 'must be text' }).max(maxLongTextValue, `at most ${maxLongTextValue} characters`);
    case 'number':
      return z.number({ error: 'must be a number' }).finite('must be a number');
    case 'date':
      return fuzzyDate;
    case 'yes-no':
      return z.boolean({ error: 'must be yes or no (true or false)' });
    case 'place':
      return placeValue;
    case 'choice': {
      const terms = termsOf(field.vocabulary!);
      const name = field.vocabulary!;
      const term = z.string({ error: 'must be a term key' }).refine((key) => terms.has(key), {
        error: (issue) => `"${String(issue.input)}" is not a term of the vocabulary ${name}${terms.size ? `; terms include ${[...terms.keys()].slice(0, 5).join(', ')}` : ''}`,
      });
      return field.multiple
        ? z
            .array(term)
            .max(500, 'at most 500 terms')
            .refine((list) => new Set(list).size === list.length, 'a term is chosen twice')
        : term;
    }
    case 'link':
      return field.multiple ? z.array(recordId).max(1000, 'at most 1000 records') : recordId;
    case 'group': {
      const members = Object.fromEntries((field as FieldDefinition).fields!.map((m) => [m.key, m.required ? valueSchemaOf(m, termsOf) : valueSchemaOf(m, termsOf).optional()]));
      return z.array(z.object(members).strict()).max(1000, 'at most 1000 entries');
    }
  }
}

/** The schema of a type's defined values, by field key: required ones required, removed ones optional. */
export function definedValuesSchema(fields: readonly FieldDefinition[], termsOf: TermsOf): z.ZodType {
  return z
    .object(
      Object.fromEntries(
        fields.map((field) => {
          const value = valueSchemaOf(field, termsOf);
          return [field.key, field.required && !field.hidden ? value : value.optional()];
        }),
      ),
    )
    .strict();
}
