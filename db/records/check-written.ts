import { checkIndicatorsKnown } from '../hearings/indicator-sets.js';
import type { RecordType } from '../shared/schemas.js';
import type { Archive } from '../store/archive.js';
import { checkDefinitionWritten } from '../templates/check-definitions.js';
import { checkReferences } from './record-references.js';

/**
 * What is checked against the archive when people write a record (a form, the CLI, the hearing
 * screen), beyond its schema: the fair-trial indicators it names exist here, a definition (field,
 * record type, vocabulary) names what exists here and takes a key no other has, and every record it
 * points at exists and is of a type its field or link takes. Merges from teammates are not
 * refused on these grounds: their records may name ones still on their way.
 */
export function checkWritten(archive: Archive, type: RecordType, data: unknown, self?: string): void {
  checkIndicatorsKnown(archive, type, data, self);
  checkDefinitionWritten(archive.db, type, data, self);
  if (data && typeof data === 'object' && !Array.isArray(data)) checkReferences(type, data as Record<string, unknown>, (id) => archive.records.describe(id), self);
}
