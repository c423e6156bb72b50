import { fuzzyDate, type FuzzyDate } from '../shared/schema-parts.js';
import type { FieldDefinition } from '../shared/definition-schemas.js';
import { dateOf } from '../import/column-fields.js';

/**
 * Uwazi's CSV cells and Vigil's values, both ways, as Uwazi's importer (app/api/csv/typeParsers)
 * reads them and its exporter (csvExporter, typeFormatters) writes them: several values split
 * on "|", a date range "from:to" (its export writes "from~to"), a location "lat|lon", a link
 * "label|url", a child term "Parent::Child".
 */
export const multiValueSeparator = '|';
export const parentChildSeparator = '::';

/** Words Uwazi's importer takes for an empty cell. */
const emptyWords = new Set(['null', 'undefined', 'n/a']);

/** A cell's text, or undefined when Uwazi would read it as empty. */
export function cellText(cell: string | null | undefined): string | undefined {
  const text = cell?.trim();
  return text && !emptyWords.has(text.toLowerCase()) ? text : undefined;
}

export function splitValues(text: string): string[] {
  return text
    .split(multiValueSeparator)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** A date cell as a fuzzy date, or a reason it is not one. */
export function readDate(text: string, dateOrder: 'dmy' | 'mdy'): FuzzyDate | string {
  const parsed = fuzzyDate.safeParse(dateOf(text, { dateOrder }));
  if (!parsed.success || !parsed.data.start) return `"${text}" is not a date Vigil can read (write it as 2021-12-01)`;
  return parsed.data;
}

/**
 * A date range: "from:to" as Uwazi imports it, or "from~to" as it exports it. Either end may be
 * empty. An end before the start is Uwazi's export of an open range (it writes 1970-01-01): read
 * as open.
 */
export function readDateRange(text: string, dateOrder: 'dmy' | 'mdy'): FuzzyDate | string {
  const at = text.includes('~') ? text.indexOf('~') : text.lastIndexOf(':');
  if (at < 0) return readDate(text, dateOrder);
  const fromText = text.slice(0, at).trim();
  const toText = text.slice(at + 1).trim();
  const from = fromText ? readDate(fromText, dateOrder) : undefined;
  let to = toText ? readDate(toText, dateOrder) : undefined;
  if (typeof from === 'string') return from;
  if (typeof to === 'string') return to;
  if (from && to && to.end! < from.start!) to = undefined;
  if (!from && !to) return `"${text}" is not a date range (write it as 2014-01-01:2015-12-31)`;
  const words = [from?.text ?? '…', to?.text ?? '…'].join(' – ');
  return { text: words, ...(from ? { start: from.start } : {}), ...(to ? { end: to.end } : {}) };
}

/** A location "lat|lon" as a place named by its coordinates (Uwazi keeps no name). */
export function readPlace(text: string): { name: string; lat: number; lon: number } | string {
  const [latText, lonText, ...rest] = text.split(multiValueSeparator).map((p) => p.trim());
  const lat = Number(latText);
  const lon = Number(lonText);
  if (rest.length || !latText || !lonText || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return `"${text}" is not a location (write latitude|longitude, such as 43.34|52.86)`;
  }
  return { name: `${lat}, ${lon}`, lat, lon };
}

/** A link "label|url", or a bare address (its own label). */
export function readLink(text: string): { label: string; url: string } | string {
  const at = text.lastIndexOf(multiValueSeparator);
  const label = at < 0 ? text : text.slice(0, at).trim();
  const url = at < 0 ? text : text.slice(at + 1).trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^\s/]+/i.test(url)) return `"${url}" is not a web address with its host (such as https://example.org/page)`;
  return { label: label || url, url };
}

/** The first day a fuzzy date means, as Uwazi reads dates (YYYY-MM-DD); its words if it has none. */
function dayOf(date: FuzzyDate | undefined): string {
  return date?.start ?? date?.end ?? date?.text ?? '';
}

/**
 * A value as Uwazi's CSV import reads it for a property of that type. `termLabel` names a term
 * ("Parent::Child" for a child, Uwazi's two levels); `titleOf` names a linked record.
 */
export function writeCell(
  field: Pick<FieldDefinition, 'kind' | 'multiple' | 'uwazi' | 'fields'>,
  value: unknown,
  termLabel: (key: string) => string,
  titleOf: (id: string) => string | undefined,
): string {
  if (value === undefined || value === null) return '';
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
  switch (field.kind) {
    case 'text':
    case 'long-text':
      return typeof value === 'string' ? value : '';
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    case 'yes-no':
      return value === true ? 'Yes' : value === false ? 'No' : '';
    case 'date': {
      const date = value as FuzzyDate;
      if (field.uwazi === 'daterange') return `${date.start ?? ''}:${date.end ?? ''}`;
      return dayOf(date);
    }
    case 'place': {
      const place = value as { name: string; lat?: number; lon?: number };
      // Uwazi holds coordinates only: a place without them has nothing Uwazi can read.
      return place.lat !== undefined && place.lon !== undefined ? `${place.lat}|${place.lon}` : '';
    }
    case 'choice':
      return list(value)
        .map((k) => termLabel(String(k)))
        .join(multiValueSeparator);
    case 'link':
      return list(value)
        .map((id) => titleOf(String(id)))
        .filter((t): t is string => Boolean(t))
        .join(multiValueSeparator);
    case 'group': {
      const entries = list(value) as Record<string, unknown>[];
      const member = field.fields?.[0];
      if (field.uwazi === 'link') {
        const first = entries[0] as { label?: string; url?: string } | undefined;
        return first?.url ? (first.label && first.label !== first.url ? `${first.label}|${first.url}` : first.url) : '';
      }
      if ((field.uwazi === 'multidate' || field.uwazi === 'multidaterange') && member) {
        return entries
          .map((e) => e[member.key] as FuzzyDate | undefined)
          .filter((d): d is FuzzyDate => Boolean(d))
          .map((d) => (field.uwazi === 'multidaterange' ? `${d.start ?? ''}:${d.end ?? ''}` : dayOf(d)))
          .join(multiValueSeparator);
      }
      // Uwazi has no repeating groups: each entry's values in words, entries apart by "|".
      return entries
        .map((e) =>
          (field.fields ?? [])
            .map((m) => {
              const v = e[m.key];
              const shown = m.kind === 'group' ? '' : writeCell(m, v, termLabel, titleOf);
              return shown ? `${m.key}: ${shown.replaceAll(multiValueSeparator, ', ')}` : '';
            })
            .filter(Boolean)
            .join('; '),
        )
        .filter(Boolean)
        .join(multiValueSeparator);
    }
  }
}
