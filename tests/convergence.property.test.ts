import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Archive } from '../db/store/archive.js';
import { verifyArchive } from '../db/verify-archive.js';
import { applyLocalChange, replicaState, syncAll, type LocalChange } from './support/replicas.js';
import { newArchive } from './support/temp-archive.js';

type Command = LocalChange | { kind: 'send'; from: number; to: number; picks: number[] };

const replica = fc.integer({ min: 0, max: 2 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), at: replica, title: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim().length > 0) }),
  fc.record({ kind: fc.constant('edit' as const), at: replica, pick: fc.nat(), title: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim().length > 0) }),
  fc.record({ kind: fc.constant('delete' as const), at: replica, pick: fc.nat() }),
  fc.record({ kind: fc.constant('resolve' as const), at: replica, pick: fc.nat(), choice: fc.nat(), merged: fc.boolean() }),
  // Any subset of the sender's revisions, in any order, with duplicates: stale and out-of-order deliveries.
  fc.record({ kind: fc.constant('send' as const), from: replica, to: replica, picks: fc.array(fc.nat(), { maxLength: 12 }) }),
);

function run(replicas: Archive[], cmd: Command): void {
  if (cmd.kind === 'send') {
    if (cmd.from === cmd.to) return;
    const all = replicas[cmd.from]!.records.exportRevisions();
    if (!all.revisions.length) return;
    const revisions = cmd.picks.map((i) => all.revisions[i % all.revisions.length]!);
    replicas[cmd.to]!.records.mergeRevisions({ revisions, devices: all.devices });
    return;
  }
  applyLocalChange(replicas[cmd.at]!, cmd);
}

describe('convergence', () => {
  it('three replicas with random edits, deletes, resolutions and exchanges end identical', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 40 }), async (commands) => {
        const replicas = await Promise.all([newArchive(), newArchive(), newArchive()]).then((r) => r.map((x) => x.archive));
        try {
          for (const cmd of commands) run(replicas, cmd);
          // Everyone hears from everyone, in a different order on each side.
          for (const [from, to] of [
            [0, 1],
            [2, 1],
            [1, 0],
            [1, 2],
            [0, 2],
            [2, 0],
          ] as const)
            syncAll(replicas[from]!, replicas[to]!);
          const [first, ...rest] = replicas.map(replicaState);
          for (const other of rest) expect(other).toEqual(first);
          for (const r of replicas) expect(verifyArchive(r)).toMatchObject({ ok: true });
        } finally {
          for (const r of replicas) r.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
