import { VigilError } from '../errors.js';
import type { RevisionBody, SignedRevision } from '../records/revision.js';
import type { WireRevision } from '../records/rows.js';
import { compiledFile, TaskWorker } from '../workers/task-worker.js';
import { checkRevisions, type CheckResult } from './check-revisions.js';

/**
 * Checks a bundle's revisions on a worker thread, batch by batch, so that the signatures of
 * the next batch are verified while the engine's thread writes this one.
 */
export class RevisionChecker {
  readonly #worker = new TaskWorker<{ revisions: WireRevision[]; keys: Record<string, string> }, CheckResult[]>({
    file: compiledFile('bundles/check-worker.js'),
    task: "checking the bundle's revisions",
    resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 },
  });
  /** Checks run on a worker thread: always, now that a missing worker file is an error (the constructor throws). */
  readonly isolated = true;

  /** The revisions, checked; throws `damaged` with the first problem. Keys: device id → public key (base64). `inline`: on this thread (a batch too large to copy). */
  async check(revisions: WireRevision[], keys: Record<string, string>, options: { inline?: boolean } = {}): Promise<SignedRevision[]> {
    const results = options.inline ? checkRevisions(revisions, keys) : await this.#worker.run({ revisions, keys });
    return results.map((result, i) => {
      if ('problem' in result) throw new VigilError('damaged', result.problem);
      const wire = revisions[i]!;
      return { id: wire.id, body: wire.body as RevisionBody, canonical: result.canonical, signature: Buffer.from(wire.signature, 'base64') };
    });
  }

  async close(): Promise<void> {
    await this.#worker.close();
  }
}
