import { recordTypes as builtInTypes } from '../shared/schemas.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import type { FieldDefinition, RecordTypeDefinition, VocabularyDefinition, VocabularyTerm } from '../shared/definition-schemas.js';
import { shippedVocabularies, type Vocabulary } from './shipped-vocabularies.js';

/** A defined record type as the engine, forms and lists read it. */
export type DefinedType = RecordTypeDefinition & { id: string };
/** A defined field, with the record that defines it. */
export type DefinedField = FieldDefinition & { id: string };

/** Where a term sits in its vocabulary: its parent's key, and every key below it. */
export interface TermPlace {
  term: VocabularyTerm;
  parent?: string;
  descendants: string[];
}

/**
 * The organisation's definitions in one reading: its record types, the fields of every type,
 * and its vocabularies (shipped ones with the archive's terms added). Two definitions with the
 * same key (made on two laptops before a sync): the older record counts, on every laptop.
 */
export interface Templates {
  types: ReadonlyMap<string, DefinedType>;
  vocabularies: ReadonlyMap<string, Vocabulary>;
  /** The fields defined on a type, hidden ones included, in the order they were defined. */
  fieldsOf(type: string): DefinedField[];
  field(type: string, key: string): DefinedField | undefined;
  /** A vocabulary's terms by key, each with its parent and descendants. */
  terms(vocabulary: string): ReadonlyMap<string, TermPlace>;
  /** Whether `type` is a record type here: built in, or defined. */
  isType(type: string): boolean;
  /** Whether any type has defined fields. */
  hasFields: boolean;
  /** The keys search filters by (conditions:, interviews.detainee:), lower case. */
  filterKeys: ReadonlySet<string>;
  /** Every field defined with this key, on any type (a filter names the key alone). */
  fieldsNamed(key: string): DefinedField[];
}

function readTemplates(db: SqliteDatabase): Templates {
  const rows = db.prepare(`SELECT id, type, data FROM records WHERE deleted = 0 AND type IN ('vocabulary', 'record-type', 'field') ORDER BY id`).all() as {
    id: string;
    type: 'vocabulary' | 'record-type' | 'field';
    data: string;
  }[];
  const types = new Map<string, DefinedType>();
  const fields = new Map<string, DefinedField[]>();
  const vocabularies = new Map<string, Vocabulary>(shippedVocabularies.map((v) => [v.key, { ...v, terms: [...v.terms] }]));
  const extended = new Set<string>();
  for (const row of rows) {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    if (row.type === 'record-type') {
      const type = data as RecordTypeDefinition;
      if (!types.has(type.key) && !(builtInTypes as string[]).includes(type.key)) types.set(type.key, { ...type, id: row.id });
    } else if (row.type === 'field') {
      const field = data as FieldDefinition;
      const list = fields.get(field.of) ?? [];
      if (!list.some((f) => f.key === field.key)) fields.set(field.of, [...list, { ...field, id: row.id }]);
    } else {
      const vocabulary = data as VocabularyDefinition;
      const shipped = vocabularies.get(vocabulary.key);
      if (shipped?.shipped && !extended.has(vocabulary.key)) {
        // Extending a shipped vocabulary adds terms; a key it already has is the shipped term.
        const known = new Set(keysOf(shipped.terms));
        vocabularies.set(vocabulary.key, { ...shipped, terms: [...shipped.terms, ...withoutKnown(vocabulary.terms, known)], id: row.id });
        extended.add(vocabulary.key);
      } else if (!shipped) {
        vocabularies.set(vocabulary.key, { key: vocabulary.key, labels: vocabulary.labels, terms: vocabulary.terms, shipped: false, id: row.id });
      }
    }
  }
  const termMaps = new Map<string, Map<string, TermPlace>>();
  const allFields = [...fields.values()].flat();
  const filterKeys = new Set(allFields.flatMap((f) => [f.key, ...(f.fields ?? []).map((m) => `${f.key}.${m.key}`)]));
  return {
    hasFields: allFields.length > 0,
    filterKeys,
    fieldsNamed: (key) => allFields.filter((f) => f.key === key),
    types,
    vocabularies,
    fieldsOf: (type) => fields.get(type) ?? [],
    field: (type, key) => fields.get(type)?.find((f) => f.key === key),
    terms(key) {
      let map = termMaps.get(key);
      if (!map) termMaps.set(key, (map = placeTerms(vocabularies.get(key)?.terms ?? [])));
      return map;
    },
    isType: (type) => (builtInTypes as string[]).includes(type) || types.has(type),
  };
}

function keysOf(terms: readonly VocabularyTerm[]): string[] {
  return terms.flatMap((t) => [t.key, ...keysOf(t.children ?? [])]);
}

function withoutKnown(terms: readonly VocabularyTerm[], known: Set<string>): VocabularyTerm[] {
  return terms.filter((t) => !known.has(t.key)).map((t) => (t.children ? { ...t, children: withoutKnown(t.children, known) } : t));
}

function placeTerms(terms: readonly VocabularyTerm[]): Map<string, TermPlace> {
  const map = new Map<string, TermPlace>();
  const walk = (list: readonly VocabularyTerm[], parent: string | undefined): string[] => {
    const below: string[] = [];
    for (const term of list) {
      const descendants = walk(term.children ?? [], term.key);
      if (!map.has(term.key)) map.set(term.key, { term, ...(parent ? { parent } : {}), descendants });
      below.push(term.key, ...descendants);
    }
    return below;
  };
  walk(terms, undefined);
  return map;
}

const cache = new WeakMap<SqliteDatabase, { state: string; templates: Templates }>();
const stateSql = new WeakMap<SqliteDatabase, { get(): unknown }>();

/** The archive's definitions now; read again only when a definition record changed (here, from the CLI, or from a bundle). */
export function archiveTemplates(db: SqliteDatabase): Templates {
  let sql = stateSql.get(db);
  if (!sql) {
    sql = db.prepare(`SELECT count(*) || ':' || coalesce(group_concat(revision_id), '') FROM records WHERE deleted = 0 AND type IN ('vocabulary', 'record-type', 'field')`).pluck();
    stateSql.set(db, sql);
  }
  const state = sql.get() as string;
  const cached = cache.get(db);
  if (cached?.state === state) return cached.templates;
  const templates = readTemplates(db);
  cache.set(db, { state, templates });
  return templates;
}
