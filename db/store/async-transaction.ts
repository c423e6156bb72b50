import type { SqliteDatabase } from './sqlite.js';

/**
 * Runs async work — a file streamed into the attachment store, then the records that name it —
 * inside one IMMEDIATE transaction held across its awaits: a crash or an error at any point
 * leaves none of it, and nothing is seen half done. The engine runs one call at a time, so
 * nothing else writes on this connection meanwhile; the transactions of the stores inside
 * become savepoints. Another program writing the archive waits until it commits.
 */
export async function asyncTransaction<T>(db: SqliteDatabase, work: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
