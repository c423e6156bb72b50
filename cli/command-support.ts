import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ParseArgsConfig } from 'node:util';
import type { ErrorCode } from '../db/errors.js';
import { recordTypes } from '../db/shared/schemas.js';
import { createEngine, type ArgsOf, type CallOptions, type Engine, type MethodName, type ResultOf } from '../db/service.js';
import { readPassphrase } from './secrets.js';
import { UsageError } from './usage-error.js';

/** Exit codes: 0 done; 1 usage; 2 wrong passphrase or recovery code; 3 rejected input; 4 not found; 5 failure. */
const exitCodeOf: Record<ErrorCode, number> = {
  invalid_argument: 3,
  invalid_record: 3,
  damaged: 3,
  schema_mismatch: 3,
  archive_exists: 3,
  stale: 3,
  auth_failed: 2,
  not_found: 4,
  not_open: 5,
  already_open: 5,
  io_error: 5,
  cancelled: 5,
  timeout: 5,
  internal: 5,
};

export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export type Options = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals: [min: number, max: number];
  run(positionals: string[], options: Options): Promise<void>;
}

/** An option given any number of times (`--type a --type b`), as a list. */
export function list(value: Options[string]): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
}

export const passphraseFile = { 'passphrase-file': { type: 'string' } } as const;

export async function call<M extends MethodName>(engine: Engine, method: M, args: ArgsOf<M>, options: CallOptions = {}): Promise<ResultOf<M>> {
  const response = await engine.call(method, args, options);
  if (!response.ok) throw new CommandFailed(response.error.message, exitCodeOf[response.error.code] ?? 5);
  return response.value;
}

/** Opens the archive in DIR, runs `fn`, and always locks it again. */
export async function withArchive<T>(dir: string, options: Options, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = createEngine();
  try {
    const passphrase = await readPassphrase({ passphraseFile: options['passphrase-file'] as string | undefined });
    await call(engine, 'archive.open', { dir, passphrase });
    return await fn(engine);
  } finally {
    engine.shutdown();
  }
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}

export function readInput(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch {
    throw new CommandFailed(`cannot read ${path === '-' ? 'standard input' : path}`, 4);
  }
}

/**
 * Each non-empty line of a file (or standard input, `-`) parsed as JSON and handed on in order,
 * as it arrives; a failure names its line. For records or notes written elsewhere.
 */
export async function forEachJsonLine(source: string, each: (value: unknown) => Promise<void>): Promise<void> {
  const input = source === '-' ? process.stdin : createReadStream(source).on('error', () => undefined);
  let lineNo = 0;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (!line.trim()) continue;
      const value = parseJson(line, `line ${lineNo}`);
      try {
        await each(value);
      } catch (err) {
        if (err instanceof CommandFailed) throw new CommandFailed(`line ${lineNo}: ${err.message}`, err.exitCode);
        throw err;
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') throw new CommandFailed(`cannot read ${source}`, 4);
    throw err;
  }
}

export function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CommandFailed(`${where} is not valid JSON: ${(err as Error).message}`, 3);
  }
}

/** A record type named on the command line: built in, or a key the archive may define (the engine says if it does not). */
export function recordTypeArg(type: string): (typeof recordTypes)[number] {
  if (!(recordTypes as string[]).includes(type) && !/^[a-z][a-z0-9_-]{0,63}$/.test(type)) {
    throw new UsageError(`unknown record type "${type}"; expected one of ${recordTypes.join(', ')}, or a type the archive defines`);
  }
  return type as (typeof recordTypes)[number];
}

export function positiveInt(value: string | undefined, name: string): number | undefined {
  const n = wholeNumber(value, name);
  if (n === 0) throw new UsageError(`--${name} takes a whole number above 0`);
  return n;
}

export function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number`);
  return Number(value);
}
