import { z } from 'zod';
import { baseFields, definitionKey, line, sensitivity } from './schema-parts.js';

/**
 * What an organisation defines for itself: vocabularies (thesauri), record types and fields.
 * Each definition is a record of its own (a vocabulary, a record-type, a field), so it is
 * revisioned, signed and carried in bundles like any record; two people adding fields at once
 * make two records, both kept, and a conflicting change to one field is a conflict to resolve.
 * Values name terms and fields by key, never by label, so renaming changes no value.
 */

/** A term's key: stable however its labels change; an imported thesaurus keeps its own ids. */
export const vocabularyTermKey = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._()/-]{0,63}$/, 'expected a term key such as overcrowding');

export { definitionKey };

/** Words in the interface languages; at least one. */
export const labels = (max = 300) =>
  z
    .object({ en: line(max).optional(), ru: line(max).optional(), kk: line(max).optional() })
    .strict()
    .refine((l) => Boolean(l.en ?? l.ru ?? l.kk), 'needs a label in at least one of en, ru, kk');

export interface VocabularyTerm {
  key: string;
  labels: { en?: string; ru?: string; kk?: string };
  children?: VocabularyTerm[];
}

export const maxTermDepth = 8;
export const maxTerms = 20_000;

const vocabularyTerm: z.ZodType<VocabularyTerm> = z.lazy(() =>
  z
    .object({
      key: vocabularyTermKey,
      labels: labels(),
      children: z.array(vocabularyTerm).max(maxTerms).optional(),
    })
    .strict(),
);

/** Checks what a nested list of terms must be: keys unique in the whole vocabulary, not too deep or large. */
function checkTerms(terms: readonly VocabularyTerm[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  let count = 0;
  const walk = (list: readonly VocabularyTerm[], depth: number, path: (string | number)[]) => {
    list.forEach((term, i) => {
      count++;
      if (seen.has(term.key)) ctx.addIssue({ code: 'custom', path: [...path, i, 'key'], message: `the term key "${term.key}" is used twice` });
      seen.add(term.key);
      if (term.children?.length) {
        if (depth >= maxTermDepth) ctx.addIssue({ code: 'custom', path: [...path, i, 'children'], message: `terms nest at most ${maxTermDepth} levels deep` });
        else walk(term.children, depth + 1, [...path, i, 'children']);
      }
    });
  };
  walk(terms, 1, ['terms']);
  if (count > maxTerms) ctx.addIssue({ code: 'custom', path: ['terms'], message: `a vocabulary holds at most ${maxTerms} terms` });
}

/**
 * A vocabulary (thesaurus) of nested terms. One with the key of a vocabulary Vigil ships
 * extends it: its terms are added to the shipped ones.
 */
export const vocabularyDefinition = z
  .object({
    ...baseFields,
    key: definitionKey.describe('how fields name it, e.g. conditions'),
    labels: labels(),
    terms: z.array(vocabularyTerm).max(maxTerms),
  })
  .superRefine((v, ctx) => checkTerms(v.terms, ctx));

/** A record type the organisation adds beside the built-in ones ("incident", "prison visit"). */
export const recordTypeDefinition = z.object({
  ...baseFields,
  key: definitionKey.describe('the type as data and the command line name it, e.g. prison-visit'),
  labels: labels(),
  help: labels(2000).optional(),
  hidden: z.boolean().optional().describe('no longer offered for new records; its records are kept'),
});

/** The kinds of Uwazi template property a field can come from (docs/uwazi.md). */
export const uwaziPropertyTypes = [
  'text',
  'markdown',
  'numeric',
  'date',
  'daterange',
  'multidate',
  'multidaterange',
  'select',
  'multiselect',
  'relationship',
  'geolocation',
  'link',
  'generatedid',
  'image',
  'media',
  'preview',
] as const;
export type UwaziPropertyType = (typeof uwaziPropertyTypes)[number];

export const fieldKinds = ['text', 'long-text', 'number', 'date', 'yes-no', 'choice', 'link', 'place', 'group'] as const;
export type FieldKind = (typeof fieldKinds)[number];

const fieldShape = {
  key: definitionKey.describe('how values name the field, e.g. facility'),
  kind: z.enum(fieldKinds),
  labels: labels(),
  help: labels(2000).optional(),
  required: z.boolean().optional(),
  valueSensitivity: sensitivity.optional().describe('how sensitive its values are: confidential values leave bundles filtered below confidential'),
  vocabulary: definitionKey.optional().describe('the vocabulary a choice field takes its terms from'),
  multiple: z.boolean().optional().describe('a choice or link field that holds several'),
  linkTypes: z.array(definitionKey).max(20).optional().describe('the record types a link field may name; none: any'),
  uwazi: z
    .enum(uwaziPropertyTypes)
    .optional()
    .describe('the kind of Uwazi property it was imported from, so a CSV for Uwazi writes what that property reads (a date range as from:to)'),
};

/** What one field must say for its kind: a choice names its vocabulary, a group its fields. */
function checkFieldShape(
  field: { kind: FieldKind; vocabulary?: string; multiple?: boolean; linkTypes?: string[]; fields?: unknown[] },
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
): void {
  if (field.kind === 'choice' && !field.vocabulary)
    ctx.addIssue({ code: 'custom', path: [...path, 'vocabulary'], message: 'a choice field names the vocabulary it takes its terms from' });
  if (field.kind !== 'choice' && field.vocabulary)
    ctx.addIssue({ code: 'custom', path: [...path, 'vocabulary'], message: `only a choice field has a vocabulary, not a ${field.kind} field` });
  if (field.multiple && field.kind !== 'choice' && field.kind !== 'link')
    ctx.addIssue({ code: 'custom', path: [...path, 'multiple'], message: 'only choice and link fields hold several values' });
  if (field.linkTypes && field.kind !== 'link') ctx.addIssue({ code: 'custom', path: [...path, 'linkTypes'], message: 'only a link field names record types' });
  if (field.kind === 'group' && !field.fields?.length) ctx.addIssue({ code: 'custom', path: [...path, 'fields'], message: 'a repeating group lists its fields' });
  if (field.kind !== 'group' && field.fields) ctx.addIssue({ code: 'custom', path: [...path, 'fields'], message: 'only a repeating group has fields of its own' });
}

/** A field inside a repeating group: any kind but another group. */
export const groupMember = z
  .object({ ...fieldShape, kind: z.enum(fieldKinds.filter((k) => k !== 'group') as [FieldKind, ...FieldKind[]]) })
  .strict()
  .superRefine((f, ctx) => checkFieldShape(f, ctx));

/** A field on a record type, built-in or defined: a record of its own, so fields added at once on two laptops are both kept. */
export const fieldDefinition = z
  .object({
    ...baseFields,
    of: definitionKey.describe('the record type it belongs to, e.g. detainee or prison-visit'),
    ...fieldShape,
    fields: z.array(groupMember).min(1).max(50).optional().describe("a repeating group's fields"),
    hidden: z.boolean().optional().describe('removed: no longer shown or asked for; its values stay in history and exports'),
  })
  .superRefine((f, ctx) => {
    checkFieldShape(f, ctx);
    const keys = new Set<string>();
    f.fields?.forEach((member, i) => {
      if (keys.has(member.key)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: `the group's field "${member.key}" is listed twice` });
      keys.add(member.key);
    });
  });

export type VocabularyDefinition = z.output<typeof vocabularyDefinition>;
export type RecordTypeDefinition = z.output<typeof recordTypeDefinition>;
export type FieldDefinition = z.output<typeof fieldDefinition>;
export type GroupMember = z.output<typeof groupMember>;

/** A definition's words in a language, else in another it has (English first). */
export function labelIn(labels: { en?: string; ru?: string; kk?: string }, language: string): string {
  const lang = language.slice(0, 2) as 'en' | 'ru' | 'kk';
  return labels[lang] ?? labels.en ?? labels.ru ?? labels.kk ?? '';
}
