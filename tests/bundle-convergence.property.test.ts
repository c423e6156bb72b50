import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundleIdentity } from '../db/bundles/bundle-identity.js';
import { importBundle } from '../db/bundles/read-bundle.js';
import { exportBundle } from '../db/bundles/write-bundle.js';
import type { Archive } from '../db/store/archive.js';
import { applyLocalChange, replicaState, type LocalChange } from './support/replicas.js';
import { newArchive, tempDir } from './support/temp-archive.js';

/**
 * Replicas that only ever meet through bundle files: random creates, edits, deletes and
 * resolutions; bundles made at random moments (incremental or complete) and delivered late,
 * twice, or in any order. Once everyone has heard from everyone, all hold the same records,
 * current values and conflicts.
 */
type Step = LocalChange | { kind: 'bundle'; from: number; to: number; all: boolean } | { kind: 'deliver'; pick: number };

const title = fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim().length > 0);
const step = (replicas: number): fc.Arbitrary<Step> => {
  const at = fc.integer({ min: 0, max: replicas - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('create' as const), at, title }),
    fc.record({ kind: fc.constant('edit' as const), at, pick: fc.nat(), title }),
    fc.record({ kind: fc.constant('delete' as const), at, pick: fc.nat() }),
    fc.record({ kind: fc.constant('resolve' as const), at, pick: fc.nat(), choice: fc.nat(), merged: fc.boolean() }),
    fc.record({ kind: fc.constant('bundle' as const), from: at, to: at, all: fc.boolean() }),
    // Any bundle made so far, again and again: stale, duplicate and out-of-order deliveries.
    fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }),
  );
};

const scenario = fc
  .integer({ min: 3, max: 5 })
  .chain((replicas) => fc.record({ replicas: fc.constant(replicas), steps: fc.array(step(replicas), { minLength: 4, maxLength: 14 }) }));

interface Made {
  file: string;
  to: number;
}

async function play(replicas: Archive[], recipients: string[], made: Made[], s: Step, folder: string): Promise<void> {
  if (s.kind === 'bundle') {
    if (s.from === s.to) return;
    const file = join(folder, `${made.length}.vigil`);
    await exportBundle(replicas[s.from]!, { out: file, to: [recipients[s.to]!], ...(s.all ? { all: true } : { peer: String(s.to) }) });
    made.push({ file, to: s.to });
    return;
  }
  if (s.kind === 'deliver') {
    if (!made.length) return;
    const bundle = made[s.pick % made.length]!;
    await importBundle(replicas[bundle.to]!, bundle.file);
    return;
  }
  applyLocalChange(replicas[s.at]!, s);
}

describe('convergence through bundles', () => {
  it('3 to 5 replicas exchanging bundles late, twice and out of order end identical', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ replicas: n, steps }) => {
        const replicas = await Promise.all(Array.from({ length: n }, () => newArchive())).then((r) => r.map((x) => x.archive));
        try {
          const recipients = await Promise.all(replicas.map(async (r) => (await bundleIdentity(r)).recipient));
          const folder = tempDir('vigil-prop-');
          const made: Made[] = [];
          for (const s of steps) await play(replicas, recipients, made, s, folder);
          // Everyone hears from everyone: a ring there and back, with complete bundles.
          for (let round = 0; round < 2; round++) {
            for (let i = 0; i < n; i++) {
              const to = (i + 1) % n;
              const file = join(folder, `final-${round}-${i}.vigil`);
              await exportBundle(replicas[i]!, { out: file, to: [recipients[to]!], all: true });
              await importBundle(replicas[to]!, file);
            }
          }
          const [first, ...rest] = replicas.map(replicaState);
          for (const other of rest) expect(other).toEqual(first);
        } finally {
          for (const r of replicas) r.close();
        }
      }),
      { numRuns: 200 },
    );
  });
});
