import { recordFields, type FieldSpec, type RecordField } from '../../../db/shared/record-fields.js';
import type { RecordType } from '../../../db/shared/schemas.js';

/** Shown last: where facts come from and what they link to, after the facts themselves. */
const trailing = ['sources', 'links'];
/** Managed elsewhere: attachments are added by import or by dropping a file, not typed; the organisation's own fields have their own section. */
const hidden = new Set(['attachments', 'defined']);

/** The form of a record type: its fields in reading order. */
export function recordForm(type: RecordType): RecordField[] {
  const fields = recordFields(type).filter((f) => !hidden.has(f.key));
  return [...fields.filter((f) => !trailing.includes(f.key)), ...fields.filter((f) => trailing.includes(f.key))];
}

/**
 * Each record type's form in sections that fold, in the order a monitor fills it: who or what
 * the record is about first, then its substance, then the record's own keeping (summary, tags,
 * country, sensitivity) and where its facts come from. Fields not placed here fall in the last
 * section, so a field added to a schema still appears.
 */
const sectionsOf: Partial<Record<RecordType, [string, string[]][]>> = {
  detainee: [
    ['who', ['title', 'names', 'birth', 'gender', 'citizenship', 'occupation', 'affiliations']],
    ['status', ['status', 'statusNote']],
    ['detention', ['arrests', 'custody', 'incommunicado', 'access', 'health', 'allegations']],
    ['legal', ['charges', 'decisions', 'communications']],
  ],
  trial: [
    ['case', ['title', 'caseNumber', 'court', 'venue', 'status', 'opened']],
    ['people', ['defendants', 'judges', 'prosecutors', 'counsel']],
    ['charges', ['charges']],
    ['outcome', ['verdict', 'sentences']],
  ],
  hearing: [
    ['hearing', ['title', 'trial', 'date', 'start', 'end', 'timeZone', 'observers']],
    ['conditions', ['access', 'publicity', 'language', 'interpretation', 'attendance']],
    ['proceedings', ['indicators', 'testimonies', 'motions']],
  ],
  note: [['note', ['text', 'title', 'hearing', 'observedAt', 'recordedAt', 'sourceKind', 'reliability', 'indicators', 'flags']]],
  report: [
    ['document', ['title', 'kind', 'authors', 'organisations', 'symbol', 'published', 'periodCovered', 'language', 'url']],
    ['text', ['body', 'imported']],
  ],
  case: [
    ['case', ['title', 'mechanism', 'reference', 'opinionNumber', 'status', 'detainees']],
    ['timeline', ['submitted', 'transmitted', 'replies', 'adopted', 'followUp']],
    ['findings', ['findings', 'remedies']],
  ],
  person: [['who', ['title', 'names', 'role', 'birth', 'affiliations', 'contact']]],
  organisation: [['who', ['title', 'names', 'kind', 'url']]],
  event: [['event', ['title', 'date', 'place', 'kind', 'description']]],
  indicator: [['indicator', ['title', 'key', 'basis', 'explanation', 'ru']]],
  'search-words': [['words', ['title', 'kind', 'terms', 'removed']]],
};

export interface FormSection {
  key: string;
  fields: RecordField[];
}

export function formSections(type: RecordType): FormSection[] {
  const fields = recordForm(type);
  const placed = new Set<string>();
  const take = (keys: readonly string[]) =>
    keys.flatMap((key) => {
      const field = fields.find((f) => f.key === key && !placed.has(key));
      if (!field) return [];
      placed.add(key);
      return [field];
    });
  const sections: FormSection[] = (sectionsOf[type] ?? [['record', ['title']]]).map(([key, keys]) => ({ key, fields: take(keys) }));
  const sources = take(trailing);
  const about = take(['summary', 'tags', 'country', 'sensitivity']);
  const rest = fields.filter((f) => !placed.has(f.key));
  return [...sections, { key: 'about', fields: [...about, ...rest] }, { key: 'sources', fields: sources }].filter((s) => s.fields.length);
}

/** An empty value for a new list item. */
export function emptyValue(spec: FieldSpec): unknown {
  if (spec.kind === 'group') return {};
  if (spec.kind === 'list') return [];
  return undefined;
}

/**
 * What the form holds, as the engine takes it: empty text, empty lists and empty groups left
 * out, so an untouched field is absent rather than an error.
 */
export function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value)) {
    const items = value.map(cleanValue).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, cleanValue(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

/** The merge patch turning `before` into `after`: changed fields given, removed fields null. */
export function patchBetween(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(before[key]) === JSON.stringify(value)) continue;
    // A merge patch merges objects: a value taken out of one (a defined field emptied) must be named as null.
    patch[key] = isPlainObject(before[key]) && isPlainObject(value) ? patchBetween(before[key], value) : value;
  }
  return patch;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "arrests.0.date" for the input that showed an issue at that path. */
export function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
