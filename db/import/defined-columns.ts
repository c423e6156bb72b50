import type { FieldDefinition } from '../shared/definition-schemas.js';
import { labelIn } from '../shared/definition-schemas.js';
import type { Cell } from './read-table.js';
import type { CellContext, ColumnTarget } from './column-fields.js';

/**
 * What a spreadsheet import needs of the organisation's fields for one record type, sent to
 * the reading worker: the fields, and each vocabulary's terms by every name a cell may give
 * them (key, and label in any language, lower case).
 */
export interface DefinedColumns {
  fields: FieldDefinition[];
  terms: Record<string, [string, string][]>;
}

const textOf = (cell: Cell): string => (cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell)).trim();

/**
 * Columns for defined fields: matched by key or by label in any language; a choice by a term's
 * key or label in any language, several separated by "|" or ";"; yes/no in English, Russian or
 * Kazakh. A value that cannot be read is refused, naming it.
 */
export function definedTargets(defined: DefinedColumns | undefined, dateOf: (cell: Cell, context: CellContext) => unknown): ColumnTarget[] {
  if (!defined) return [];
  return defined.fields
    .filter((f) => !f.hidden && f.kind !== 'group')
    .map((field) => {
      const names = new Map((defined.terms[field.vocabulary ?? ''] ?? []).map(([name, key]) => [name, key]));
      const term = (text: string) => {
        const key = names.get(text.toLowerCase());
        if (!key) throw new Error(`"${text}" is not a term of ${labelIn(field.labels, 'en')}`);
        return key;
      };
      const read = (cell: Cell, context: CellContext): unknown => {
        const text = textOf(cell);
        switch (field.kind) {
          case 'number': {
            const n = typeof cell === 'number' ? cell : Number(text.replace(',', '.'));
            if (!Number.isFinite(n)) throw new Error(`"${text}" is not a number`);
            return n;
          }
          case 'yes-no':
            if (typeof cell === 'boolean') return cell;
            if (/^(yes|true|да|иә|1)$/i.test(text)) return true;
            if (/^(no|false|нет|жоқ|0)$/i.test(text)) return false;
            throw new Error(`"${text}" is not yes or no`);
          case 'date':
            return dateOf(cell, context);
          case 'choice': {
            const chosen = text
              .split(field.multiple ? /\s*[|;]\s*/ : /$^/)
              .filter(Boolean)
              .map(term);
            return field.multiple ? [...new Set(chosen)] : chosen[0];
          }
          case 'link':
            return field.multiple ? text.split(/\s*[|;]\s*/).filter(Boolean) : text;
          case 'place':
            return { name: text };
          default:
            return text;
        }
      };
      const labels = [field.labels.en, field.labels.ru, field.labels.kk].filter((l): l is string => Boolean(l));
      return {
        key: `defined.${field.key}`,
        label: labelIn(field.labels, 'en'),
        headers: [field.key, field.key.replace(/[-_]/g, ' '), ...labels],
        set(record, cell, context) {
          record.defined = { ...((record.defined ?? {}) as Record<string, unknown>), [field.key]: read(cell, context) };
        },
      } satisfies ColumnTarget;
    });
}
