import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { VigilError } from '../errors.js';

export type SqliteDatabase = Database.Database;

/**
 * The page cipher: AEGIS-256, an authenticated cipher (256-bit key and nonce) that runs on the
 * AES instructions of every current laptop, so encryption costs almost nothing on reads or
 * writes. Every page is authenticated: a flipped byte is an error, not bad data.
 */
export const databaseCipher = 'aegis-256';

/**
 * Opens `archive.db` keyed with the raw 256-bit master key. The `x'..'` form hands the key to
 * SQLite3 Multiple Ciphers as-is: no key derivation inside SQLite, our key is already random.
 */
export function openEncryptedDatabase(path: string, masterKey: Buffer, options: { create: boolean }): SqliteDatabase {
  if (masterKey.length !== 32) throw new VigilError('internal', 'the master key must be 32 bytes');
  keepPrivate(path, options.create);
  let db: SqliteDatabase;
  try {
    db = new Database(path, { fileMustExist: !options.create });
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CANTOPEN') {
      throw new VigilError('damaged', `the archive database is missing or cannot be opened (${path})`);
    }
    throw err;
  }
  try {
    db.pragma(`cipher = 'aegis'`);
    db.pragma(`algorithm = '${databaseCipher}'`);
    db.pragma(`key = "x'${masterKey.toString('hex')}'"`);
    // The first read proves the key and the first page; before it, nothing has been decrypted.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    if (options.create) {
      // Freed pages are returned to the file at each commit, so every page holds live data
      // that integrity_check reads and authenticates, and deleted content does not linger.
      db.pragma('auto_vacuum = FULL');
    }
    applyConnectionSettings(db);
    return db;
  } catch (err) {
    db.close();
    throw mapSqliteError(err, 'open');
  }
}

/**
 * Owner-only files (0600), like keys.json: SQLite makes its WAL and shared-memory files with
 * the database file's permissions, so the database is made first with them; an archive made
 * before, with the umask's 0644, is narrowed when opened.
 */
function keepPrivate(path: string, create: boolean): void {
  if (process.platform === 'win32') return;
  if (create) {
    try {
      closeSync(openSync(path, 'wx', 0o600));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if (statSync(file).mode & 0o077) chmodSync(file, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** The settings every connection runs with, encrypted or not (the benchmark baseline uses them too). */
export function applyConnectionSettings(db: SqliteDatabase): void {
  db.pragma('journal_mode = WAL');
  // FULL: a note that was acknowledged survives power loss, WAL or not.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Sorting and temporary indexes stay in memory: no plaintext temp files on disk.
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
  // Decrypted pages (a ceiling, not an allocation). 32 MiB: reading a page again costs a read
  // from the system's file cache and a decryption, a few microseconds, so a larger cache barely
  // helped record reads at 100k records (12 µs against 15 µs a get) or searches at any size, but
  // a search of a million passages fills whatever it is given: 128 MiB took it past 500 MB.
  db.pragma('cache_size = -32768');
  db.pragma('secure_delete = ON');
}

/** Maps SQLite failures to errors a monitor can act on. */
export function mapSqliteError(err: unknown, during: string): unknown {
  if (err instanceof VigilError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new VigilError('damaged', `the archive database is damaged or was altered (${during}: ${code})`, { cause: err });
  }
  if (code === 'SQLITE_FULL') return new VigilError('io_error', 'the disk is full', { cause: err });
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_READONLY' || code.startsWith('SQLITE_CANTOPEN')) {
    return new VigilError('io_error', `the archive database cannot be read or written (${code})`, { cause: err });
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY')) {
    return new VigilError('io_error', 'the archive is busy in another program; try again', { cause: err });
  }
  return err;
}
