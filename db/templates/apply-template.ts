import { VigilError } from '../errors.js';
import { findPrototypeKey, prototypeKeyRefusal } from '../records/prototype-keys.js';
import { describeIssues } from '../records/validate-record.js';
import { recordTypes as builtInTypes } from '../shared/schemas.js';
import type { Archive } from '../store/archive.js';
import { archiveTemplates, type Templates } from './archive-templates.js';
import { valueSchemaOf } from './check-defined-values.js';
import type { FieldDefinition, VocabularyTerm } from '../shared/definition-schemas.js';
import { templateFile, templateFileVersion, type FieldInFile, type TemplateFile } from './template-file.js';

export interface ApplySummary {
  vocabularies: { added: number; changed: number };
  types: { added: number; changed: number };
  fields: { added: number; changed: number };
}

const titleOf = (labels: { en?: string; ru?: string; kk?: string }) => labels.en ?? labels.ru ?? labels.kk ?? '';

/**
 * Adds or changes definitions from a template file, all in one write: a file with any problem
 * (a field on an unknown type, a choice field naming no vocabulary, a change of kind existing
 * values would not fit) changes nothing. Vocabulary terms are merged by key: a term the file
 * names gets its labels and children, one it does not name is kept. Returns what changed.
 */
export function applyTemplate(archive: Archive, input: unknown): ApplySummary {
  const hostile = findPrototypeKey(input);
  if (hostile) throw new VigilError('invalid_argument', `the template file ${prototypeKeyRefusal(hostile)}`);
  const parsed = templateFile.safeParse(input);
  if (!parsed.success) throw new VigilError('invalid_argument', describeIssues('template file', parsed.error.issues));
  const file = parsed.data;
  const summary: ApplySummary = { vocabularies: { added: 0, changed: 0 }, types: { added: 0, changed: 0 }, fields: { added: 0, changed: 0 } };
  archive.writes.write(() => {
    for (const vocabulary of file.vocabularies ?? []) applyVocabulary(archive, vocabulary, summary);
    for (const type of file.types ?? []) {
      if ((builtInTypes as string[]).includes(type.key)) {
        throw new VigilError('invalid_argument', `template file: "${type.key}" is a built-in record type; add fields to it under "fields" with "type": "${type.key}"`);
      }
      const existing = definitionRecord(archive, 'record-type', (d) => d.key === type.key);
      const data = { title: titleOf(type.labels), key: type.key, labels: type.labels, ...(type.help ? { help: type.help } : {}), ...(type.hidden ? { hidden: true } : {}) };
      count(summary.types, upsert(archive, 'record-type', existing, data));
    }
    const fields: (FieldInFile & { of: string })[] = [
      ...(file.types ?? []).flatMap((type) => (type.fields ?? []).map((field) => ({ ...field, of: type.key }))),
      ...(file.fields ?? []).map(({ type, ...field }) => ({ ...field, of: type })),
    ];
    for (const field of fields) applyField(archive, field, summary);
  });
  return summary;
}

function applyVocabulary(archive: Archive, vocabulary: NonNullable<TemplateFile['vocabularies']>[number], summary: ApplySummary): void {
  const existing = definitionRecord(archive, 'vocabulary', (d) => d.key === vocabulary.key);
  const terms = existing ? mergeTerms(existing.data.terms as VocabularyTerm[], vocabulary.terms) : vocabulary.terms;
  count(summary.vocabularies, upsert(archive, 'vocabulary', existing, { title: titleOf(vocabulary.labels), key: vocabulary.key, labels: vocabulary.labels, terms }));
}

function applyField(archive: Archive, field: FieldInFile & { of: string }, summary: ApplySummary): void {
  const templates = archiveTemplates(archive.db);
  const where = `template file: field ${field.of}.${field.key}`;
  if (!templates.isType(field.of)) throw new VigilError('invalid_argument', `${where}: no record type "${field.of}" here; define it under "types" first`);
  if (field.vocabulary && !templates.vocabularies.has(field.vocabulary)) {
    throw new VigilError('invalid_argument', `${where}: no vocabulary "${field.vocabulary}"; the vocabularies are ${[...templates.vocabularies.keys()].join(', ')}`);
  }
  for (const member of field.fields ?? []) {
    if (member.vocabulary && !templates.vocabularies.has(member.vocabulary))
      throw new VigilError('invalid_argument', `${where}.${member.key}: no vocabulary "${member.vocabulary}"`);
  }
  for (const linked of [...(field.linkTypes ?? []), ...(field.fields ?? []).flatMap((m) => m.linkTypes ?? [])]) {
    if (!templates.isType(linked)) throw new VigilError('invalid_argument', `${where}: links to records of type "${linked}", which this archive does not have`);
  }
  const existing = definitionRecord(archive, 'field', (d) => d.of === field.of && d.key === field.key);
  const data = { title: titleOf(field.labels), ...field };
  const converted = existing ? checkExistingValuesFit(archive, templates, existing.data as FieldDefinition, data as FieldDefinition) : [];
  count(summary.fields, upsert(archive, 'field', existing, data));
  // Values written again as the new kind holds them, once the field is of that kind.
  for (const { id, value } of converted) archive.records.update(id, { defined: { [field.key]: value } });
}

/**
 * A change of kind, vocabulary or shape is refused when values already written would not fit
 * it, naming how many and which records hold them: a text field full of words cannot become a
 * number, and a choice cannot move to a vocabulary without its terms. A number or a date that
 * becomes text fits as text ("14", the date's words): those values are returned, to be written
 * again once the field has its new kind (each holder a new revision, in the same write).
 */
function checkExistingValuesFit(archive: Archive, templates: Templates, before: FieldDefinition, after: FieldDefinition): { id: string; value: unknown }[] {
  const shape = (f: FieldDefinition) => JSON.stringify([f.kind, f.vocabulary ?? null, f.multiple ?? false, f.fields ?? null]);
  if (shape(before) === shape(after)) return [];
  const schema = valueSchemaOf(after, templates);
  const misfits: string[] = [];
  const converted: { id: string; value: unknown }[] = [];
  const rows = archive.db
    .prepare(`SELECT id, title, json_extract(data, '$.defined') AS defined FROM records WHERE deleted = 0 AND type = ? AND json_extract(data, '$.defined') IS NOT NULL`)
    .all(after.of) as { id: string; title: string; defined: string }[];
  for (const row of rows) {
    const values = JSON.parse(row.defined) as Record<string, unknown>;
    if (!Object.hasOwn(values, after.key)) continue;
    const value = asText(before, after, values[after.key]);
    if (!schema.safeParse(value).success) misfits.push(row.title);
    else if (value !== values[after.key]) converted.push({ id: row.id, value });
  }
  if (misfits.length) {
    const named =
      misfits
        .slice(0, 5)
        .map((t) => `"${t}"`)
        .join(', ') + (misfits.length > 5 ? ` and ${misfits.length - 5} more` : '');
    const kind = `${after.multiple ? 'multiple ' : ''}${kindWords[after.kind]}`;
    throw new VigilError(
      'invalid_argument',
      `the field "${titleOf(before.labels)}" (${after.of}.${after.key}) cannot become a ${kind} field: ${misfits.length} existing value${misfits.length > 1 ? 's' : ''} would not fit (${named}); change or clear them first`,
    );
  }
  return converted;
}

const kindWords: Record<string, string> = {
  text: 'text',
  'long-text': 'long text',
  number: 'number',
  date: 'date',
  'yes-no': 'yes-or-no',
  choice: 'choice',
  link: 'link',
  place: 'place',
  group: 'repeating group',
};

/** A number or a date as the text field it becomes holds it; anything else as it is. */
function asText(before: FieldDefinition, after: FieldDefinition, value: unknown): unknown {
  if (after.kind !== 'text' && after.kind !== 'long-text') return value;
  if (before.kind === 'number' && typeof value === 'number') return String(value);
  if (before.kind === 'date' && typeof (value as { text?: unknown } | null)?.text === 'string') return (value as { text: string }).text;
  return value;
}

/**
 * Terms merged by key: a term the file names, at whatever depth, takes the file's labels and
 * gains the children the file gives it; a term the file does not name stays where it was; a
 * new term is added where the file puts it. A term is never moved or dropped by a file.
 */
export function mergeTerms(existing: readonly VocabularyTerm[], given: readonly VocabularyTerm[]): VocabularyTerm[] {
  const givenByKey = new Map<string, VocabularyTerm>();
  const collect = (terms: readonly VocabularyTerm[]) => {
    for (const t of terms) {
      if (!givenByKey.has(t.key)) givenByKey.set(t.key, t);
      collect(t.children ?? []);
    }
  };
  collect(given);
  const existingKeys = new Set(keysBelow(existing));
  const fresh = (terms: readonly VocabularyTerm[]): VocabularyTerm[] =>
    terms
      .filter((t) => !existingKeys.has(t.key))
      .map((t) => {
        const children = fresh(t.children ?? []);
        return { key: t.key, labels: t.labels, ...(children.length ? { children } : {}) };
      });
  const merge = (list: readonly VocabularyTerm[], givenHere: readonly VocabularyTerm[]): VocabularyTerm[] => [
    ...list.map((term) => {
      const update = givenByKey.get(term.key);
      const children = merge(term.children ?? [], update?.children ?? []);
      return { key: term.key, labels: update?.labels ?? term.labels, ...(children.length ? { children } : {}) };
    }),
    ...fresh(givenHere),
  ];
  return merge(existing, given);
}

function keysBelow(terms: readonly VocabularyTerm[]): string[] {
  return terms.flatMap((t) => [t.key, ...keysBelow(t.children ?? [])]);
}

function definitionRecord(archive: Archive, type: 'vocabulary' | 'record-type' | 'field', match: (data: Record<string, unknown>) => boolean) {
  const rows = archive.db.prepare('SELECT id, data FROM records WHERE deleted = 0 AND type = ? ORDER BY id').all(type) as { id: string; data: string }[];
  for (const row of rows) {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    if (match(data)) return { id: row.id, data };
  }
  return undefined;
}

function upsert(
  archive: Archive,
  type: 'vocabulary' | 'record-type' | 'field',
  existing: { id: string; data: Record<string, unknown> } | undefined,
  data: Record<string, unknown>,
): 'added' | 'changed' | 'same' {
  if (!existing) {
    archive.records.create(type, data);
    return 'added';
  }
  // Fields the file does not give are removed (a help text dropped), the record's own keeping (tags, sources) stays.
  const patch: Record<string, unknown> = { ...data };
  for (const key of ['help', 'required', 'valueSensitivity', 'vocabulary', 'multiple', 'linkTypes', 'fields', 'hidden', 'uwazi'])
    if (!(key in data) && key in existing.data) patch[key] = null;
  const before = archive.records.get(existing.id).revision;
  return archive.records.update(existing.id, patch).revision === before ? 'same' : 'changed';
}

function count(tally: { added: number; changed: number }, outcome: 'added' | 'changed' | 'same'): void {
  if (outcome !== 'same') tally[outcome]++;
}

/** The archive's definitions in the template file's shape: what `template show --json` prints, and `template apply` reads back. */
export function showTemplates(archive: Archive): TemplateFile & { format: 'vigil-templates'; version: number; shippedVocabularies: string[] } {
  const templates = archiveTemplates(archive.db);
  const fieldOut = (f: FieldDefinition) => {
    const {
      title: _t,
      of: _o,
      id: _i,
      summary: _s,
      tags: _g,
      country: _c,
      sensitivity: _se,
      sources: _so,
      links: _l,
      attachments: _a,
      defined: _d,
      ...rest
    } = f as FieldDefinition & { id: string };
    return rest;
  };
  const vocabularies = [...templates.vocabularies.values()].filter((v) => v.id);
  return {
    format: 'vigil-templates',
    version: templateFileVersion,
    vocabularies: vocabularies.map((v) => ({ key: v.key, labels: v.labels, terms: v.terms })),
    types: [...templates.types.values()].map((t) => ({
      key: t.key,
      labels: t.labels,
      ...(t.help ? { help: t.help } : {}),
      ...(t.hidden ? { hidden: true } : {}),
      fields: templates.fieldsOf(t.key).map(fieldOut),
    })),
    fields: (builtInTypes as string[]).flatMap((type) => templates.fieldsOf(type).map((f) => ({ type, ...fieldOut(f) }))),
    shippedVocabularies: [...templates.vocabularies.values()].filter((v) => v.shipped).map((v) => v.key),
  };
}
