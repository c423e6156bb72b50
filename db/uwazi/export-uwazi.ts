import { stringify } from 'csv-stringify/sync';
import { VigilError } from '../errors.js';
import { labelIn, type FieldDefinition } from '../shared/definition-schemas.js';
import type { Archive } from '../store/archive.js';
import { archiveTemplates } from '../templates/archive-templates.js';
import { countryName } from '../shared/countries.js';
import { parentChildSeparator, writeCell } from './uwazi-cells.js';
import { safeName } from './import-uwazi.js';

/**
 * The CSV column Uwazi's import reads a field from: the property's name. A field imported from
 * Uwazi keeps that name as its key; a field defined here is named as Uwazi names a property
 * made from the key (lower case, "_" for anything else), a location with Uwazi's
 * "_geolocation" ending.
 */
export function uwaziColumn(field: Pick<FieldDefinition, 'key' | 'kind' | 'uwazi'>): string {
  const name = safeName(field.key);
  return field.kind === 'place' && !field.uwazi && !name.endsWith('_geolocation') ? `${name}_geolocation` : name;
}

/**
 * The records of one type as a CSV that Uwazi's CSV import reads into a template with these
 * properties: a `title` column, the record's country (by name, for Uwazi's country select),
 * then one column per field by property name; several values
 * apart by "|", a child term as "Parent::Child" (a term deeper than Uwazi's two levels under
 * its top-level term), dates as YYYY-MM-DD (read whatever the collection's date format), a
 * date range as from:to, a place as lat|lon, a relationship as the titles of the records it
 * names. No id column: Uwazi takes `id` for its own entities' ids. Words in `language`.
 */
export function uwaziCsv(archive: Archive, type: string, ids: readonly string[], language: string): { text: string; records: number } {
  const templates = archiveTemplates(archive.db);
  if (!templates.isType(type)) throw new VigilError('invalid_argument', `this archive has no record type "${type}"`);
  const fields = templates.fieldsOf(type);
  const termLabels = new Map<string, Map<string, string>>();
  const termLabel = (vocabulary: string) => {
    let labels = termLabels.get(vocabulary);
    if (!labels) {
      labels = new Map();
      for (const [key, place] of templates.terms(vocabulary)) {
        let top = place;
        while (top.parent) top = templates.terms(vocabulary).get(top.parent)!;
        const own = labelIn(place.term.labels, language);
        labels.set(key, top === place ? own : `${labelIn(top.term.labels, language)}${parentChildSeparator}${own}`);
      }
      termLabels.set(vocabulary, labels);
    }
    return (key: string) => labels.get(key) ?? key;
  };
  const titleOf = (id: string) => archive.records.describe(id)?.title;
  const views = ids.map((id) => archive.records.get(id)).filter((v) => v.type === type);
  // The record's own country, as Uwazi's country select names it, unless a field of the type holds one.
  const country = !fields.some((f) => f.key === 'country') && views.some((v) => (v.data as { country?: string }).country);
  const header = ['title', ...(country ? ['country'] : []), ...fields.map(uwaziColumn)];
  const rows: string[][] = [header];
  let records = 0;
  for (const view of views) {
    const defined = (view.data as { defined?: Record<string, unknown> }).defined ?? {};
    const code = (view.data as { country?: string }).country;
    rows.push([
      String((view.data as { title: string }).title),
      ...(country ? [code ? countryName(code, language) : ''] : []),
      ...fields.map((f) =>
        writeCell(
          f,
          defined[f.key],
          f.kind === 'choice'
            ? termLabel(f.vocabulary!)
            : (key) => {
                const member = f.fields?.find((m) => m.kind === 'choice');
                return member ? termLabel(member.vocabulary!)(key) : key;
              },
          titleOf,
        ),
      ),
    ]);
    records++;
  }
  return {
    text: stringify(
      rows.map((row) => row.map(inert)),
      { eof: true, record_delimiter: 'unix' },
    ),
    records,
  };
}

/**
 * A cell a spreadsheet opening the file would not run as a formula: one starting with = @ or a
 * control character, or + or - before anything but a number or coordinates, gets a leading
 * apostrophe. Numbers and lat|lon (-33.86|151.2) stay as Uwazi reads them.
 */
function inert(cell: string): string {
  if (/^[=@\t\r]/.test(cell)) return `'${cell}`;
  if (/^[+-]/.test(cell) && !/^[+-]?\d+(\.\d+)?(\|[+-]?\d+(\.\d+)?)?$/.test(cell)) return `'${cell}`;
  return cell;
}
