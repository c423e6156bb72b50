/**
 * Orders a record's revisions oldest first: every revision after its parents, and otherwise
 * by clock, then id. Parent links decide, not clocks, so a device whose clock was wrong
 * cannot make an edit appear before what it edited.
 */
export function orderHistory<T extends { id: string; parents: string[] }>(byClock: readonly T[]): T[] {
  const inRecord = new Set(byClock.map((r) => r.id));
  const emitted = new Set<string>();
  const pending = [...byClock];
  const ordered: T[] = [];
  while (pending.length) {
    let next = pending.findIndex((r) => r.parents.every((p) => !inRecord.has(p) || emitted.has(p)));
    // A cycle cannot be signed into existence (ids are hashes of their parents); guard anyway.
    if (next < 0) next = 0;
    const [rev] = pending.splice(next, 1);
    emitted.add(rev!.id);
    ordered.push(rev!);
  }
  return ordered;
}
