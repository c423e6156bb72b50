import { fuzzyDateInWords } from '../shared/date-words.js';
import { labelIn, type FieldDefinition, type GroupMember } from '../shared/definition-schemas.js';
import { isFuzzyDate } from '../shared/schema-parts.js';
import type { Templates } from './archive-templates.js';

/** A defined type's name in a language; its key if the archive no longer defines it. */
export function definedTypeName(templates: Templates, type: string, language: string): string {
  const defined = templates.types.get(type);
  return defined ? labelIn(defined.labels, language) : type;
}

interface Words {
  yes: string;
  no: string;
  titleOf: (id: string) => string | undefined;
}

function said(templates: Templates, field: FieldDefinition | GroupMember, value: unknown, language: string, words: Words): string {
  if (value === undefined || value === null || value === '') return '';
  if (Array.isArray(value) && field.kind !== 'group')
    return value
      .map((v) => said(templates, { ...field, multiple: false }, v, language, words))
      .filter(Boolean)
      .join('; ');
  switch (field.kind) {
    case 'choice': {
      const term = templates.terms(field.vocabulary ?? '').get(String(value))?.term;
      return term ? labelIn(term.labels, language) : String(value);
    }
    case 'yes-no':
      return value === true ? words.yes : words.no;
    case 'date':
      return isFuzzyDate(value) ? fuzzyDateInWords(value, language) : String(value);
    case 'link':
      return words.titleOf(String(value)) ?? '';
    case 'place': {
      const place = value as { name?: string; lat?: number; lon?: number };
      return place.lat !== undefined && place.lon !== undefined ? `${place.name ?? ''} (${place.lat}, ${place.lon})` : (place.name ?? '');
    }
    case 'group':
      return '';
    default:
      return String(value);
  }
}

/**
 * A record's defined values for a document (HTML, Word): facts as [label, words] in the
 * document's language, and each repeating group as its label with one line per entry
 * ("Detainee: R. Akhmetov; Complaints: …"). Labels, never keys; a term by its label.
 */
export function definedFacts(
  templates: Templates,
  type: string,
  defined: unknown,
  language: string,
  words: Words,
): { facts: [string, string][]; groups: { label: string; entries: string[] }[] } {
  const out = { facts: [] as [string, string][], groups: [] as { label: string; entries: string[] }[] };
  if (!defined || typeof defined !== 'object' || Array.isArray(defined)) return out;
  const values = defined as Record<string, unknown>;
  for (const field of templates.fieldsOf(type)) {
    const value = values[field.key];
    if (value === undefined) continue;
    if (field.kind === 'group') {
      const entries = (Array.isArray(value) ? (value as Record<string, unknown>[]) : [])
        .map((entry) =>
          (field.fields ?? [])
            .map((m) => [labelIn(m.labels, language), said(templates, m, entry[m.key], language, words)] as const)
            .filter(([, v]) => v)
            .map(([l, v]) => `${l}: ${v}`)
            .join('; '),
        )
        .filter(Boolean);
      if (entries.length) out.groups.push({ label: labelIn(field.labels, language), entries });
      continue;
    }
    const text = said(templates, field, value, language, words);
    if (text) out.facts.push([labelIn(field.labels, language), text]);
  }
  return out;
}
