import { VigilError, isVigilError } from '../errors.js';
import type { RecordType } from '../shared/schemas.js';
import { validateRecordData } from '../records/validate-record.js';
import { headerKey, targetsFor, type CellContext, type ColumnTarget } from './column-fields.js';
import type { DefinedColumns } from './defined-columns.js';
import type { ColumnMapping } from './import-outcome.js';
import type { Table } from './read-table.js';

/** A column chosen by hand: the field it fills, or null to leave it out. */
export interface ColumnChoice {
  column: string;
  field: string | null;
}

/**
 * Matches a table's headers to a type's fields (English and Russian names, any case), then
 * applies the columns chosen by hand. Refuses a choice naming a column or field that does not
 * exist, and a mapping that leaves the records without a title.
 */
export function mapColumns(type: RecordType, headers: string[], overrides: readonly ColumnChoice[] = [], defined?: DefinedColumns): ColumnMapping[] {
  const targets = targetsFor(type, defined);
  const byHeader = new Map<string, ColumnTarget>();
  for (const target of targets) for (const h of target.headers) if (!byHeader.has(headerKey(h))) byHeader.set(headerKey(h), target);
  const used = new Set<string>();
  const mapping: ColumnMapping[] = headers.map((header, column) => {
    const target = byHeader.get(headerKey(header));
    // Two columns for one field (two "Name" columns): the first wins, the other is left out.
    if (!target || used.has(target.key)) return { column, header, target: null, label: null };
    used.add(target.key);
    return { column, header, target: target.key, label: target.label };
  });
  for (const pair of overrides) {
    const entry = mapping.find((m) => headerKey(m.header) === headerKey(pair.column));
    if (!entry)
      throw new VigilError('invalid_argument', `the column map names a column "${pair.column}" that the file does not have (it has: ${headers.filter(Boolean).join(', ')})`);
    if (pair.field === null) {
      entry.target = null;
      entry.label = null;
      continue;
    }
    const target = targets.find((t) => t.key === pair.field);
    if (!target) throw new VigilError('invalid_argument', `the column map: a ${type} has no field "${pair.field}" (fields: ${targets.map((t) => t.key).join(', ')})`);
    for (const other of mapping) if (other.target === target.key) other.target = other.label = null;
    entry.target = target.key;
    entry.label = target.label;
  }
  if (!mapping.some((m) => m.target === 'title')) {
    throw new VigilError(
      'invalid_argument',
      `no column gives each ${type}'s ${type === 'detainee' ? 'name' : 'title'}: choose the column that does in the column map (columns: ${headers.filter(Boolean).join(', ')})`,
    );
  }
  return mapping;
}

/**
 * Every row as a validated record. One bad row refuses the file: the error names its row
 * number as the spreadsheet shows it and the reason.
 */
export function rowsToRecords(
  type: RecordType,
  table: Table,
  mapping: ColumnMapping[],
  context: CellContext,
  defined?: DefinedColumns,
): { type: RecordType; data: Record<string, unknown> }[] {
  const targets = new Map(targetsFor(type, defined).map((t) => [t.key, t]));
  const mapped = mapping.filter((m) => m.target !== null).map((m) => ({ column: m.column, header: m.header, target: targets.get(m.target!)! }));
  return table.rows.map((row) => {
    const data: Record<string, unknown> = {};
    for (const { column, header, target } of mapped) {
      const cell = row.cells[column] ?? null;
      if (cell === null || cell === '') continue;
      try {
        target.set(data, cell, context);
      } catch (err) {
        throw new VigilError('invalid_record', `row ${row.number}, column "${header}": ${(err as Error).message}`);
      }
    }
    if (!data.title) throw new VigilError('invalid_record', `row ${row.number}: the ${type === 'detainee' ? 'name' : 'title'} is empty`);
    try {
      return { type, data: validateRecordData(type, data) as Record<string, unknown> };
    } catch (err) {
      if (isVigilError(err)) throw new VigilError('invalid_record', `row ${row.number}: ${err.message}`);
      throw err;
    }
  });
}
