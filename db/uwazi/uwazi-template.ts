import { createHash } from 'node:crypto';
import { z } from 'zod';
import { VigilError } from '../errors.js';
import { parseOutsideJson } from '../records/prototype-keys.js';
import { describeIssues } from '../records/validate-record.js';
import { foldText } from '../search/fold-word.js';
import type { UwaziPropertyType } from '../shared/definition-schemas.js';

/**
 * Uwazi's template and thesauri, as its API gives them (/api/templates, /api/thesauris): read
 * loosely, since Uwazi adds keys over time, but each part checked before it is used. A template
 * names its properties by `name` (what CSV headers become after Uwazi's safe-naming) and says
 * each one's `type`; a select's `content` is the id of its thesaurus, a relationship's the id
 * of the template it links to.
 */
const uwaziProperty = z.looseObject({
  name: z.string().min(1).max(200),
  label: z.string().max(500).optional(),
  type: z.string().max(50),
  content: z.string().max(100).optional().nullable(),
  required: z.boolean().optional(),
});
const uwaziTemplate = z.looseObject({
  _id: z.string().max(100).optional(),
  name: z.string().min(1).max(500),
  properties: z.array(uwaziProperty).max(1000).default([]),
});
export interface UwaziThesaurusValue {
  id?: string;
  label: string;
  values?: UwaziThesaurusValue[];
}
const thesaurusValue: z.ZodType<UwaziThesaurusValue> = z.lazy(() =>
  z.looseObject({ id: z.string().max(100).optional(), label: z.string().min(1).max(500), values: z.array(thesaurusValue).max(20_000).optional() }),
);
const uwaziThesaurus = z.looseObject({ _id: z.string().max(100), name: z.string().min(1).max(500), values: z.array(thesaurusValue).max(20_000).default([]) });

export type UwaziTemplate = z.output<typeof uwaziTemplate>;
export type UwaziProperty = z.output<typeof uwaziProperty>;
export type UwaziThesaurus = z.output<typeof uwaziThesaurus>;

/** A list as Uwazi's API answers it ({rows: [...]}), a bare list, or one object. */
function listOf(parsed: unknown): unknown[] {
  if (Array.isArray(parsed)) return parsed;
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { rows?: unknown }).rows)) return (parsed as { rows: unknown[] }).rows;
  return [parsed];
}

/**
 * The Uwazi template to import with: the one named like the type (or the only one in the file).
 * A file from /api/templates holds them all; a file with one template is taken as it is.
 */
export function readUwaziTemplate(text: string, file: string, type: string): UwaziTemplate {
  const all = listOf(parseOutsideJson(text, `the Uwazi template file ${file}`, 'invalid_argument'));
  const parsed = all.map((t, i) => {
    const one = uwaziTemplate.safeParse(t);
    if (!one.success) throw new VigilError('invalid_argument', describeIssues(`the Uwazi template file ${file}${all.length > 1 ? `, template ${i + 1}` : ''}`, one.error.issues));
    return one.data;
  });
  if (parsed.length === 1) return parsed[0]!;
  const found = parsed.find((t) => keyOf(t.name) === type || t.name.toLowerCase() === type.toLowerCase());
  if (!found)
    throw new VigilError(
      'invalid_argument',
      `the Uwazi template file ${file} holds ${parsed.length} templates and none is named "${type}": ${parsed.map((t) => t.name).join(', ')}`,
    );
  return found;
}

/** Uwazi's thesauri (/api/thesauris), by id. Entries that are templates (relationships' targets) are left out. */
export function readUwaziThesauri(text: string, file: string): Map<string, UwaziThesaurus> {
  const all = listOf(parseOutsideJson(text, `the Uwazi thesauri file ${file}`, 'invalid_argument'));
  const out = new Map<string, UwaziThesaurus>();
  all.forEach((t, i) => {
    if ((t as { type?: unknown } | null)?.type === 'template') return;
    const one = uwaziThesaurus.safeParse(t);
    if (!one.success) throw new VigilError('invalid_argument', describeIssues(`the Uwazi thesauri file ${file}, thesaurus ${i + 1}`, one.error.issues));
    out.set(one.data._id, one.data);
  });
  return out;
}

/** Uwazi's property types, and what Vigil keeps each as. A property of any other type is left out, and said so. */
export const uwaziKinds: Record<UwaziPropertyType, { kind: string; multiple?: boolean; member?: 'date' | 'link' }> = {
  text: { kind: 'text' },
  markdown: { kind: 'long-text' },
  numeric: { kind: 'number' },
  date: { kind: 'date' },
  daterange: { kind: 'date' },
  multidate: { kind: 'group', member: 'date' },
  multidaterange: { kind: 'group', member: 'date' },
  select: { kind: 'choice' },
  multiselect: { kind: 'choice', multiple: true },
  relationship: { kind: 'link', multiple: true },
  geolocation: { kind: 'place' },
  link: { kind: 'group', member: 'link' },
  generatedid: { kind: 'text' },
  image: { kind: 'text' },
  media: { kind: 'text' },
  preview: { kind: 'text' },
};

export function isUwaziType(type: string): type is UwaziPropertyType {
  return Object.hasOwn(uwaziKinds, type);
}

/**
 * Labels for words in one language: Uwazi keeps one label per template and translates it
 * elsewhere, so the label is filed under the language its letters show.
 */
export function labelsFor(words: string): { en?: string; ru?: string; kk?: string } {
  const text = words.trim().slice(0, 300) || '?';
  // A label is a few words: its letters say more than a language guess over so little text.
  const language = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/.test(text) ? 'kk' : /\p{Script=Cyrillic}/u.test(text) ? 'ru' : 'en';
  return { [language]: text };
}

/**
 * A key for a name Uwazi gives (a thesaurus, a template): lower-case Latin letters, digits and
 * hyphens, Cyrillic transliterated; a hash of the name when no letter survives.
 */
export function keyOf(name: string): string {
  const ascii = (s: string) =>
    s
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9_]+/g, '-')
      .replace(/^[^a-z]+|[-_]+$/g, '')
      .slice(0, 64)
      .replace(/[-_]+$/, '');
  return ascii(name) || ascii(foldText(name)) || `u-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

/** A term's key: Uwazi's own id for it where it has one that fits, so a re-import finds the same term; else one from its label. */
export function termKeyOf(value: { id?: string; label: string }): string {
  if (value.id && /^[A-Za-z0-9][A-Za-z0-9._()/-]{0,63}$/.test(value.id)) return value.id;
  return keyOf(value.label);
}
