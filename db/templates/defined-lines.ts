import { labelIn, type FieldDefinition, type GroupMember } from '../shared/definition-schemas.js';
import type { Templates } from './archive-templates.js';

/** Labels in English where a definition has them: what the index and spreadsheet columns read. */
const labelOf = (labels: { en?: string; ru?: string; kk?: string }) => labelIn(labels, 'en');

/** A record's defined values as search reads them: lines of words, and filter values by field key. */
export interface DefinedForSearch {
  lines: string[];
  /** [field key, value]: a group's members as "group.member". */
  values: [string, string][];
}

/**
 * A record's defined values for the search index. Lines: "Label: value", labels never keys,
 * and a chosen term in every language it is named in, so "overcrowding" and "переполненность"
 * both find it; links are left out, an id is not a word anyone searches for. Filter values:
 * what `field:value` matches (filterValue).
 */
export function definedForSearch(templates: Templates, type: string, defined: unknown): DefinedForSearch {
  const out: DefinedForSearch = { lines: [], values: [] };
  if (!defined || typeof defined !== 'object' || Array.isArray(defined)) return out;
  const values = defined as Record<string, unknown>;
  for (const field of templates.fieldsOf(type)) {
    if (!Object.hasOwn(values, field.key)) continue;
    if (field.kind === 'group') {
      const entries = Array.isArray(values[field.key]) ? (values[field.key] as Record<string, unknown>[]) : [];
      for (const entry of entries) {
        for (const member of field.fields ?? []) {
          const value = entry?.[member.key];
          const words = valueWords(templates, member, value);
          if (words) out.lines.push(`${labelOf(field.labels)} › ${labelOf(member.labels)}: ${words}`);
          for (const v of filterValues(member, value)) out.values.push([`${field.key}.${member.key}`, v]);
        }
      }
      continue;
    }
    const words = valueWords(templates, field, values[field.key]);
    if (words) out.lines.push(`${labelOf(field.labels)}: ${words}`);
    for (const v of filterValues(field, values[field.key])) out.values.push([field.key, v]);
  }
  return out;
}

/** How a value is kept for filters: a term's key, yes or no, a number, text and place names in lower case (first 200 characters). */
function filterValues(field: FieldDefinition | GroupMember, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  switch (field.kind) {
    case 'choice':
    case 'link':
      return (Array.isArray(value) ? value : [value]).map(String);
    case 'yes-no':
      return [value === true ? 'yes' : 'no'];
    case 'number':
      return [String(value)];
    case 'text':
      return typeof value === 'string' ? [filterText(value)] : [];
    case 'place':
      return typeof (value as { name?: unknown }).name === 'string' ? [filterText((value as { name: string }).name)] : [];
    default:
      return [];
  }
}

/** Text as a filter compares it: trimmed, spaces collapsed, lower case. */
export function filterText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLocaleLowerCase().slice(0, 200);
}

function valueWords(templates: Templates, field: FieldDefinition | GroupMember, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (field.kind) {
    case 'text':
    case 'long-text':
      return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    case 'date':
      return typeof (value as { text?: unknown }).text === 'string' ? (value as { text: string }).text : '';
    case 'yes-no':
      return value === true ? 'yes' : value === false ? 'no' : '';
    case 'place':
      return typeof (value as { name?: unknown }).name === 'string' ? (value as { name: string }).name : '';
    case 'choice': {
      const terms = templates.terms(field.vocabulary ?? '');
      const keys = Array.isArray(value) ? value : [value];
      return keys
        .map((key) => {
          const place = terms.get(String(key));
          if (!place) return String(key);
          // Its broader terms first, so a search for "overcrowding" finds "no bed" chosen under it.
          const broader: string[] = [];
          for (let at = place.parent; at; at = terms.get(at)?.parent) {
            const labels = terms.get(at)!.term.labels;
            broader.unshift([...new Set([labels.en, labels.ru, labels.kk].filter(Boolean))].join(' / '));
          }
          const own = [...new Set([place.term.labels.en, place.term.labels.ru, place.term.labels.kk].filter(Boolean))].join(' / ');
          return [...broader, own].join(' › ');
        })
        .join('; ');
    }
    default:
      return '';
  }
}

/**
 * The start a text or place value must have for `field:value` to match it, when a field of that
 * key holds text: `facility:zhanaozen` finds "Zhanaozen prison colony". Undefined otherwise.
 */
export function fieldFilterPrefix(templates: Templates, key: string, value: string): string | undefined {
  const [fieldKey, memberKey] = key.split('.', 2) as [string, string | undefined];
  const asked = filterText(value);
  if (!asked) return undefined;
  for (const defined of templates.fieldsNamed(fieldKey)) {
    const field = memberKey ? defined.fields?.find((m) => m.key === memberKey) : defined;
    if (field && (field.kind === 'text' || field.kind === 'place')) return asked;
  }
  return undefined;
}

/**
 * The stored values a filter `field:value` matches, for every field of that key: a term by its
 * key or by its label in any language, with every narrower term under it; yes or no in English
 * or Russian; anything else as text compares.
 */
export function fieldFilterValues(templates: Templates, key: string, value: string): string[] {
  const [fieldKey, memberKey] = key.split('.', 2) as [string, string | undefined];
  const wanted = new Set<string>([filterText(value), value]);
  for (const defined of templates.fieldsNamed(fieldKey)) {
    const field = memberKey ? defined.fields?.find((m) => m.key === memberKey) : defined;
    if (!field) continue;
    if (field.kind === 'choice') {
      const terms = templates.terms(field.vocabulary ?? '');
      const asked = filterText(value);
      for (const [termKey, place] of terms) {
        const labels = [termKey, place.term.labels.en, place.term.labels.ru, place.term.labels.kk].filter((l): l is string => Boolean(l)).map(filterText);
        if (labels.includes(asked)) for (const k of [termKey, ...place.descendants]) wanted.add(k);
      }
    } else if (field.kind === 'yes-no') {
      const asked = filterText(value);
      if (['yes', 'true', 'да', 'иә'].includes(asked)) wanted.add('yes');
      if (['no', 'false', 'нет', 'жоқ'].includes(asked)) wanted.add('no');
    }
  }
  return [...wanted];
}
