/**
 * What must be written before the archive is locked from this page (a draft typed a moment
 * ago): locking waits for it, but never longer than a second, so a lock is never held back.
 */
const waiting = new Set<() => Promise<unknown>>();

export function beforeLock(write: () => Promise<unknown>): () => void {
  waiting.add(write);
  return () => waiting.delete(write);
}

export async function writeBeforeLock(): Promise<void> {
  const writes = Promise.allSettled([...waiting].map((write) => write()));
  await Promise.race([writes, new Promise((resolve) => setTimeout(resolve, 1000))]);
}
