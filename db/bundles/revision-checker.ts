import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VigilError } from '../errors.js';
import { checkWireRevision } from '../records/check-wire-revision.js';
import type { RevisionBody, SignedRevision } from '../records/revision.js';
import type { WireRevision } from '../records/rows.js';

type CheckResult = { problem: string } | { canonical: string };

/**
 * Checks a bundle's revisions on a worker thread, batch by batch, so that the signatures of
 * the next batch are verified while the engine's thread writes this one. Where the compiled
 * worker is missing (tests running the TypeScript sources) the checks run inline.
 */
export class RevisionChecker {
  #worker: Worker | undefined;
  #next = 0;
  readonly #waiting = new Map<number, { resolve: (results: CheckResult[]) => void; reject: (err: Error) => void }>();
  readonly #url = new URL('./check-worker.js', import.meta.url);
  readonly isolated: boolean;

  constructor() {
    this.isolated = existsSync(fileURLToPath(this.#url));
  }

  /** The revisions, checked; throws `damaged` with the first problem. Keys: device id → public key (base64). */
  async check(revisions: WireRevision[], keys: Record<string, string>, options: { inline?: boolean } = {}): Promise<SignedRevision[]> {
    const results = this.isolated && !options.inline ? await this.#onWorker(revisions, keys) : revisions.map((wire) => inline(wire, keys));
    return results.map((result, i) => {
      if ('problem' in result) throw new VigilError('damaged', result.problem);
      const wire = revisions[i]!;
      return { id: wire.id, body: wire.body as RevisionBody, canonical: result.canonical, signature: Buffer.from(wire.signature, 'base64') };
    });
  }

  #onWorker(revisions: WireRevision[], keys: Record<string, string>): Promise<CheckResult[]> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ id, revisions, keys });
    });
  }

  #start(): Worker {
    if (!this.#worker) {
      const worker = new Worker(this.#url, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 } });
      worker.on('message', (message: { id: number; results: CheckResult[] }) => {
        this.#waiting.get(message.id)?.resolve(message.results);
        this.#waiting.delete(message.id);
      });
      const fail = (err: Error) => {
        for (const waiting of this.#waiting.values()) waiting.reject(new VigilError('internal', `checking the bundle's revisions failed (${err.message})`));
        this.#waiting.clear();
        this.#worker = undefined;
      };
      worker.on('error', fail);
      worker.on('exit', () => fail(new Error('the checker stopped')));
      this.#worker = worker;
    }
    return this.#worker;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    worker?.removeAllListeners('exit');
    await worker?.terminate();
  }
}

function inline(wire: WireRevision, keys: Record<string, string>): CheckResult {
  const author = (wire?.body as { device?: unknown } | undefined)?.device;
  const key = typeof author === 'string' && Object.hasOwn(keys, author) ? Buffer.from(keys[author]!, 'base64') : undefined;
  const checked = checkWireRevision(wire, key);
  return 'problem' in checked ? { problem: checked.problem } : { canonical: checked.revision.canonical };
}
