import { deflateSync, inflateSync } from 'node:zlib';
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
    db.prepare('INSERT INTO search_snapshots (name, watermark, data) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark, data = excluded.data').run(name, watermark, data),
  );
}

export function dropSnapshot(db: SqliteDatabase, writes: UnitOfWork, name: string): void {
  writes.write(() => db.prepare('DELETE FROM search_snapshots WHERE name = ?').run(name));
}
