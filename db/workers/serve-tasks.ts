import { parentPort, type MessagePort } from 'node:worker_threads';
import { toErrorData } from '../errors.js';

/** Parts of one task's result sent but not yet taken by the engine, beyond which the task waits. */
const partsAhead = 2;

export interface TaskContext<Part> {
  id: number;
  /** Sends a part of the result ahead of it; resolves once the engine is not too far behind. */
  send(part: Part): Promise<void>;
}

/**
 * The thread's side of a TaskWorker: runs each task it is sent through `handle` and answers
 * with the result, or with the error as data (a VigilError's code and message; anything else
 * as `internal`). Tasks come from the parent thread and answers go back to it, unless other
 * ports are given (the extraction reader's tasks come from its watchdog, its answers go
 * straight to the engine).
 */
export function serveTasks<Task, Result, Part = never>(
  handle: (task: Task, context: TaskContext<Part>) => Result | Promise<Result>,
  ports: { tasks?: MessagePort; answers?: MessagePort } = {},
): void {
  const tasks = ports.tasks ?? parentPort!;
  const answers = ports.answers ?? tasks;
  const unacknowledged = new Map<number, { count: number; wake?: () => void }>();

  answers.on('message', (message: { id: number; ack?: true }) => {
    const state = message.ack && unacknowledged.get(message.id);
    if (!state) return;
    state.count--;
    state.wake?.();
    state.wake = undefined;
  });

  tasks.on('message', (message: { id: number; task?: Task }) => {
    if (!('task' in message)) return;
    const { id } = message;
    const state: { count: number; wake?: () => void } = { count: 0 };
    unacknowledged.set(id, state);
    const send = async (part: Part) => {
      answers.postMessage({ id, part });
      state.count++;
      while (state.count > partsAhead) await new Promise<void>((resolve) => (state.wake = resolve));
    };
    const answer = (reply: object) => {
      unacknowledged.delete(id);
      answers.postMessage({ id, ...reply });
    };
    Promise.resolve()
      .then(() => handle(message.task as Task, { id, send }))
      .then(
        (result) => answer({ result }),
        (err: unknown) => answer({ error: toErrorData(err) }),
      );
  });
}
