import { createHash } from 'node:crypto';
import { VigilError } from '../errors.js';
import { readCsv, type Table } from '../import/read-table.js';
import { importLimits } from '../import/import-limits.js';
import { countryCodeNamed } from '../shared/countries.js';
import { recordTypes as builtInTypes, type RecordType } from '../shared/schemas.js';
import { labelIn, type FieldDefinition, type VocabularyTerm } from '../shared/definition-schemas.js';
import type { Archive } from '../store/archive.js';
import { applyTemplate } from '../templates/apply-template.js';
import { archiveTemplates, type DefinedField, type Templates } from '../templates/archive-templates.js';
import type { TemplateFile } from '../templates/template-file.js';
import { cellText, parentChildSeparator, readDate, readDateRange, readLink, readPlace, splitValues } from './uwazi-cells.js';
import {
  isUwaziType,
  keyOf,
  labelsFor,
  readUwaziTemplate,
  readUwaziThesauri,
  termKeyOf,
  uwaziKinds,
  type UwaziTemplate,
  type UwaziThesaurus,
  type UwaziThesaurusValue,
} from './uwazi-template.js';

export interface UwaziImportOptions {
  /** The record type rows become: defined from the template when the archive does not have it. */
  type: string;
  /** Uwazi's template (its /api/templates answer or one template), as text, and the file it came from. */
  template?: { text: string; file: string };
  /** Uwazi's thesauri (/api/thesauris), so terms keep Uwazi's ids and every label. */
  thesauri?: { text: string; file: string };
  dateOrder?: 'dmy' | 'mdy';
  dryRun?: boolean;
  /** The new type's name, when the import defines it; the template's name otherwise. */
  name?: string;
}

export interface UwaziImportOutcome {
  type: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows whose record was deleted here: left deleted. */
  deletedHere: number;
  /** Records created for relationship titles no row or record had. */
  linkedCreated: number;
  /** Each column and what it fills: a field (with its labels), the title, (id) or (date_added), or null. */
  columns: { header: string; field: string | null; labels?: { en?: string; ru?: string; kk?: string }; why?: string }[];
  definitions: { fields: number; terms: number; types: number };
  /** What else was left out (properties, relationship titles), each in one line. */
  notes: string[];
}

/** Uwazi's safe name of a header: what its importer compares with property names. */
export function safeName(header: string): string {
  return header
    .trim()
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase();
}

/** The record id of an Uwazi entity in one archive type: the same on every import and every laptop, so a re-import updates it. */
export function uwaziRecordId(type: string, identity: string): string {
  const hex = createHash('sha256').update(`vigil uwazi\u0000${type}\u0000${identity}`).digest('hex');
  // An RFC 9562 version 8 UUID: made from a name, by a method of our own.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Columns Uwazi's export writes that hold no property; Uwazi's own import leaves them out too. */
const uwaziFixedColumns = new Set(['date_added', 'template', 'documents', 'attachments', 'published', 'file']);

interface Plan {
  template: TemplateFile;
  fieldsAdded: number;
  /** Terms of Uwazi's thesauri the archive did not have. */
  termsAdded: number;
  typesAdded: number;
  notes: string[];
}

/**
 * Imports an Uwazi CSV of entities as records of one type. With Uwazi's template, its
 * properties become fields (text, markdown, numeric, date, date range, several dates, select,
 * multiselect, relationship, geolocation, link, generated id) and its thesauri vocabularies;
 * fields already defined are kept as they are. Each row's record id comes from the entity's
 * `id` column (Uwazi's shared id) or else its title and date added, so importing the same file
 * again updates the records rather than adding them twice; an empty cell never clears a value,
 * as in Uwazi. Everything is one write: a row that cannot be read refuses the file, naming the
 * row, and nothing is written.
 */
export async function importUwaziCsv(archive: Archive, bytes: Uint8Array, file: string, options: UwaziImportOptions): Promise<UwaziImportOutcome> {
  const type = options.type;
  const dateOrder = options.dateOrder ?? 'dmy';
  const table = await readCsv(bytes, importLimits);
  const before = archiveTemplates(archive.db);
  const uwazi = options.template ? readUwaziTemplate(options.template.text, options.template.file, type) : undefined;
  const thesauri = options.thesauri ? readUwaziThesauri(options.thesauri.text, options.thesauri.file) : new Map<string, UwaziThesaurus>();
  if (!uwazi && !before.isType(type)) throw new VigilError('invalid_argument', `this archive has no record type "${type}": give Uwazi's template with --template FILE.json`);
  if (!uwazi && !before.fieldsOf(type).length && (builtInTypes as string[]).includes(type))
    throw new VigilError('invalid_argument', `${type} has no fields from Uwazi here: give Uwazi's template with --template FILE.json`);

  const plan = uwazi ? planDefinitions(before, type, uwazi, thesauri, options.name) : { template: {}, fieldsAdded: 0, termsAdded: 0, typesAdded: 0, notes: [] };
  const fields = new Map<string, FieldDefinition>();
  for (const f of before.fieldsOf(type)) fields.set(f.key, f);
  for (const f of plannedFields(plan.template, type)) if (!fields.has(f.key)) fields.set(f.key, f);
  const vocabularies = vocabularyTerms(before, plan.template);

  const columns = mapHeaders(table, [...fields.values()], uwazi);
  const notes = [...plan.notes];

  if (!columns.some((c) => c.field === 'title')) throw new VigilError('invalid_argument', `${file} has no title column (Uwazi's CSV names it "title" or "Title")`);

  // Rows read into values; terms the file names that no vocabulary has are added, as Uwazi's import does.
  const newTerms = new Map<string, VocabularyTerm[]>();
  const relationTitles: { row: number; field: FieldDefinition; titles: string[]; values: Record<string, unknown> }[] = [];
  const seen = new Map<string, number>();
  const rows = table.rows.map((row) => {
    const cell = (header: number) => cellText(row.cells[header] === null ? undefined : String(row.cells[header]));
    const where = `row ${row.number}`;
    const values: Record<string, unknown> = {};
    let title: string | undefined;
    let sharedId: string | undefined;
    let added: string | undefined;
    let country: string | undefined;
    for (const column of columns) {
      const text = cell(column.index);
      if (!text) continue;
      if (column.identity === 'id') sharedId = text;
      else if (column.identity === 'date_added') added = text;
      else if (column.field === 'title') title = text.replace(/\s+/g, ' ');
      else if (column.field === 'country' && !fields.has('country')) {
        const code = countryCodeOf(text);
        if (code instanceof Unreadable) throw new VigilError('invalid_argument', `${file}, ${where}, column "${column.header}": ${code.reason}`);
        country = code;
      } else if (column.field) {
        const field = fields.get(column.field)!;
        const value = readValue(field, text, dateOrder, (label) => termFor(vocabularies, newTerms, field.vocabulary!, label));
        if (value instanceof Unreadable) throw new VigilError('invalid_argument', `${file}, ${where}, column "${column.header}": ${value.reason}`);
        if (field.kind === 'link') relationTitles.push({ row: row.number, field, titles: value as string[], values });
        else values[field.key] = value;
      }
    }
    if (!title) throw new VigilError('invalid_argument', `${file}, ${where}: no title`);
    const base = sharedId ?? `${title}\u0000${added ?? ''}`;
    const nth = (seen.get(base) ?? 0) + 1;
    seen.set(base, nth);
    return { number: row.number, id: uwaziRecordId(type, nth > 1 ? `${base}\u0000${nth}` : base), title, values, ...(country ? { country } : {}) };
  });

  // Relationships name entities by title: this file's rows, then records here; Uwazi creates a
  // missing one when the property names its template, and so does this import.
  const rowIds = new Map(rows.map((r) => [r.title, r.id]));
  const linkedToCreate = new Map<string, { type: string; title: string }>();
  for (const relation of relationTitles) {
    const ids: string[] = [];
    for (const title of relation.titles) {
      const target = relation.field.linkTypes?.length === 1 ? relation.field.linkTypes[0]! : undefined;
      const found = (target === type || !target ? rowIds.get(title) : undefined) ?? recordTitled(archive, title, relation.field.linkTypes);
      if (found) ids.push(found);
      else if (target) {
        const id = uwaziRecordId(target, `${title}\u0000`);
        linkedToCreate.set(id, { type: target, title });
        ids.push(id);
      } else notes.push(`row ${relation.row}: "${title}" (${labelIn(relation.field.labels, 'en')}) names no record here; left out`);
    }
    // A link field of one record takes the first named.
    if (ids.length) relation.values[relation.field.key] = relation.field.multiple ? [...new Set(ids)] : ids[0];
  }

  for (const [vocabulary, terms] of newTerms) addTermsToTemplate(plan.template, before, vocabulary, terms);
  const outcome: UwaziImportOutcome = {
    type,
    rows: rows.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    deletedHere: 0,
    linkedCreated: 0,
    columns: columns.map((c) => {
      const labels = c.field && c.field !== 'title' ? fields.get(c.field)?.labels : undefined;
      return { header: c.header, field: c.field ?? (c.identity ? `(${c.identity})` : null), ...(labels ? { labels } : {}), ...(c.why ? { why: c.why } : {}) };
    }),
    definitions: { fields: plan.fieldsAdded, terms: plan.termsAdded + countNew([...newTerms.values()].flat()), types: plan.typesAdded },
    notes,
  };
  if (options.dryRun) return outcome;

  archive.writes.write(
    () => {
      if (Object.keys(plan.template).length) applyTemplate(archive, plan.template);
      const state = (id: string) => archive.db.prepare('SELECT deleted FROM records WHERE id = ?').pluck().get(id) as number | undefined;
      const linked = [...linkedToCreate].filter(([id]) => state(id) === undefined && !rows.some((r) => r.id === id));
      if (linked.length) {
        archive.records.createMany(
          linked.map(([, l]) => ({ type: l.type as RecordType, data: { title: l.title } })),
          { ids: linked.map(([id]) => id), auditEach: false },
        );
        outcome.linkedCreated = linked.length;
      }
      const fresh: typeof rows = [];
      for (const row of rows) {
        const was = state(row.id);
        if (was === undefined) fresh.push(row);
        else if (was) outcome.deletedHere++;
        else {
          const revision = archive.records.get(row.id).revision;
          const patch = { title: row.title, ...(row.country ? { country: row.country } : {}), ...(Object.keys(row.values).length ? { defined: row.values } : {}) };
          try {
            if (archive.records.update(row.id, patch).revision === revision) outcome.unchanged++;
            else outcome.updated++;
          } catch (err) {
            if (err instanceof VigilError) throw new VigilError(err.code, `${file}, row ${row.number}: ${err.message}`);
            throw err;
          }
        }
      }
      if (fresh.length) {
        // Links wait until every record they may name exists: a row names another row of the file.
        const linkKeys = [...fields.values()].filter((f) => f.kind === 'link').map((f) => f.key);
        const unlinked = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([k]) => !linkKeys.includes(k)));
        try {
          archive.records.createMany(
            fresh.map((r) => {
              const values = unlinked(r.values);
              return {
                type: type as RecordType,
                data: { title: r.title, ...(r.country ? { country: r.country } : {}), ...(Object.keys(values).length ? { defined: values } : {}) },
              };
            }),
            { ids: fresh.map((r) => r.id), auditEach: false },
          );
          for (const r of fresh) {
            const links = Object.fromEntries(Object.entries(r.values).filter(([k]) => linkKeys.includes(k)));
            if (Object.keys(links).length) archive.records.update(r.id, { defined: links });
          }
        } catch (err) {
          // createMany names the item; the file's row is what a person finds.
          const item = err instanceof VigilError ? /^item (\d+): /.exec(err.message) : null;
          if (item) throw new VigilError((err as VigilError).code, `${file}, row ${fresh[Number(item[1]) - 1]!.number}: ${(err as VigilError).message.slice(item[0].length)}`);
          throw err;
        }
        outcome.created = fresh.length;
      }
    },
    { audit: () => ({ action: 'import.file', detail: { file: file.split(/[\\/]/).pop(), format: 'uwazi-csv', type, records: outcome.created + outcome.updated } }) },
  );
  return outcome;
}

/** Terms added: a parent the archive has, named only to hold new children, has no labels yet and is not counted. */
function countNew(terms: readonly VocabularyTerm[]): number {
  return terms.reduce((n, t) => n + (Object.keys(t.labels).length ? 1 : 0) + countNew(t.children ?? []), 0);
}

/**
 * A country named as Uwazi's thesauri name them (Kazakhstan, Казахстан, "Central Asia::Kazakhstan")
 * or by its code, as Vigil's country code. One country: Vigil keeps one per record.
 */
function countryCodeOf(text: string): string | Unreadable {
  const names = splitValues(text);
  if (names.length > 1) return new Unreadable(`"${text}" names several countries; a record has one`);
  const code = countryCodeNamed((names[0] ?? '').split(parentChildSeparator).pop()!);
  return code ?? new Unreadable(`"${text}" is not a country Vigil knows: write its name in English or Russian, or its two-letter code`);
}

/** A record here with this exact title, of one of the types given (any documented type when none). */
function recordTitled(archive: Archive, title: string, types: readonly string[] | undefined): string | undefined {
  const row = types?.length
    ? archive.db
        .prepare(`SELECT id FROM records WHERE deleted = 0 AND title = ? AND type IN (${types.map(() => '?').join(',')}) ORDER BY id LIMIT 1`)
        .pluck()
        .get(title, ...types)
    : archive.db
        .prepare(`SELECT id FROM records WHERE deleted = 0 AND title = ? AND type NOT IN ('vocabulary', 'record-type', 'field', 'search-words') ORDER BY id LIMIT 1`)
        .pluck()
        .get(title);
  return row as string | undefined;
}

/** A cell as the value of its field, or the reason it cannot be. A relationship gives the titles it names. */
function readValue(field: FieldDefinition, text: string, dateOrder: 'dmy' | 'mdy', term: (label: string) => string | { error: string }): unknown {
  const value = readCell(field, text, dateOrder, term);
  // The cell readers give a reason as text where a value would be an object or a number.
  return typeof value === 'string' && !['text', 'long-text', 'choice'].includes(field.kind) ? new Unreadable(value) : value;
}

/** Why a cell cannot be read. */
class Unreadable {
  constructor(readonly reason: string) {}
}

function readCell(field: FieldDefinition, text: string, dateOrder: 'dmy' | 'mdy', term: (label: string) => string | { error: string }): unknown {
  switch (field.kind) {
    case 'text':
      // Uwazi's importer folds a text property's lines into one.
      return field.uwazi === 'text' ? text.replace(/\s+/g, ' ') : text;
    case 'long-text':
      return text;
    case 'number': {
      const n = Number(text.replace(/\s/g, ''));
      return Number.isFinite(n) ? n : `"${text}" is not a number`;
    }
    case 'yes-no': {
      const word = text.toLowerCase();
      if (['yes', 'true', 'да', 'иә', '1'].includes(word)) return true;
      if (['no', 'false', 'нет', 'жоқ', '0'].includes(word)) return false;
      return `"${text}" is not yes or no`;
    }
    case 'date':
      return field.uwazi === 'daterange' ? readDateRange(text, dateOrder) : readDate(text, dateOrder);
    case 'place':
      return readPlace(text);
    case 'choice': {
      const labels = field.multiple ? splitValues(text) : [text];
      const keys: string[] = [];
      for (const label of labels) {
        const key = term(label);
        if (typeof key !== 'string') return new Unreadable(key.error);
        if (!keys.includes(key)) keys.push(key);
      }
      return field.multiple ? keys : keys[0];
    }
    case 'link':
      return field.multiple ? splitValues(text) : [text];
    case 'group': {
      const member = field.fields?.[0];
      if (field.uwazi === 'link') {
        const link = readLink(text);
        return typeof link === 'string' ? link : [link];
      }
      if (member && (field.uwazi === 'multidate' || field.uwazi === 'multidaterange')) {
        const entries: Record<string, unknown>[] = [];
        for (const part of splitValues(text)) {
          const date = field.uwazi === 'multidaterange' ? readDateRange(part, dateOrder) : readDate(part, dateOrder);
          if (typeof date === 'string') return date;
          entries.push({ [member.key]: date });
        }
        return entries;
      }
      return `a repeating group of fields is not read from an Uwazi CSV`;
    }
  }
}

interface VocabularyIndex {
  /** Lower-case label (any language) → key, at the top level and under each parent. */
  top: Map<string, string>;
  under: Map<string, Map<string, string>>;
  keys: Set<string>;
}

/** The terms of every vocabulary the import can choose from: the archive's, and those its template brings. */
function vocabularyTerms(templates: Templates, planned: TemplateFile): Map<string, VocabularyIndex> {
  const out = new Map<string, VocabularyIndex>();
  const add = (vocabulary: string, terms: readonly VocabularyTerm[]) => {
    const index = out.get(vocabulary) ?? { top: new Map(), under: new Map(), keys: new Set<string>() };
    out.set(vocabulary, index);
    const walk = (list: readonly VocabularyTerm[], parent: string | undefined) => {
      for (const t of list) {
        index.keys.add(t.key);
        const map = parent ? (index.under.get(parent) ?? new Map<string, string>()) : index.top;
        if (parent) index.under.set(parent, map);
        for (const l of [t.labels.en, t.labels.ru, t.labels.kk, t.key]) if (l && !map.has(l.toLowerCase())) map.set(l.toLowerCase(), t.key);
        walk(t.children ?? [], t.key);
      }
    };
    walk(terms, undefined);
  };
  for (const [key, v] of templates.vocabularies) add(key, v.terms);
  for (const v of planned.vocabularies ?? []) add(v.key, v.terms);
  return out;
}

/**
 * The key of the term a label names: "Label" at the top level (or, as Vigil's terms nest
 * deeper than Uwazi's two levels, anywhere it is the only term so named), "Parent::Child" under
 * its parent. A label no term has becomes a new term, its parent too.
 */
function termFor(index: Map<string, VocabularyIndex>, added: Map<string, VocabularyTerm[]>, vocabulary: string, label: string): string | { error: string } {
  const terms = index.get(vocabulary) ?? { top: new Map(), under: new Map(), keys: new Set<string>() };
  index.set(vocabulary, terms);
  const parts = label.split(parentChildSeparator).map((p) => p.trim().replace(/\s+/g, ' '));
  if (parts.length > 2 || parts.some((p) => !p)) return { error: `"${label}" is not a term: write a label, or Parent::Child` };
  const fresh = (words: string, parent?: string): string => {
    let key = keyOf(words);
    for (let n = 2; terms.keys.has(key); n++) key = `${keyOf(words).slice(0, 60)}-${n}`;
    terms.keys.add(key);
    const term: VocabularyTerm = { key, labels: labelsFor(words) };
    const list = added.get(vocabulary) ?? [];
    added.set(vocabulary, list);
    if (parent) {
      const holder = list.find((t) => t.key === parent);
      if (holder) holder.children = [...(holder.children ?? []), term];
      else list.push({ key: parent, labels: {}, children: [term] });
    } else list.push(term);
    const map = parent ? (terms.under.get(parent) ?? new Map<string, string>()) : terms.top;
    if (parent) terms.under.set(parent, map);
    map.set(words.toLowerCase(), key);
    return key;
  };
  if (parts.length === 1) {
    const words = parts[0]!.toLowerCase();
    const top = terms.top.get(words);
    if (top) return top;
    const deeper = [...terms.under.values()].map((m) => m.get(words)).filter((k): k is string => Boolean(k));
    if (deeper.length === 1) return deeper[0]!;
    return fresh(parts[0]!);
  }
  const parent = terms.top.get(parts[0]!.toLowerCase()) ?? fresh(parts[0]!);
  return terms.under.get(parent)?.get(parts[1]!.toLowerCase()) ?? fresh(parts[1]!, parent);
}

/** New terms into the template: under a parent the archive has, that parent named with its labels as they are (terms merge by key). */
function addTermsToTemplate(template: TemplateFile, templates: Templates, vocabulary: string, terms: VocabularyTerm[]): void {
  const planned = template.vocabularies?.find((v) => v.key === vocabulary);
  const existing = templates.vocabularies.get(vocabulary);
  const labelsOfKey = (key: string) => {
    const place = templates.terms(vocabulary).get(key);
    return place?.term.labels ?? planned?.terms.find((t) => t.key === key)?.labels ?? { en: key };
  };
  const withLabels = terms.map((t) => (Object.keys(t.labels).length ? t : { ...t, labels: labelsOfKey(t.key) }));
  if (planned) {
    for (const t of withLabels) {
      const holder = planned.terms.find((p) => p.key === t.key);
      if (holder) holder.children = [...(holder.children ?? []), ...(t.children ?? [])];
      else planned.terms.push(t);
    }
    return;
  }
  template.vocabularies = [...(template.vocabularies ?? []), { key: vocabulary, labels: existing?.labels ?? { en: vocabulary }, terms: withLabels }];
}

function plannedFields(template: TemplateFile, type: string): FieldDefinition[] {
  const inType = (template.types ?? []).find((t) => t.key === type)?.fields ?? [];
  const added = (template.fields ?? []).filter((f) => f.type === type);
  return [...inType, ...added].map((f) => ({ ...f, of: type, title: '' }) as unknown as FieldDefinition);
}

/** What the archive needs defined for the template: the type, fields it lacks, vocabularies for selects. */
function planDefinitions(templates: Templates, type: string, uwazi: UwaziTemplate, thesauri: Map<string, UwaziThesaurus>, name: string | undefined): Plan {
  const template: TemplateFile = {};
  const notes: string[] = [];
  const fields: TemplateFile['fields'] = [];
  const vocabularyFor = new Map<string, string>();
  const vocabularies: NonNullable<TemplateFile['vocabularies']> = [];
  for (const property of uwazi.properties) {
    const label = property.label?.trim() || property.name;
    if (!isUwaziType(property.type)) {
      notes.push(`property "${label}" (${property.type}) left out: Vigil keeps no ${property.type} values`);
      continue;
    }
    const key = /^[a-z][a-z0-9_-]{0,63}$/.test(property.name) ? property.name : keyOf(property.name);
    if (templates.field(type, key)) continue;
    // Every record has a country of its own (lists show it, filters take it): Uwazi's is read into it.
    if (isCountryProperty(property)) continue;
    const how = uwaziKinds[property.type];
    const field: Record<string, unknown> = { type, key, kind: how.kind, labels: labelsFor(label), uwazi: property.type, ...(how.multiple ? { multiple: true } : {}) };
    if (how.kind === 'choice') {
      const thesaurus = property.content ? thesauri.get(property.content) : undefined;
      const name = thesaurus?.name ?? label;
      // A thesaurus is a vocabulary of its own, even named like one Vigil ships ("Violations").
      const named = thesaurus ? keyOf(thesaurus.name) : key;
      const vocabularyKey = vocabularyFor.get(property.content ?? key) ?? (templates.vocabularies.get(named)?.shipped ? `uwazi-${named}`.slice(0, 64) : named);
      vocabularyFor.set(property.content ?? key, vocabularyKey);
      if (!templates.vocabularies.has(vocabularyKey) && !vocabularies.some((v) => v.key === vocabularyKey)) {
        vocabularies.push({ key: vocabularyKey, labels: labelsFor(name), terms: thesaurus ? thesaurusTerms(thesaurus.values) : [] });
      } else if (thesaurus) {
        const planned = vocabularies.find((v) => v.key === vocabularyKey);
        if (!planned) vocabularies.push({ key: vocabularyKey, labels: templates.vocabularies.get(vocabularyKey)!.labels, terms: thesaurusTerms(thesaurus.values) });
      }
      field.vocabulary = vocabularyKey;
    }
    if (how.kind === 'link' && property.content && property.content === uwazi._id) field.linkTypes = [type];
    if (how.member === 'date')
      field.fields = [{ key: 'date', kind: 'date', labels: property.type === 'multidaterange' ? { en: 'Dates', ru: 'Даты' } : { en: 'Date', ru: 'Дата' } }];
    if (how.member === 'link')
      field.fields = [
        { key: 'label', kind: 'text', labels: { en: 'Label', ru: 'Подпись' } },
        { key: 'url', kind: 'text', labels: { en: 'Web address', ru: 'Адрес' } },
      ];
    fields.push(field as NonNullable<TemplateFile['fields']>[number]);
  }
  let typesAdded = 0;
  if (!templates.isType(type)) {
    template.types = [{ key: type, labels: labelsFor(name ?? uwazi.name) }];
    typesAdded = 1;
  }
  if (vocabularies.length) template.vocabularies = vocabularies;
  if (fields.length) template.fields = fields;
  const had = (vocabulary: string, key: string) => templates.terms(vocabulary).has(key);
  const fresh = (vocabulary: string, terms: readonly VocabularyTerm[]): number =>
    terms.reduce((n, t) => n + (had(vocabulary, t.key) ? 0 : 1) + fresh(vocabulary, t.children ?? []), 0);
  const termsAdded = vocabularies.reduce((n, v) => n + fresh(v.key, v.terms), 0);
  return { template, fieldsAdded: fields.length, termsAdded, typesAdded, notes };
}

/** An Uwazi property that names the country: Vigil's own country field holds it. */
function isCountryProperty(property: { name: string; type: string }): boolean {
  return property.name === 'country' && ['select', 'multiselect', 'text'].includes(property.type);
}

/** Uwazi's thesaurus values (two levels) as terms, each keeping Uwazi's id as its key. */
function thesaurusTerms(values: readonly UwaziThesaurusValue[]): VocabularyTerm[] {
  const used = new Set<string>();
  const walk = (list: readonly UwaziThesaurusValue[]): VocabularyTerm[] =>
    list.map((v) => {
      let key = termKeyOf(v);
      for (let n = 2; used.has(key); n++) key = `${termKeyOf(v).slice(0, 60)}-${n}`;
      used.add(key);
      const children = walk(v.values ?? []);
      return { key, labels: labelsFor(v.label), ...(children.length ? { children } : {}) };
    });
  return walk(values);
}

interface ColumnPlan {
  index: number;
  header: string;
  field?: string;
  identity?: 'id' | 'date_added';
  why?: string;
}

/**
 * Headers to fields, as Uwazi's importer matches them: a header's safe name ("Super Powers" →
 * super_powers) is a property's name, or (Uwazi's export writes labels) a property's label.
 * A language column (title__en) counts for its property; the first of several wins.
 */
function mapHeaders(table: Table, fields: readonly (FieldDefinition | DefinedField)[], uwazi: UwaziTemplate | undefined): ColumnPlan[] {
  const used = new Set<string>();
  const byName = new Map<string, string>();
  for (const f of fields) {
    byName.set(safeName(f.key), f.key);
    for (const l of [f.labels.en, f.labels.ru, f.labels.kk]) if (l && !byName.has(safeName(l))) byName.set(safeName(l), f.key);
  }
  for (const p of uwazi?.properties ?? []) {
    const key = /^[a-z][a-z0-9_-]{0,63}$/.test(p.name) ? p.name : keyOf(p.name);
    if (fields.some((f) => f.key === key)) {
      byName.set(safeName(p.name), key);
      if (p.label) byName.set(safeName(p.label), key);
    }
  }
  return table.headers.map((header, index) => {
    const name = safeName(header).replace(/__[a-z]{2}$/, '');
    if (name === 'title') return claim({ index, header, field: 'title' });
    if (name === 'id') return claim({ index, header, identity: 'id' });
    if (name === 'date_added') return claim({ index, header, identity: 'date_added' });
    if (name === 'country' && !fields.some((f) => f.key === 'country')) return claim({ index, header, field: 'country' });
    if (uwaziFixedColumns.has(name)) return { index, header, why: "Uwazi's own column, not a property" };
    const key = byName.get(name);
    if (!key) return { index, header, why: 'no field of that name' };
    const field = fields.find((f) => f.key === key)!;
    if (field.hidden) return { index, header, why: 'the field was removed here (Settings brings it back)' };
    if (field.kind === 'group' && !field.uwazi) return { index, header, why: 'a repeating group of fields is not read from an Uwazi CSV' };
    return claim({ index, header, field: key });
  });
  function claim(plan: ColumnPlan): ColumnPlan {
    const what = plan.field ?? plan.identity!;
    if (used.has(what)) return { index: plan.index, header: plan.header, why: 'another column fills it first' };
    used.add(what);
    return plan;
  }
}
