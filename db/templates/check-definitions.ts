import { VigilError } from '../errors.js';
import { recordTypes as builtInTypes } from '../shared/schemas.js';
import type { SqliteDatabase } from '../store/sqlite.js';
import { archiveTemplates } from './archive-templates.js';

/**
 * What a definition written by a person (a form, the CLI, the contract) must agree with in this
 * archive: a field belongs to a record type here and takes terms from a vocabulary here, and no
 * two definitions share a key. Merged definitions are not refused on these grounds: the type or
 * vocabulary they name may be on its way, and of two with one key the older counts.
 */
export function checkDefinitionWritten(db: SqliteDatabase, type: string, data: unknown, self?: string): void {
  if (type !== 'field' && type !== 'record-type' && type !== 'vocabulary') return;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return;
  const given = data as { key?: unknown; of?: unknown; vocabulary?: unknown; linkTypes?: unknown; fields?: { vocabulary?: unknown }[] };
  const templates = archiveTemplates(db);
  const taken = (definition: string, match: (d: Record<string, unknown>) => boolean) =>
    (db.prepare('SELECT id, data FROM records WHERE deleted = 0 AND type = ?').all(definition) as { id: string; data: string }[]).some(
      (row) => row.id !== self && match(JSON.parse(row.data) as Record<string, unknown>),
    );
  if (type === 'record-type') {
    if (typeof given.key === 'string' && (builtInTypes as string[]).includes(given.key))
      throw new VigilError('invalid_argument', `"${given.key}" is a built-in record type; choose another key`);
    if (taken('record-type', (d) => d.key === given.key)) throw new VigilError('invalid_argument', `a record type "${String(given.key)}" is already defined; choose another key`);
    return;
  }
  if (type === 'vocabulary') {
    if (taken('vocabulary', (d) => d.key === given.key)) throw new VigilError('invalid_argument', `a vocabulary "${String(given.key)}" is already defined here; change that one`);
    return;
  }
  if (typeof given.of === 'string' && !templates.isType(given.of)) throw new VigilError('invalid_argument', `field: no record type "${given.of}" in this archive`);
  for (const vocabulary of [given.vocabulary, ...(given.fields ?? []).map((m) => m?.vocabulary)]) {
    if (typeof vocabulary === 'string' && !templates.vocabularies.has(vocabulary)) throw new VigilError('invalid_argument', `field: no vocabulary "${vocabulary}" in this archive`);
  }
  if (taken('field', (d) => d.of === given.of && d.key === given.key))
    throw new VigilError('invalid_argument', `${String(given.of)} already has a field "${String(given.key)}"; change that one`);
}
