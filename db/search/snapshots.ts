import { deflateSync, inflateSync } from 'node:zlib';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import type { SqliteDatabase } from '../store/sqlite.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

/**
 * In-memory search structures (the typo vocabulary, quick-find) saved inside the encrypted
 * database, so that unlocking does not rebuild them: each snapshot records how far it is
 * current (a watermark) and is caught up from there when loaded.
 */
export function readSnapshot(db: SqliteDatabase, name: string): { watermark: number; json: string } | undefined {
  const row = db.prepare('SELECT watermark, data FROM search_snapshots WHERE name = ?').get(name) as { watermark: number; data: Buffer } | undefined;
  if (!row) return undefined;
  try {
    return { watermark: row.watermark, json: inflateSync(row.data).toString('utf8') };
  } catch {
    return undefined;
  }
}

export function writeSnapshot(db: SqliteDatabase, writes: UnitOfWork, name: string, watermark: number, json: string): void {
  const data = deflateSync(Buffer.from(json, 'utf8'), { level: 1 });
  writes.write(() =>
    db
      .prepare('INSERT INTO search_snapshots (name, watermark, data) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark, data = excluded.data')
      .run(name, watermark, data),
  );
}

export function dropSnapshot(db: SqliteDatabase, writes: UnitOfWork, name: string): void {
  writes.write(() => db.prepare('DELETE FROM search_snapshots WHERE name = ?').run(name));
}

/** Which MiniSearch snapshot, under which version of its documents. */
export interface SnapshotName {
  name: string;
  version: number;
}

/** A saved MiniSearch index and how far it is current; none if missing, unreadable or of another version. */
export function loadIndexSnapshot<T>(db: SqliteDatabase, which: SnapshotName, options: Options<T>): { index: MiniSearch<T>; watermark: number } | undefined {
  const snapshot = readSnapshot(db, which.name);
  if (!snapshot) return undefined;
  try {
    const parsed = JSON.parse(snapshot.json) as { version: number; index: AsPlainObject };
    return parsed.version === which.version ? { index: MiniSearch.loadJS<T>(parsed.index, options), watermark: snapshot.watermark } : undefined;
  } catch {
    return undefined;
  }
}

export function saveIndexSnapshot<T>(db: SqliteDatabase, writes: UnitOfWork, which: SnapshotName, watermark: number, index: MiniSearch<T>): void {
  writeSnapshot(db, writes, which.name, watermark, JSON.stringify({ version: which.version, index: index.toJSON() }));
}
