import { statSync } from 'node:fs';
import { VigilError } from '../errors.js';
import { compiledFile, TaskWorker } from '../workers/task-worker.js';
import { mapSqliteError, openEncryptedDatabase } from './sqlite.js';

/**
 * Re-encrypts the database file under a new master key: SQLite3 Multiple Ciphers' `PRAGMA
 * rekey`, which in WAL mode writes every page again as one transaction (a crash leaves the
 * database wholly under one key or the other: tests/rekey.test.ts kills it at random moments),
 * then a checkpoint that folds those pages into the main file, so no page under the old key
 * is left in it. Run on a worker thread with its own connection, so that the caller can report
 * progress from the WAL's growth; the caller's own connection must be closed meanwhile.
 */
export interface RekeyProgress {
  done: number;
  total: number;
}

/** What the worker re-keys: the database file and both keys (hex). */
export interface RekeyTask {
  path: string;
  oldKey: string;
  newKey: string;
}

export async function rekeyDatabase(
  path: string,
  oldKey: Buffer,
  newKey: Buffer,
  pages: { count: number; size: number },
  onProgress?: (progress: RekeyProgress) => void,
): Promise<void> {
  // Each page is written once to the WAL as a frame: its bytes and a 24-byte header.
  const total = pages.count * (pages.size + 24);
  const report = () => {
    const wal = statSize(`${path}-wal`);
    onProgress?.({ done: Math.min(wal, total), total });
  };
  const worker = new TaskWorker<RekeyTask, void>({ file: compiledFile('store/rekey-worker.js'), task: 're-encrypting the archive' });
  const timer = setInterval(report, 100);
  try {
    await worker.run({ path, oldKey: oldKey.toString('hex'), newKey: newKey.toString('hex') });
  } finally {
    clearInterval(timer);
    await worker.close();
  }
  onProgress?.({ done: total, total });
}

/** The re-key itself, on whichever thread runs it. */
export function rekeyHere(path: string, oldKey: Buffer, newKey: Buffer): void {
  const db = openEncryptedDatabase(path, oldKey, { create: false });
  try {
    db.pragma(`rekey = "x'${newKey.toString('hex')}'"`);
    const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    // Until every frame is in the main file, pages under the old key remain there.
    if (!checkpoint || checkpoint.busy || checkpoint.log !== checkpoint.checkpointed) {
      throw new VigilError('io_error', 'the archive is busy in another program: the re-encryption could not be completed; try again');
    }
  } catch (err) {
    throw mapSqliteError(err, 'rekey');
  } finally {
    db.close();
  }
}

function statSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
