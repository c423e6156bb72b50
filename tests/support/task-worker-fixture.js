// A worker for tests/task-worker.test.ts: each task asks for one behaviour of a thread.
import { threadId } from 'node:worker_threads';
import { VigilError } from '../../dist/db/errors.js';
import { serveTasks } from '../../dist/db/workers/serve-tasks.js';

serveTasks(async (task, { send }) => {
  if ('echo' in task) return task.echo;
  if ('threadId' in task) return threadId;
  if ('refuse' in task) throw new VigilError('invalid_argument', task.refuse);
  if ('fail' in task) throw new Error(task.fail);
  if ('exit' in task) process.exit(task.exit);
  if ('spin' in task) for (;;);
  if ('allocate' in task) {
    const held = [];
    for (;;) held.push(new Array(100_000).fill(held.length));
  }
  if ('parts' in task) {
    for (let i = 0; i < task.parts; i++) await send(i);
    return 'all sent';
  }
  throw new Error('unknown task');
});
