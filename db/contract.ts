import type { z } from 'zod';
import type { Archive } from './store/archive.js';
import type { CallerFiles } from './store/caller-files.js';
import type { ErrorData } from './errors.js';
import { VigilError } from './errors.js';

/**
 * The engine's contract: named methods, each with a zod schema for its arguments and its
 * result. Handlers are declared beside what they call and merged into one map in service.ts;
 * the CLI, `vigil serve` and the Electron preload all call that map by name.
 */
export interface MethodDefinition<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  summary: string;
  args: A;
  result: R;
  /**
   * The files and folders a call reads or writes, named in its (not yet validated) arguments.
   * Front ends that let a page call the engine (the desktop shell, `vigil serve`) let through
   * only those their user chose; a method that names files must say so here.
   */
  files?(args: Record<string, unknown>): unknown[];
  /** The call names an archive folder (`dir`): a front end that manages one archive puts its own there. */
  archiveFolder?: true;
  /**
   * The call runs ahead of every queued one and stops the one running (lock, wipe): a lock on
   * suspend must not wait behind a long import.
   */
  interrupts?: true;
  /**
   * The call runs ahead of every queued one and stops the running one if it is one of these
   * methods, with this error (an import cancelled from its screen); any other call runs on.
   */
  cancels?: { methods: readonly string[]; reason: string };
  /** How long the call may run before it is stopped with a `timeout` error; `defaultTimeLimitMs` if not said. */
  timeLimitMs?: number;
  run(session: EngineSession, args: z.output<A>, context: CallContext): Promise<z.output<R>> | z.output<R>;
}

type IntersectionOf<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The groups of methods, each declared beside what it calls, as one map. A name declared twice
 * is an error when the engine loads, never one group silently replacing another's method.
 */
export function mergeMethods<G extends Record<string, MethodDefinition>[]>(...groups: G): IntersectionOf<G[number]> {
  const merged = Object.create(null) as Record<string, MethodDefinition>;
  for (const group of groups) {
    for (const [name, definition] of Object.entries(group)) {
      if (Object.hasOwn(merged, name)) throw new Error(`the contract method "${name}" is declared twice`);
      merged[name] = definition;
    }
  }
  return merged as IntersectionOf<G[number]>;
}

/** A long call's progress (an import's files and bytes), passed to the caller as it happens. */
export type ProgressEvent = Record<string, string | number | null>;

/** What a call may take unless its method says otherwise: far beyond any search or edit, short of a hang. */
export const defaultTimeLimitMs = 5 * 60_000;
/** For calls whose work grows with what they are given (imports, bundles, exports, checks of the whole archive). */
export const longTimeLimitMs = 6 * 60 * 60_000;

export interface CallContext {
  progress(event: ProgressEvent): void;
  /** Aborted when a lock or wipe stops the call, or its time limit passes: long work checks it and rolls back. */
  signal: AbortSignal;
  /** Files the caller keeps sealed under the paths it names (`vigil serve`); absent, paths are files on disk. */
  files?: CallerFiles;
}

export function defineMethod<A extends z.ZodType, R extends z.ZodType>(definition: MethodDefinition<A, R>): MethodDefinition<A, R> {
  return definition;
}

export type Response<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

/** What one client of the engine holds: at most one open archive. */
export class EngineSession {
  archive: Archive | undefined;

  requireArchive(): Archive {
    if (!this.archive || this.archive.closed) throw new VigilError('not_open', 'no archive is open: unlock one first');
    return this.archive;
  }
}
