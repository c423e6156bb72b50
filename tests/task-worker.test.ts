import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { VigilError } from '../db/errors.js';
import { compiledFile, TaskWorker, workerStopOf } from '../db/workers/task-worker.js';
import { rejection } from './support/vigil-errors.js';

type FixtureTask = { echo: unknown } | { threadId: true } | { refuse: string } | { fail: string } | { exit: number } | { spin: true } | { allocate: true } | { parts: number };

const fixture = join(import.meta.dirname, 'support', 'task-worker-fixture.js');
const opened: TaskWorker<FixtureTask, unknown, number>[] = [];

/** A TaskWorker on the fixture thread (real threads, running the built serve-tasks). */
function fixtureWorker(options: { resourceLimits?: { maxOldGenerationSizeMb: number }; idleMs?: number } = {}): TaskWorker<FixtureTask, unknown, number> {
  const worker = new TaskWorker<FixtureTask, unknown, number>({ file: fixture, task: 'the fixture task', ...options });
  opened.push(worker);
  return worker;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((worker) => worker.close()));
});

describe('a task worker', () => {
  it('answers each task in flight with its own result, on one thread', async () => {
    const worker = fixtureWorker();
    expect(await Promise.all([worker.run({ echo: 'first' }), worker.run({ echo: { second: [2] } }), worker.run({ echo: 3 })])).toEqual(['first', { second: [2] }, 3]);
  });

  it('gives errors back as data: a VigilError keeps its code and message, anything else is internal; the thread goes on', async () => {
    const worker = fixtureWorker();
    const refused = await rejection(worker.run({ refuse: 'that file is not a report' }));
    expect(refused).toBeInstanceOf(VigilError);
    expect(refused).toMatchObject({ code: 'invalid_argument', message: 'that file is not a report' });
    expect(await rejection(worker.run({ fail: 'a bug\nover two lines' }))).toMatchObject({ code: 'internal', message: 'unexpected error: a bug over two lines' });
    expect(await worker.run({ echo: 'still here' })).toBe('still here');
  });

  it('fails every task waiting on a thread that exits, instead of leaving them waiting, and starts a new thread for the next', async () => {
    const worker = fixtureWorker();
    // Sent first and still at work (waiting for its parts to be taken) when the thread exits.
    const waiting = rejection(worker.run({ parts: 10 }, { onPart: () => undefined }));
    const exiting = await rejection(worker.run({ exit: 3 }));
    expect(exiting).toMatchObject({ code: 'internal', message: 'the fixture task stopped (exit 3)' });
    expect(workerStopOf(exiting)).toEqual({ reason: 'exited', exitCode: 3 });
    expect(await waiting).toMatchObject({ code: 'internal', message: 'the fixture task stopped (exit 3)' });
    expect(await worker.run({ echo: 'on a new thread' })).toBe('on a new thread');
  });

  it('ends a task past its time limit, with the thread it was stuck on', async () => {
    const worker = fixtureWorker();
    const started = performance.now();
    const late = await rejection(worker.run({ spin: true }, { timeoutMs: 200 }));
    expect(late).toMatchObject({ code: 'internal', message: 'the fixture task took longer than 200 ms' });
    expect(workerStopOf(late)).toEqual({ reason: 'timeout', ms: 200 });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(await worker.run({ echo: 'after the limit' })).toBe('after the limit');
  });

  it('cancels a task: its thread is ended and the task fails, with the signal’s reason when that is a VigilError', async () => {
    const worker = fixtureWorker();
    const controller = new AbortController();
    const spinning = worker.run({ spin: true }, { signal: controller.signal });
    controller.abort();
    expect(await rejection(spinning)).toMatchObject({ code: 'internal', message: 'the fixture task was cancelled' });

    const withReason = new AbortController();
    const again = worker.run({ spin: true }, { signal: withReason.signal });
    withReason.abort(new VigilError('invalid_argument', 'the monitor cancelled the import'));
    expect(await rejection(again)).toMatchObject({ code: 'invalid_argument', message: 'the monitor cancelled the import' });

    expect(await rejection(worker.run({ echo: 'never sent' }, { signal: AbortSignal.abort() }))).toMatchObject({ message: 'the fixture task was cancelled' });
    expect(await worker.run({ echo: 'after cancelling' })).toBe('after cancelling');
  });

  it('keeps a thread within its resource limits: past its heap ceiling it is ended and the task fails', async () => {
    const worker = fixtureWorker({ resourceLimits: { maxOldGenerationSizeMb: 16 } });
    const failed = await rejection(worker.run({ allocate: true }));
    expect(failed).toMatchObject({ code: 'internal', message: expect.stringMatching(/^the fixture task failed \(.*memory limit/) });
    expect(workerStopOf(failed)).toMatchObject({ reason: 'crashed', code: 'ERR_WORKER_OUT_OF_MEMORY' });
  });

  it('hands over parts ahead of the result, and the thread waits while parts are not taken', async () => {
    const worker = fixtureWorker();
    const parts: number[] = [];
    const untaken: (() => void)[] = [];
    const result = worker.run({ parts: 10 }, { onPart: (part, taken) => (parts.push(part), untaken.push(taken)) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Two parts ahead of the engine, then the thread waits for one to be taken.
    expect(parts).toEqual([0, 1, 2]);
    const takeAll = setInterval(() => untaken.splice(0).forEach((taken) => taken()), 5);
    expect(await result).toBe('all sent');
    clearInterval(takeAll);
    expect(parts).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('fails a task still waiting when the worker is closed', async () => {
    const worker = fixtureWorker();
    const spinning = rejection(worker.run({ spin: true }));
    await worker.close();
    expect(await spinning).toMatchObject({ code: 'internal', message: 'the fixture task was stopped before it finished' });
  });

  it('ends a thread left unused for idleMs, and starts another for the next task', async () => {
    const worker = fixtureWorker({ idleMs: 100 });
    const first = await worker.run({ threadId: true });
    expect(await worker.run({ threadId: true })).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await worker.run({ threadId: true })).not.toBe(first);
  });

  it('refuses a missing worker file: an error, never work done without the thread and its limits', () => {
    const missing = join(import.meta.dirname, 'support', 'no-such-worker.js');
    let thrown: unknown;
    try {
      new TaskWorker({ file: missing, task: 'the missing task' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(VigilError);
    expect(thrown).toMatchObject({ code: 'internal', message: `the worker file ${missing} is missing: the engine is not fully built` });
  });

  it('holds the process open only while a task waits: a script that never closes its worker still ends', () => {
    const script = `
      const { TaskWorker } = await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, '..', 'dist', 'db', 'workers', 'task-worker.js')).href)});
      const worker = new TaskWorker({ file: ${JSON.stringify(fixture)}, task: 'the fixture task' });
      console.log(await worker.run({ echo: 'answered' }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('answered\n');
    expect(run.status).toBe(0);
  });

  it('runs the compiled workers when vitest runs the engine from its TypeScript sources', () => {
    expect(compiledFile('search/prepare-worker.js')).toBe(join(import.meta.dirname, '..', 'dist', 'db', 'search', 'prepare-worker.js'));
  });
});
