import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type MessagePort, type ResourceLimits, type Transferable } from 'node:worker_threads';
import { VigilError, type ErrorData } from '../errors.js';

export interface TaskWorkerOptions {
  /** The compiled worker file's path (see compiledFile). */
  file: string;
  /** What the worker does, for messages: "checking the bundle's revisions". */
  task: string;
  resourceLimits?: ResourceLimits;
  /** A thread with no task for this long is ended (the next task starts another); without it, a thread lasts until closed or stopped. */
  idleMs?: number;
  /** Data for each new thread; `answers`: the port its answers come on, when not the thread itself. */
  start?: () => { workerData?: unknown; transferList?: readonly Transferable[]; answers?: MessagePort };
  /** The error a task fails with when its thread stops; the default is `internal`, worded with `task`. */
  failure?: (stop: WorkerStop) => VigilError;
}

/** Why a task's thread stopped before answering it. */
export type WorkerStop =
  | { reason: 'timeout'; ms: number }
  | { reason: 'cancelled' }
  | { reason: 'crashed'; code?: string; message: string }
  | { reason: 'exited'; exitCode: number }
  /** Held more memory outside its heap (WebAssembly's, a decoder's buffers) than the task was allowed. */
  | { reason: 'memory'; bytes: number }
  /** Closed by its owner, or ended because another task on it timed out or was cancelled. */
  | { reason: 'stopped' };

export interface RunOptions<Part> {
  /** Time the task may take; counted again from each part it sends (a thread sending parts is working, not stuck). */
  timeoutMs?: number;
  /** Aborting ends the thread and fails the task (with the signal's reason when that is a VigilError). */
  signal?: AbortSignal;
  /** Parts of the result sent ahead of it; the thread sends the next ones once earlier ones are `taken`. Without this, taken at once. */
  onPart?: (part: Part, taken: () => void) => void;
  /**
   * Memory the thread may hold outside its heap while the task runs (resourceLimits bound only
   * the heap): read every `memoryPollMs`, and past it the thread is ended and the task fails.
   */
  externalMemoryCeiling?: number;
}

/** How often a task's memory outside the heap is read, when it has a ceiling. */
const memoryPollMs = 50;

type Answer<Result, Part> = { id: number; part: Part } | { id: number; error: ErrorData } | { id: number; result: Result };

interface Waiter<Result, Part> {
  hear(answer: Answer<Result, Part>): void;
  fail(err: VigilError): void;
}

interface Thread<Result, Part> {
  worker: Worker;
  answers: MessagePort | undefined;
  waiting: Map<number, Waiter<Result, Part>>;
  idle?: NodeJS.Timeout;
}

/**
 * Compiled files are beside this module; vitest runs the TypeScript sources, whose compiled
 * files are in dist/ (tests/support/fresh-build keeps them current). Paths, not `new URL(…,
 * import.meta.url)`: vite rewrites that into a web address under a browser-like environment.
 */
const compiledRoot = import.meta.filename.endsWith('.ts') ? join(import.meta.dirname, '..', '..', 'dist', 'db') : join(import.meta.dirname, '..');

/** The path of the compiled engine file at `path` inside db/: 'search/prepare-worker.js'. */
export function compiledFile(path: string): string {
  return join(compiledRoot, path);
}

/** The stop a task failed for, when it failed because its thread stopped. */
export function workerStopOf(err: unknown): WorkerStop | undefined {
  return err instanceof VigilError && isWorkerStop(err.cause) ? err.cause : undefined;
}

/**
 * A worker thread that runs tasks for the engine, one request and one answer per task (see
 * serve-tasks for the thread's side). It owns what every worker of the engine needs: the
 * compiled file (missing is an error: running inline would drop the limits that protect
 * against hostile files), message ids, errors as data, a time limit per task, resource
 * limits, cancellation, and a thread that fails or ends failing every task it was given,
 * never leaving one waiting. The thread starts at the first task and again after it ends.
 */
export class TaskWorker<Task, Result, Part = never> {
  readonly #options: TaskWorkerOptions;
  #thread: Thread<Result, Part> | undefined;
  #next = 0;

  constructor(options: TaskWorkerOptions) {
    if (!existsSync(options.file)) throw new VigilError('internal', `the worker file ${options.file} is missing: the engine is not fully built`);
    this.#options = options;
  }

  run(task: Task, options: RunOptions<Part> = {}): Promise<Result> {
    const { timeoutMs, signal, onPart, externalMemoryCeiling } = options;
    if (signal?.aborted) return Promise.reject(this.#cancelled(signal));
    const thread = this.#start();
    const id = this.#next++;
    return new Promise<Result>((resolve, reject) => {
      const limit = () => (timeoutMs === undefined ? undefined : setTimeout(() => this.#stopFor(thread, id, this.#failure({ reason: 'timeout', ms: timeoutMs })), timeoutMs));
      let timer = limit();
      const onAbort = () => this.#stopFor(thread, id, this.#cancelled(signal!));
      // Answered between two steps of the thread's work, even inside a long WebAssembly call.
      const watch =
        externalMemoryCeiling === undefined
          ? undefined
          : setInterval(() => {
              thread.worker.getHeapStatistics().then(
                (heap) => {
                  if (thread.waiting.has(id) && heap.external_memory > externalMemoryCeiling)
                    this.#stopFor(thread, id, this.#failure({ reason: 'memory', bytes: heap.external_memory }));
                },
                () => undefined,
              );
            }, memoryPollMs);
      const settle = () => {
        clearTimeout(timer);
        clearInterval(watch);
        signal?.removeEventListener('abort', onAbort);
        thread.waiting.delete(id);
        // An idle thread never holds the process open.
        if (!thread.waiting.size) this.#rest(thread);
      };
      const taken = () => (thread.answers ?? thread.worker).postMessage({ id, ack: true });
      thread.waiting.set(id, {
        hear: (answer) => {
          if ('part' in answer) {
            clearTimeout(timer);
            timer = limit();
            if (onPart) onPart(answer.part, taken);
            else taken();
            return;
          }
          settle();
          if ('error' in answer) reject(new VigilError(answer.error.code, answer.error.message));
          else resolve(answer.result);
        },
        fail: (err) => {
          settle();
          reject(err);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      clearTimeout(thread.idle);
      this.#hold(thread, true);
      thread.worker.postMessage({ id, task });
    });
  }

  /** Ends the thread; tasks still waiting fail. */
  async close(): Promise<void> {
    const thread = this.#thread;
    if (!thread) return;
    this.#end(thread, { reason: 'stopped' });
    await thread.worker.terminate();
  }

  #start(): Thread<Result, Part> {
    if (this.#thread) return this.#thread;
    const { workerData, transferList, answers } = this.#options.start?.() ?? {};
    // Not the parent's flags: a worker of ours needs none, and some (--input-type) break it.
    const worker = new Worker(this.#options.file, {
      execArgv: [],
      workerData,
      ...(transferList ? { transferList: [...transferList] } : {}),
      ...(this.#options.resourceLimits ? { resourceLimits: this.#options.resourceLimits } : {}),
    });
    const thread: Thread<Result, Part> = { worker, answers, waiting: new Map() };
    const hear = (answer: Answer<Result, Part>) => thread.waiting.get(answer?.id)?.hear(answer);
    worker.on('message', hear);
    answers?.on('message', hear);
    worker.on('error', (err: Error & { code?: string }) => this.#end(thread, { reason: 'crashed', ...(err.code ? { code: err.code } : {}), message: err.message }));
    worker.on('exit', (exitCode) => {
      this.#end(thread, { reason: 'exited', exitCode });
      answers?.close();
    });
    this.#hold(thread, false);
    this.#thread = thread;
    return thread;
  }

  /** A thread with no task left: it no longer holds the process open, and ends after `idleMs`. */
  #rest(thread: Thread<Result, Part>): void {
    this.#hold(thread, false);
    const { idleMs } = this.#options;
    if (idleMs === undefined) return;
    thread.idle = setTimeout(() => {
      if (this.#thread === thread && !thread.waiting.size) void this.close();
    }, idleMs);
    thread.idle.unref();
  }

  /** Whether the thread keeps the process open: only while a task waits on it. */
  #hold(thread: Thread<Result, Part>, hold: boolean): void {
    for (const handle of [thread.worker, thread.answers]) {
      if (hold) handle?.ref();
      else handle?.unref();
    }
  }

  /** Fails every task of a thread that has stopped, and forgets the thread (the next task starts another). */
  #end(thread: Thread<Result, Part>, stop: WorkerStop): void {
    if (this.#thread === thread) this.#thread = undefined;
    const err = this.#failure(stop);
    for (const waiter of [...thread.waiting.values()]) waiter.fail(err);
  }

  /** Ends a thread for one of its tasks (timed out, cancelled): that task fails with `err`, any other on it as stopped. */
  #stopFor(thread: Thread<Result, Part>, id: number, err: VigilError): void {
    thread.waiting.get(id)?.fail(err);
    this.#end(thread, { reason: 'stopped' });
    void thread.worker.terminate();
  }

  #cancelled(signal: AbortSignal): VigilError {
    return signal.reason instanceof VigilError ? signal.reason : this.#failure({ reason: 'cancelled' });
  }

  #failure(stop: WorkerStop): VigilError {
    const err = this.#options.failure?.(stop) ?? new VigilError('internal', describeStop(this.#options.task, stop));
    // The stop as its cause: an owner may tell a thread that ended without a word (workerStopOf).
    return new VigilError(err.code, err.message, { cause: stop });
  }
}

function describeStop(task: string, stop: WorkerStop): string {
  switch (stop.reason) {
    case 'timeout':
      return `${task} took longer than ${stop.ms < 1000 ? `${stop.ms} ms` : `${Math.round(stop.ms / 1000)} s`}`;
    case 'cancelled':
      return `${task} was cancelled`;
    case 'crashed':
      return `${task} failed (${stop.message})`;
    case 'exited':
      return `${task} stopped (exit ${stop.exitCode})`;
    case 'stopped':
      return `${task} was stopped before it finished`;
    case 'memory':
      return `${task} needed more memory than allowed (${Math.round(stop.bytes / 1024 ** 2)} MB)`;
  }
}

function isWorkerStop(value: unknown): value is WorkerStop {
  return (
    typeof value === 'object' && value !== null && ['timeout', 'cancelled', 'crashed', 'exited', 'stopped', 'memory'].includes((value as { reason?: unknown }).reason as string)
  );
}
