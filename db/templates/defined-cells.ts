import { cellsOf, columnName, plain, type Row } from '../exports/csv-columns.js';
import { labelIn, type FieldDefinition, type GroupMember } from '../shared/definition-schemas.js';
import type { Templates } from './archive-templates.js';

/** Labels in English where a definition has them: what the index and spreadsheet columns read. */
const labelOf = (labels: { en?: string; ru?: string; kk?: string }) => labelIn(labels, 'en');

/** A value as a spreadsheet cell reads it: a term by its label, yes or no, a place by its name. */
function words(templates: Templates, field: FieldDefinition | GroupMember, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (field.kind === 'choice') {
    const terms = templates.terms(field.vocabulary ?? '');
    const label = (key: unknown) => {
      const term = terms.get(String(key))?.term;
      return term ? labelOf(term.labels) : String(key);
    };
    return Array.isArray(value) ? value.map(label) : label(value);
  }
  if (field.kind === 'place') return (value as { name?: string }).name;
  if (field.kind === 'group') {
    return (Array.isArray(value) ? (value as Record<string, unknown>[]) : []).map((entry) =>
      Object.fromEntries(((field as FieldDefinition).fields ?? []).filter((m) => entry[m.key] !== undefined).map((m) => [labelOf(m.labels), words(templates, m, entry[m.key])])),
    );
  }
  return value;
}

/**
 * A record's defined values as spreadsheet cells, one column per field named by its key in
 * snake_case (as Uwazi names template properties), a chosen term by its label, several joined
 * by "|", a place's coordinates as "lat|lon" beside its name. A key that a built-in field's
 * column already holds is prefixed `defined_`.
 */
export function definedCells(templates: Templates, type: string, defined: unknown, into: Row): void {
  if (!defined || typeof defined !== 'object' || Array.isArray(defined)) return;
  const values = defined as Record<string, unknown>;
  const fields = templates.fieldsOf(type);
  for (const key of Object.keys(values)) {
    const field = fields.find((f) => f.key === key);
    const base = key.replaceAll('-', '_');
    const name = Object.hasOwn(into, columnName([base])) ? `defined_${base}` : base;
    if (!field) {
      into[columnName([name])] = plain(values[key]);
      continue;
    }
    const value = words(templates, field, values[key]);
    if (field.kind === 'group') into[columnName([name])] = plain(value);
    else cellsOf([name], value, into);
    const place = values[key] as { lat?: number; lon?: number };
    if (field.kind === 'place' && place.lat !== undefined && place.lon !== undefined) into[`${columnName([name])}_geolocation`] = `${place.lat}|${place.lon}`;
  }
}
