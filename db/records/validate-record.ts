import type { z } from 'zod';
import { VigilError } from '../errors.js';
import { recordSchemas, recordTypes, type RecordData, type RecordType } from './schemas.js';

/**
 * Validates record data against its type's schema. Input from people is checked strictly:
 * a field the schema does not know ("titel") is an error, not silently dropped.
 */
export function validateRecordData<T extends RecordType>(type: T, input: unknown): RecordData<T> {
  const schema = schemaOf(type);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new VigilError('invalid_record', describeIssues(type, parsed.error.issues));
  const unknown = unknownFields(input, parsed.data);
  if (unknown.length) {
    const list = unknown.slice(0, 3).join(', ') + (unknown.length > 3 ? ` and ${unknown.length - 3} more` : '');
    throw new VigilError('invalid_record', `${type}: unknown field${unknown.length > 1 ? 's' : ''} ${list}`);
  }
  return parsed.data as RecordData<T>;
}

/** Validates data written elsewhere (merged revisions): well-formed, unknown fields tolerated. */
export function checkRecordData(type: string, input: unknown): string | null {
  if (!(recordTypes as string[]).includes(type)) return `unknown record type "${type}"`;
  const parsed = schemaOf(type as RecordType).safeParse(input);
  return parsed.success ? null : describeIssues(type, parsed.error.issues);
}

function schemaOf(type: RecordType): z.ZodType {
  const schema = recordSchemas[type] as z.ZodType | undefined;
  if (!schema) throw new VigilError('invalid_argument', `unknown record type "${type}"; expected one of ${recordTypes.join(', ')}`);
  return schema;
}

/** The first problem in one line ("detainee: arrests[0].date: expected ..."), and how many more. */
export function describeIssues(subject: string | undefined, issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  const prefix = subject ? `${subject}: ` : '';
  if (!first) return `${prefix}invalid`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  const path = formatPath(first.path);
  // "title is required" reads better than "title: is required".
  const joiner = !path ? '' : /^(is|must) /.test(first.message) ? ' ' : ': ';
  return `${prefix}${path}${joiner}${first.message}${more}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/** Paths present in the input that parsing dropped: fields the schema does not define. */
function unknownFields(input: unknown, output: unknown, path = ''): string[] {
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((item, i) => unknownFields(item, output[i], `${path}[${i}]`));
  }
  if (isPlainObject(input) && isPlainObject(output)) {
    const found: string[] = [];
    for (const key of Object.keys(input)) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in output)) {
        if (input[key] !== undefined) found.push(child);
      } else found.push(...unknownFields(input[key], output[key], child));
    }
    return found;
  }
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
