import { z } from 'zod';
import { country, definitionKey, fuzzyDate } from '../shared/schema-parts.js';
import { recordSchemaOf, recordTypes } from '../shared/schemas.js';

export const exportFormat = 'vigil-export';
export const exportVersion = 1;

/** The pattern of a defined type's key, as the JSON Schema states it. */
const definitionKeyPattern = (z.toJSONSchema(definitionKey) as { pattern: string }).pattern;

/** What a fuzzy date is once read: the words as written and the range they mean. */
const fuzzyDateJson = {
  type: 'object',
  properties: {
    text: { type: 'string', description: 'the date as the source wrote it' },
    start: { type: 'string', format: 'date' },
    end: { type: 'string', format: 'date' },
    approximate: { type: 'boolean' },
  },
  required: ['text'],
  additionalProperties: false,
};

/** The JSON Schema of one record type's data, as stored and exported (after reading). */
export function recordDataJsonSchema(type: string): Record<string, unknown> {
  const schema = z.toJSONSchema(recordSchemaOf(type), {
    io: 'output',
    unrepresentable: 'any',
    override: (ctx) => {
      // Values that zod reads through a transform: say what they become.
      if (ctx.zodSchema === fuzzyDate) replaceWith(ctx.jsonSchema, fuzzyDateJson);
      else if (ctx.zodSchema === country) replaceWith(ctx.jsonSchema, { type: 'string', pattern: '^[A-Z]{2}$' });
    },
  }) as Record<string, unknown>;
  delete schema.$schema;
  // A nested definition (a vocabulary's terms) refers to itself: its own id keeps those references inside it.
  if (schema.$defs) schema.$id = `https://vigil.invalid/schemas/export-1/${type}.json`;
  return schema;
}

function replaceWith(target: Record<string, unknown>, value: Record<string, unknown>): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, structuredClone(value));
}

/**
 * The JSON Schema (draft 2020-12) of a JSON export, generated from the same zod schemas the
 * engine validates records with; docs/export.schema.json is this, written by
 * `vigil export-schema`.
 */
export function exportJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://vigil.invalid/schemas/export-1.json',
    title: 'Vigil export, version 1',
    type: 'object',
    required: ['format', 'version', 'exportedAt', 'source', 'encrypted', 'records'],
    additionalProperties: false,
    properties: {
      format: { const: exportFormat },
      version: { const: exportVersion },
      exportedAt: { type: 'string', format: 'date-time' },
      source: {
        type: 'object',
        required: ['deviceId'],
        additionalProperties: false,
        properties: { deviceId: { type: 'string', pattern: '^[0-9a-f]{32}$' }, query: { type: 'string' } },
      },
      encrypted: { const: false, description: 'an export is plain text: whoever holds the file can read it' },
      records: {
        type: 'array',
        items: {
          oneOf: [
            ...recordTypes.map((type) => exportedRecord({ const: type }, recordDataJsonSchema(type))),
            // A record of a type the organisation defined (docs/templates.md): what every record has, and its defined values.
            exportedRecord(
              { type: 'string', pattern: definitionKeyPattern, not: { enum: recordTypes }, description: 'a record type the archive defines' },
              recordDataJsonSchema('defined-type'),
            ),
          ],
        },
      },
    },
  };
}

/** One exported record: its type (as a JSON Schema) and the schema of its data. */
function exportedRecord(typeSchema: Record<string, unknown>, data: Record<string, unknown>): Record<string, unknown> {
  const revision = { type: 'string', pattern: '^[0-9a-f]{64}$' };
  return {
    type: 'object',
    required: ['id', 'type', 'revision', 'conflict', 'createdAt', 'updatedAt', 'data', 'history'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', format: 'uuid' },
      type: typeSchema,
      revision,
      conflict: { type: 'boolean', description: 'another live version exists: see history' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      data,
      history: {
        type: 'array',
        description: 'every revision of the record, oldest first: pointers into the archive',
        items: {
          type: 'object',
          required: ['revision', 'parents', 'op', 'device', 'time'],
          additionalProperties: false,
          properties: {
            revision,
            parents: { type: 'array', items: revision },
            op: { enum: ['put', 'delete'] },
            device: { type: 'string', pattern: '^[0-9a-f]{32}$' },
            time: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  };
}
