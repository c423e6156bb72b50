import type { RecordField, FieldSpec } from '../../../db/shared/record-fields.js';
import { labelIn } from '../../../db/shared/definition-schemas.js';
import { fuzzyDateInWords } from '../../../db/shared/date-words.js';
import { isFuzzyDate } from '../../../db/shared/schema-parts.js';
import type { RecordType } from '../../../db/shared/schemas.js';
import type { Definitions } from '../shared/use-definitions.js';
type Labels = { en?: string; ru?: string; kk?: string };
type Term = Definitions['vocabularies'][number]['terms'][number];
type DefinedField = Definitions['fields'][number];

export { labelIn };

/** A vocabulary's terms in order, each labelled and indented by depth, for a choice. */
export function termOptions(definitions: Definitions, vocabulary: string, language: string): { options: string[]; labels: Record<string, string> } {
  const options: string[] = [];
  const labels: Record<string, string> = {};
  const walk = (terms: readonly Term[], depth: number) => {
    for (const term of terms) {
      options.push(term.key);
      labels[term.key] = `${'— '.repeat(depth)}${labelIn(term.labels, language)}`;
      walk(term.children ?? [], depth + 1);
    }
  };
  walk(definitions.vocabularies.find((v) => v.key === vocabulary)?.terms ?? [], 0);
  return { options, labels };
}

function specOf(field: DefinedField, definitions: Definitions, language: string): FieldSpec {
  const f = field as DefinedField & { vocabulary?: string; multiple?: boolean; linkTypes?: string[]; fields?: DefinedField[] };
  switch (f.kind) {
    case 'long-text':
      return { kind: 'paragraph', max: 1_000_000 };
    case 'number':
      return { kind: 'number', anyNumber: true };
    case 'date':
      return { kind: 'fuzzyDate' };
    case 'yes-no':
      return { kind: 'yesNo' };
    case 'choice': {
      const choice: FieldSpec = { kind: 'choice', ...termOptions(definitions, f.vocabulary ?? '', language) };
      return f.multiple ? { kind: 'list', item: choice } : choice;
    }
    case 'link': {
      const link: FieldSpec = { kind: 'record', ...(f.linkTypes?.length ? { targets: f.linkTypes as RecordType[] } : {}) };
      return f.multiple ? { kind: 'list', item: link } : link;
    }
    case 'place':
      return {
        kind: 'group',
        fields: [
          { key: 'name', spec: { kind: 'line', max: 500 }, required: true },
          { key: 'lat', spec: { kind: 'number', anyNumber: true }, required: false },
          { key: 'lon', spec: { kind: 'number', anyNumber: true }, required: false },
        ],
      };
    case 'group':
      return { kind: 'list', item: { kind: 'group', fields: (f.fields ?? []).map((member) => fieldOf(member, definitions, language)) } };
    default:
      return { kind: 'line', max: 10_000 };
  }
}

function fieldOf(field: DefinedField, definitions: Definitions, language: string): RecordField {
  const help = (field as { help?: Labels }).help;
  return {
    key: field.key,
    spec: specOf(field, definitions, language),
    required: Boolean((field as { required?: boolean }).required),
    label: labelIn(field.labels, language),
    ...(help ? { description: labelIn(help, language) } : {}),
  };
}

/** The fields an organisation defined on a type, as the form renders them; removed ones are not asked for. */
export function definedFormFields(definitions: Definitions | undefined, type: string, language: string): RecordField[] {
  if (!definitions) return [];
  return definitions.fields.filter((f) => f.of === type && !f.hidden).map((f) => fieldOf(f, definitions, language));
}

/** Every field defined on a type, removed ones too (a record page shows what a record holds). */
export function definedFieldsOf(definitions: Definitions | undefined, type: string): DefinedField[] {
  return definitions?.fields.filter((f) => f.of === type) ?? [];
}

/** A vocabulary's term keys, for checking a form's values as the engine will. */
export function termsOfDefinitions(definitions: Definitions | undefined): (vocabulary: string) => Set<string> {
  return (vocabulary) => {
    const keys = new Set<string>();
    const walk = (terms: readonly Term[]) => {
      for (const term of terms) {
        keys.add(term.key);
        walk(term.children ?? []);
      }
    };
    walk(definitions?.vocabularies.find((v) => v.key === vocabulary)?.terms ?? []);
    return keys;
  };
}

/** "Interviews › 2 › Detainee" for a path into a record's defined values: labels, never keys. */
export function definedPathWords(definitions: Definitions | undefined, type: string, path: readonly PropertyKey[], language: string): string {
  const field = definitions?.fields.find((f) => f.of === type && f.key === path[0]) as (DefinedField & { fields?: DefinedField[] }) | undefined;
  if (!field) return path.map(String).join(' › ');
  const words = [labelIn(field.labels, language)];
  for (const part of path.slice(1)) {
    if (typeof part === 'number') words.push(String(part + 1));
    else words.push(labelIn(field.fields?.find((m) => m.key === part)?.labels ?? { en: String(part) }, language));
  }
  return words.join(' › ');
}

/** A defined value in a list's cell: a term by its label, yes or no, a date as written, a place by its name. */
export function cellWords(definitions: Definitions | undefined, field: DefinedField, value: unknown, language: string, t: (key: string) => string): string {
  if (value === undefined || value === null) return '';
  const one = (v: unknown): string => {
    const f = field as DefinedField & { vocabulary?: string };
    if (f.kind === 'choice') return termOptions(definitions!, f.vocabulary ?? '', language).labels[String(v)]?.replace(/^(— )+/, '') ?? String(v);
    if (f.kind === 'yes-no') return v === true ? t('record.yes') : t('record.no');
    // A date in words, as the record page says it: never as stored (2011-12-16).
    if (f.kind === 'date') return isFuzzyDate(v) ? fuzzyDateInWords(v, language) : String((v as { text?: unknown }).text ?? '');
    if (f.kind === 'place') return String((v as { name?: unknown }).name ?? '');
    return String(v);
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}
