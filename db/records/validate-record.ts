import { z } from 'zod';
import { VigilError } from '../errors.js';
import { findPrototypeKey, isPrototypeKey, prototypeKeyRefusal } from './prototype-keys.js';
import { definitionKey } from '../shared/schema-parts.js';
import { recordSchemaOf, recordSchemas, recordTypes, type RecordData, type RecordType } from '../shared/schemas.js';

/**
 * Validates record data against its type's schema. Input from people is checked strictly:
 * a field the schema does not know ("titel") is an error, not silently dropped.
 *
 * What a record from a newer Vigil keeps: when editing it, a field this version does not know
 * is carried through verbatim if the record already had it at the same place (`keepUnknownFrom`)
 * and the edit still gives it a value there; it is never refused or lost for being unknown. Only
 * own data fields are carried, inside objects this version knows, and never one named like an
 * object's prototype (`__proto__`, `constructor`, `prototype`): those are refused wherever
 * they appear, in stored data too, because no Vigil writes them.
 */
export function validateRecordData<T extends RecordType>(type: T, input: unknown, options: { keepUnknownFrom?: unknown } = {}): RecordData<T> {
  const schema = schemaOf(type);
  const hostile = findPrototypeKey(input);
  if (hostile) throw new VigilError('invalid_record', `${type}: the record ${prototypeKeyRefusal(hostile)}`);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new VigilError('invalid_record', describeIssues(type, parsed.error.issues));
  const unknown = unknownFields(input, parsed.data);
  const kept = unknown.filter((path) => options.keepUnknownFrom !== undefined && valueAt(options.keepUnknownFrom, path) !== undefined);
  const refused = unknown.filter((path) => !kept.includes(path));
  if (refused.length) {
    const names = refused.map(formatPath);
    const list = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
    throw new VigilError('invalid_record', `${type}: unknown field${names.length > 1 ? 's' : ''} ${list}`);
  }
  for (const path of kept) setValueAt(parsed.data, path, valueAt(input, path));
  return parsed.data as RecordData<T>;
}

/**
 * Validates data written elsewhere (merged revisions): well-formed, unknown fields tolerated.
 * Its caller, checkWireRevision, has already refused keys that name a prototype in the whole revision.
 */
export function checkRecordData(type: string, input: unknown): string | null {
  if (!(recordTypes as string[]).includes(type) && !definitionKey.safeParse(type).success) return `unknown record type "${type}"`;
  const parsed = schemaOf(type as RecordType).safeParse(input);
  return parsed.success ? null : describeIssues(type, parsed.error.issues);
}

function schemaOf(type: RecordType): z.ZodType {
  // A type the organisation defined has the fields every record has, and its defined fields (checked against the archive's definitions).
  if (Object.hasOwn(recordSchemas, type) || definitionKey.safeParse(type).success) return recordSchemaOf(type);
  throw new VigilError('invalid_argument', `unknown record type "${type}"; expected one of ${recordTypes.join(', ')}`);
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
function unknownFields(input: unknown, output: unknown, path: PropertyKey[] = [], found: PropertyKey[][] = []): PropertyKey[][] {
  // One path array for the whole walk, copied only for a field that is found: every record imported passes here.
  if (Array.isArray(input) && Array.isArray(output)) {
    for (let i = 0; i < input.length; i++) {
      path.push(i);
      unknownFields(input[i], output[i], path, found);
      path.pop();
    }
  } else if (isPlainObject(input) && isPlainObject(output)) {
    for (const key of Object.keys(input)) {
      path.push(key);
      if (!Object.hasOwn(output, key)) {
        if (input[key] !== undefined) found.push([...path]);
      } else unknownFields(input[key], output[key], path, found);
      path.pop();
    }
  }
  return found;
}

/** The value at a path of own properties only: nothing inherited is ever read or followed. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || isPrototypeKey(key) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Sets an own data property; a path through anything but own plain objects and arrays sets nothing. */
function setValueAt(root: unknown, path: readonly PropertyKey[], value: unknown): void {
  const key = path.at(-1)!;
  const parent = valueAt(root, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || isPrototypeKey(key)) return;
  Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
