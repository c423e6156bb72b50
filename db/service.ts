import type { z } from 'zod';
import { attachmentMethods } from './attachments/attachment-methods.js';
import { auditMethods } from './audit/audit-methods.js';
import { EngineSession, defaultTimeLimitMs, mergeMethods, type CallContext, type MethodDefinition, type ProgressEvent, type Response } from './contract.js';
import { bundleMethods } from './bundles/bundle-methods.js';
import { contactMethods } from './contacts/contact-methods.js';
import { draftMethods } from './drafts/draft-methods.js';
import { hearingMethods } from './hearings/hearing-methods.js';
import { exportMethods } from './exports/export-methods.js';
import { importMethods } from './import/import-methods.js';
import { reocrMethods } from './ocr/reocr-methods.js';
import { VigilError, toErrorData } from './errors.js';
import { recordMethods } from './records/record-methods.js';
import { reportMethods } from './reports/report-methods.js';
import { searchMethods } from './search/search-methods.js';
import { findPrototypeKey, prototypeKeyRefusal } from './records/prototype-keys.js';
import { describeIssues } from './records/validate-record.js';
import { archiveMethods } from './store/archive-methods.js';
import { templateMethods } from './templates/template-methods.js';
import { uwaziMethods } from './uwazi/uwazi-methods.js';
import { mapSqliteError } from './store/sqlite.js';
import type { CallerFiles } from './store/caller-files.js';

/** The one API: every front end calls these methods by name. */
export const contract = mergeMethods(
  archiveMethods,
  recordMethods,
  attachmentMethods,
  auditMethods,
  searchMethods,
  importMethods,
  reocrMethods,
  bundleMethods,
  exportMethods,
  draftMethods,
  contactMethods,
  hearingMethods,
  reportMethods,
  templateMethods,
  uwaziMethods,
);

function definitionOf(method: string): MethodDefinition | undefined {
  return Object.hasOwn(contract, method) ? (contract as Record<string, MethodDefinition>)[method] : undefined;
}

/** The files and folders a call names (for a front end's grants); none for a method that names none. */
export function filesNamedBy(method: string, args: unknown): unknown[] {
  const files = definitionOf(method)?.files;
  return files ? files(args && typeof args === 'object' ? (args as Record<string, unknown>) : {}) : [];
}

/** The contract methods that read or write files their caller names. */
export const methodsNamingFiles: readonly string[] = Object.keys(contract).filter((method) => definitionOf(method)?.files);

/**
 * The same call on the front end's own archive folder: `vigil serve` and the desktop shell
 * each manage one archive, whatever folder the page names, so a page cannot open, create or
 * wipe another.
 */
export function pinArchiveFolder(method: string, args: unknown, archiveDir: string): unknown {
  return definitionOf(method)?.archiveFolder && args && typeof args === 'object' ? { ...args, dir: archiveDir } : args;
}

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type ArgsOf<M extends MethodName> = z.input<Contract[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Contract[M]['result']>;

export interface Engine {
  call<M extends MethodName>(method: M, args: ArgsOf<M>, options?: CallOptions): Promise<Response<ResultOf<M>>>;
  /** Closes any open archive (dropping its key). */
  shutdown(): void;
}

export interface CallOptions {
  /** Progress of a long call (import), as the engine reports it. */
  onProgress?: (event: ProgressEvent) => void;
  /** Files the caller keeps sealed under the paths it names (in-process callers only: `vigil serve`). */
  files?: CallerFiles;
}

export interface EngineOptions {
  /** Check every result against its schema too (tests turn this on). */
  checkResults?: boolean;
  /** Caps every method's time limit (tests of the limit itself). */
  timeLimitMs?: number;
}

/**
 * Creates an engine session. Arguments are validated at this boundary whoever the caller is;
 * failures come back as `{ok: false, error: {code, message}}`, never as thrown stacks.
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const session = new EngineSession();
  const queue = new CallQueue((method, args, context) => dispatch(session, method, args, options, context), options.timeLimitMs);
  return {
    call(method, args, callOptions) {
      return queue.call(method, args, callOptions) as never;
    },
    shutdown() {
      session.archive?.close();
      session.archive = undefined;
    },
  };
}

interface QueuedCall {
  method: string;
  args: unknown;
  options: CallOptions | undefined;
  stop: AbortController;
  answer: (response: Response<unknown>) => void;
}

/**
 * One call at a time per session (an unlock or a streamed attachment must not interleave with a
 * write), in the order they came, except that a lock or a wipe goes ahead of every waiting call
 * and stops the running one; waiting calls then find the archive locked. Every call has a time
 * limit: when it passes the caller is answered with a `timeout` error and the call is told to
 * stop, and the next call starts only once it has.
 */
class CallQueue {
  readonly #waiting: QueuedCall[] = [];
  #running: QueuedCall | undefined;
  readonly #run: (method: string, args: unknown, context: CallContext) => Promise<Response<unknown>>;
  readonly #maxTimeLimitMs: number;

  constructor(run: (method: string, args: unknown, context: CallContext) => Promise<Response<unknown>>, maxTimeLimitMs = Infinity) {
    this.#run = run;
    this.#maxTimeLimitMs = maxTimeLimitMs;
  }

  call(method: string, args: unknown, options: CallOptions | undefined): Promise<Response<unknown>> {
    return new Promise((answer) => {
      const call: QueuedCall = { method, args, options, stop: new AbortController(), answer };
      const definition = definitionOf(method);
      const cancels = definition?.cancels;
      if (cancels) {
        if (this.#running && cancels.methods.includes(this.#running.method)) this.#running.stop.abort(new VigilError('cancelled', cancels.reason));
        // One that has not started yet never does: a cancel clicked at once comes in before it.
        for (const waiting of this.#waiting.filter((w) => cancels.methods.includes(w.method))) {
          this.#waiting.splice(this.#waiting.indexOf(waiting), 1);
          waiting.answer({ ok: false, error: new VigilError('cancelled', cancels.reason).toData() });
        }
      } else if (definition?.interrupts) {
        this.#running?.stop.abort(new VigilError('cancelled', 'stopped because the archive was locked; what it was writing was not saved'));
      }
      if (definition?.interrupts || cancels) {
        const firstOrdinary = this.#waiting.findIndex((waiting) => !definitionOf(waiting.method)?.interrupts);
        this.#waiting.splice(firstOrdinary < 0 ? this.#waiting.length : firstOrdinary, 0, call);
      } else {
        this.#waiting.push(call);
      }
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    while ((this.#running = this.#waiting.shift())) await this.#perform(this.#running);
  }

  async #perform(call: QueuedCall): Promise<void> {
    let answered = false;
    const answer = (response: Response<unknown>) => {
      if (answered) return;
      answered = true;
      call.answer(response);
    };
    const limit = Math.min(definitionOf(call.method)?.timeLimitMs ?? defaultTimeLimitMs, this.#maxTimeLimitMs);
    const timer = setTimeout(() => {
      const minutes = Math.round(limit / 60_000);
      const passed = new VigilError(
        'timeout',
        `${call.method} took longer than ${minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${limit} ms`} and was stopped; what it was writing was not saved`,
      );
      call.stop.abort(passed);
      answer({ ok: false, error: passed.toData() });
    }, limit);
    const context: CallContext = {
      progress: (event) => call.options?.onProgress?.(event),
      signal: call.stop.signal,
      ...(call.options?.files ? { files: call.options.files } : {}),
    };
    try {
      answer(await this.#run(call.method, call.args, context));
    } catch (err) {
      answer({ ok: false, error: toErrorData(err) });
    } finally {
      clearTimeout(timer);
    }
  }
}

async function dispatch(session: EngineSession, method: string, args: unknown, options: EngineOptions, context: CallContext): Promise<Response<unknown>> {
  const definition = (contract as Record<string, MethodDefinition | undefined>)[method];
  if (!definition || !Object.hasOwn(contract, method)) {
    return { ok: false, error: { code: 'invalid_argument', message: `unknown method "${method}"` } };
  }
  // Whoever the caller (IPC, HTTP, the CLI), a key that could reach a prototype goes no further.
  const hostile = findPrototypeKey(args);
  if (hostile) return { ok: false, error: { code: 'invalid_argument', message: `the request ${prototypeKeyRefusal(hostile)}` } };
  const parsed = definition.args.safeParse(args ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_argument', message: describeIssues(undefined, parsed.error.issues) } };
  }
  try {
    const value = await definition.run(session, parsed.data, context);
    if (options.checkResults) {
      const checked = definition.result.safeParse(value);
      if (!checked.success) throw new VigilError('internal', describeIssues(`${method} result`, checked.error.issues));
    }
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorData(mapSqliteError(err, method)) };
  }
}
