import { VigilError } from '../errors.js';
import type { RevisionBody, SignedRevision } from '../records/revision.js';
import type { WireRevision } from '../records/rows.js';
import { compiledFile, TaskWorker } from '../workers/task-worker.js';
import { checkRevisions, type CheckResult } from './check-revisions.js';

type CheckTask = { revisions: WireRevision[]; keys: Record<string, string> };

/** How long the checker's thread is kept unused for the next bundle. */
const spareThreadMs = 30_000;

/**
 * One thread for the bundles read one after another (a sync folder holds many): starting one
 * takes longer than checking a small bundle's revisions. Made at the first bundle.
 */
let thread: TaskWorker<CheckTask, CheckResult[]> | undefined;

/**
 * Checks a bundle's revisions on a worker thread, batch by batch, so that the signatures of
 * the next batch are verified while the engine's thread writes this one.
 */
export class RevisionChecker {
  readonly #worker = (thread ??= new TaskWorker({
    file: compiledFile('bundles/check-worker.js'),
    task: "checking the bundle's revisions",
    resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 },
    idleMs: spareThreadMs,
  }));
  #unfinished = 0;
  /** Checks run on a worker thread: always, now that a missing worker file is an error (the constructor throws). */
  readonly isolated = true;

  /** The revisions, checked; throws `damaged` with the first problem. Keys: device id → public key (base64). `inline`: on this thread (a batch too large to copy). */
  async check(revisions: WireRevision[], keys: Record<string, string>, options: { inline?: boolean } = {}): Promise<SignedRevision[]> {
    let results: CheckResult[];
    if (options.inline) results = checkRevisions(revisions, keys);
    else {
      this.#unfinished++;
      try {
        results = await this.#worker.run({ revisions, keys });
      } finally {
        this.#unfinished--;
      }
    }
    return results.map((result, i) => {
      if ('problem' in result) throw new VigilError('damaged', result.problem);
      const wire = revisions[i]!;
      return { id: wire.id, body: wire.body as RevisionBody, canonical: result.canonical, signature: Buffer.from(wire.signature, 'base64') };
    });
  }

  /** Done with this bundle. Checks it left unfinished (it failed) are stopped with the thread, not left to delay the next bundle's. */
  async close(): Promise<void> {
    if (this.#unfinished) await this.#worker.close();
  }
}
