import { randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, realpathSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { AuditLog } from '../audit/audit-log.js';
import type { AuditAction } from '../shared/audit-actions.js';
import { VigilError } from '../errors.js';
import { generateDeviceKeyPair, privateKeyFromDer, signMessage } from '../records/device-identity.js';
import { RecordStore } from '../records/record-store.js';
import { adoptSearchWordTables } from '../search/edit-search-words.js';
import { SearchIndex } from '../search/search-index.js';
import { fsyncFolder } from './atomic-file.js';
import { failedUnlocksFolder, keepFailedUnlockKey, noteFailedUnlock, readFailedUnlocks, removeFailedUnlockNotes, type FailedUnlock } from './failed-unlocks.js';
import {
  destroyKeyFile,
  keyFileFormat,
  keyFilePath,
  keySlotsDigest,
  nextKeyFilePath,
  readKeyFile,
  replaceSlot,
  scryptDefaults,
  unwrapMasterKey,
  wrapMasterKey,
  writeKeyFile,
  type KeyFile,
} from './key-slots.js';
import { migrate } from './migrations.js';
import { rekeyDatabase, type RekeyProgress } from './rekey-database.js';
import { generateRecoveryCode, normalizeRecoveryCode } from './recovery-code.js';
import { databaseCipher, mapSqliteError, openEncryptedDatabase, type SqliteDatabase } from './sqlite.js';
import { UnitOfWork } from './unit-of-work.js';
import { readMetaValue, setMetaValue, type MetaKey } from './meta-values.js';

/**
 * An archive is a folder: `archive.db` (SQLite, encrypted with a random master key) and
 * `keys.json` (that key wrapped under the passphrase and under the recovery code).
 */
export const databaseFile = 'archive.db';
const databaseFiles = [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`, `${databaseFile}-journal`];

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

export interface ArchiveOptions {
  /** scrypt cost; the default (N=2^17, r=8, p=1) is what archives use. Tests may lower N. */
  kdf?: KdfParams;
}

export type Unlock = { passphrase: string } | { recoveryCode: string };

export const minPassphraseLength = 8;

export function checkNewPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || [...passphrase.normalize('NFC')].length < minPassphraseLength) {
    throw new VigilError('invalid_argument', `the passphrase must have at least ${minPassphraseLength} characters`);
  }
}

export class Archive {
  readonly dir: string;
  readonly archiveId: string;
  readonly deviceId: string;
  readonly db: SqliteDatabase;
  /** Every write to the archive goes through this one unit of work. */
  readonly writes: UnitOfWork;
  readonly records: RecordStore;
  readonly attachments: AttachmentStore;
  readonly audit: AuditLog;
  readonly search: SearchIndex;
  #masterKey: Buffer;
  #keyFile: KeyFile;
  readonly #signingKey: KeyObject;
  #closed = false;

  private constructor(dir: string, db: SqliteDatabase, masterKey: Buffer, keyFile: KeyFile) {
    this.dir = dir;
    this.db = db;
    this.#masterKey = masterKey;
    this.#keyFile = keyFile;
    this.archiveId = readMeta(db, 'archive_id');
    const key = db.prepare('SELECT device_id, private_key FROM device_keys ORDER BY created_ms LIMIT 1').get() as { device_id: string; private_key: Buffer } | undefined;
    if (!key) throw new VigilError('damaged', 'the archive has no device key');
    this.deviceId = key.device_id;
    const signer = { deviceId: this.deviceId, privateKey: privateKeyFromDer(key.private_key) };
    this.#signingKey = signer.privateKey;
    this.audit = new AuditLog(db, { archiveId: this.archiveId, ...signer });
    this.writes = new UnitOfWork(db, this.audit);
    this.search = new SearchIndex(db, this.writes);
    // The search index changes in the same write as the record it indexes.
    this.records = new RecordStore(db, this.writes, signer, this.audit, this.search);
    // An archive from before migration 13 learns who names whom once, here.
    this.records.rebuildReferences();
    key.private_key.fill(0);
    this.attachments = new AttachmentStore(db, this.writes);
    // An archive from before search words were records turns its tables into records once, here.
    adoptSearchWordTables(this);
  }

  /** @internal for createArchive and startSession (and the benchmark's unencrypted baseline). */
  static attach(dir: string, db: SqliteDatabase, masterKey: Buffer, keyFile: KeyFile): Archive {
    return new Archive(dir, db, masterKey, keyFile);
  }

  /** Signs with this device's Ed25519 key (a bundle's manifest); the key never leaves the archive. */
  signAsDevice(message: Uint8Array): Buffer {
    this.#assertOpen();
    return signMessage(this.#signingKey, message);
  }

  /** This device's Ed25519 public key, raw. */
  devicePublicKey(): Buffer {
    return this.db.prepare('SELECT public_key FROM device_keys WHERE device_id = ?').pluck().get(this.deviceId) as Buffer;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sets a new passphrase by rewrapping its key slot; the database is not rewritten. */
  async setPassphrase(newPassphrase: string, how: 'change' | 'reset', options: ArchiveOptions = {}): Promise<void> {
    this.#assertOpen();
    checkNewPassphrase(newPassphrase);
    const current = this.#keyFile.slots.find((s) => s.kind === 'passphrase')!;
    const slot = await wrapMasterKey(this.#masterKey, this.archiveId, 'passphrase', newPassphrase, options.kdf ?? pickKdf(current.kdf));
    const previous = this.#keyFile;
    const next = replaceSlot(previous, slot);
    // The write lock is taken first, so a busy archive fails before anything changes; the
    // key file is replaced inside the transaction and put back if the commit fails.
    let replaced = false;
    try {
      this.writes.write(
        () => {
          noteKeySlots(this.db, next);
          writeKeyFile(this.dir, next);
          replaced = true;
        },
        { audit: { action: how === 'change' ? 'passphrase.change' : 'passphrase.reset' } },
      );
    } catch (err) {
      if (replaced) writeKeyFile(this.dir, previous);
      throw err;
    }
    this.#keyFile = next;
  }

  /**
   * Changes the passphrase and re-encrypts the database under a new master key, so that an old
   * copy of keys.json (a backup, a seized laptop's) no longer opens anything written before or
   * after. The recovery code wraps the old key and cannot be rewrapped without it being typed,
   * so a new one is made: it is returned, to be shown once. The database connection is replaced:
   * this archive is closed and the re-keyed one returned.
   *
   * Order, so that a crash anywhere leaves a key file that opens the database: the new slots
   * (keys.next.json), the database re-encrypted in one transaction, keys.json replaced by them
   * (the old file's bytes overwritten), then the audit entry. openArchive finishes what a crash
   * interrupted.
   */
  async rekey(newPassphrase: string, options: ArchiveOptions & { onProgress?: (progress: RekeyProgress) => void } = {}): Promise<{ archive: Archive; recoveryCode: string }> {
    this.#assertOpen();
    checkNewPassphrase(newPassphrase);
    const kdf = options.kdf ?? pickKdf(this.#keyFile.slots[0]!.kdf);
    const newKey = randomBytes(32);
    const recoveryCode = generateRecoveryCode();
    const slots = await Promise.all([
      wrapMasterKey(newKey, this.archiveId, 'passphrase', newPassphrase, kdf),
      wrapMasterKey(newKey, this.archiveId, 'recovery', normalizeRecoveryCode(recoveryCode), kdf),
    ]);
    const next: KeyFile = { ...this.#keyFile, slots };
    const pages = { count: this.db.pragma('page_count', { simple: true }) as number, size: this.db.pragma('page_size', { simple: true }) as number };
    const oldKey = Buffer.from(this.#masterKey);
    const dir = this.dir;
    const path = join(dir, databaseFile);
    writeKeyFile(dir, next, nextKeyFilePath(dir));
    this.close();
    try {
      await rekeyDatabase(path, oldKey, newKey, pages, options.onProgress);
    } catch (err) {
      // The database is still under the old key: nothing changed, but the archive is now locked.
      destroyKeyFile(nextKeyFilePath(dir));
      const reason = err instanceof VigilError ? err : new VigilError('internal', (err as Error).message);
      throw new VigilError(reason.code, `${reason.message}; the archive is unchanged and locked: unlock it with the current passphrase`);
    } finally {
      oldKey.fill(0);
    }
    finishKeyChange(dir, next);
    const archive = startSession(dir, openEncryptedDatabase(path, newKey, { create: false }), newKey, next, null, { keyChange: { action: 'passphrase.rekey' } });
    return { archive, recoveryCode };
  }

  /** Closes the database and drops the master key from memory. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // A checkpoint is housekeeping; the WAL is replayed on the next open if it fails.
    }
    this.db.close();
    this.#masterKey.fill(0);
  }

  #assertOpen(): void {
    if (this.#closed) throw new VigilError('not_open', 'the archive is locked');
  }
}

function pickKdf(kdf: KdfParams): KdfParams {
  return { N: kdf.N, r: kdf.r, p: kdf.p };
}

const interruptedChange = 'at the next unlock: it was interrupted before it was recorded';

/** Which key slots the audit log has seen: written with every recorded key change. */
function noteKeySlots(db: SqliteDatabase, keyFile: KeyFile): void {
  setMetaValue(db, 'key_slots_digest', keySlotsDigest(keyFile));
}

/** A re-key's last steps once its database is under the new key: keys.json replaced, the pending file gone. */
function finishKeyChange(dir: string, next: KeyFile): void {
  writeKeyFile(dir, next);
  destroyKeyFile(nextKeyFilePath(dir));
}

function readMeta(db: SqliteDatabase, key: MetaKey): string {
  const value = readMetaValue(db, key);
  if (value === undefined) throw new VigilError('damaged', `the archive is missing its ${key}`);
  return value;
}

export function isArchiveFolder(dir: string): boolean {
  return existsSync(keyFilePath(dir)) || existsSync(join(dir, databaseFile));
}

/** Writes what every new archive database holds: its id, this device's signing key, the first audit entry. */
export function initializeDatabase(db: SqliteDatabase, archiveId: string): void {
  const device = generateDeviceKeyPair();
  const now = Date.now();
  const audit = new AuditLog(db, { archiveId, deviceId: device.deviceId, privateKey: privateKeyFromDer(device.privateKeyDer) });
  new UnitOfWork(db, audit).write(
    () => {
      setMetaValue(db, 'archive_id', archiveId);
      setMetaValue(db, 'created_ms', String(now));
      db.prepare('INSERT INTO device_keys (device_id, private_key, public_key, created_ms) VALUES (?, ?, ?, ?)').run(device.deviceId, device.privateKeyDer, device.publicKey, now);
      db.prepare('INSERT INTO devices (device_id, public_key, name, first_seen_ms) VALUES (?, ?, ?, ?)').run(device.deviceId, device.publicKey, null, now);
    },
    { audit: { action: 'archive.create', detail: { archiveId } } },
  );
  device.privateKeyDer.fill(0);
}

/**
 * Creates an archive in `dir` (made if missing; refused if it already holds one) and
 * returns it open, with the recovery code to show once.
 */
export async function createArchive(dirInput: string, passphrase: string, options: ArchiveOptions = {}): Promise<{ archive: Archive; recoveryCode: string }> {
  const dir = resolve(dirInput);
  checkNewPassphrase(passphrase);
  if (isArchiveFolder(dir)) throw new VigilError('archive_exists', `${dir} already holds a Vigil archive`);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new VigilError('invalid_argument', `${dir} is a file, not a folder`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  const masterKey = randomBytes(32);
  const archiveId = randomUUID();
  const recoveryCode = generateRecoveryCode();
  const kdf = options.kdf ?? scryptDefaults;
  const [passphraseSlot, recoverySlot] = await Promise.all([
    wrapMasterKey(masterKey, archiveId, 'passphrase', passphrase, kdf),
    wrapMasterKey(masterKey, archiveId, 'recovery', normalizeRecoveryCode(recoveryCode), kdf),
  ]);
  const keyFile: KeyFile = { format: 'vigil-keys', version: 1, archiveId, cipher: databaseCipher, slots: [passphraseSlot, recoverySlot] };

  let db: SqliteDatabase | undefined;
  try {
    db = openEncryptedDatabase(join(dir, databaseFile), masterKey, { create: true });
    migrate(db);
    initializeDatabase(db, archiveId);
    noteKeySlots(db, keyFile);
    const archive = Archive.attach(dir, db, masterKey, keyFile);
    archive.search.ensureCurrent();
    await keepFailedUnlockKey(db, archive.writes, dir);
    // keys.json last: until it exists the folder holds nothing anyone could ever open.
    writeKeyFile(dir, keyFile);
    return { archive, recoveryCode };
  } catch (err) {
    db?.close();
    for (const name of databaseFiles) rmSync(join(dir, name), { force: true });
    rmSync(join(dir, failedUnlocksFolder), { recursive: true, force: true });
    rmSync(keyFilePath(dir), { force: true });
    masterKey.fill(0);
    throw mapSqliteError(err, 'create');
  }
}

/**
 * Opens an archive with the passphrase or the recovery code. A wrong secret is `auth_failed`:
 * the key file is only read and the database not opened until the master key has been
 * unwrapped; the one file written is a sealed note of the attempt (failed-unlocks.ts), which the
 * next successful unlock records in the audit log. `recordUnlock: false` (a verify) writes no
 * unlock entry and leaves those notes for the next real unlock.
 */
export async function openArchive(dirInput: string, unlock: Unlock, options: { recordUnlock?: boolean } = {}): Promise<Archive> {
  const dir = resolve(dirInput);
  const unlockedWith = 'recoveryCode' in unlock ? 'recovery code' : 'passphrase';
  const unwrap = (file: KeyFile) =>
    'recoveryCode' in unlock ? unwrapMasterKey(file, 'recovery', normalizeRecoveryCode(unlock.recoveryCode)) : unwrapMasterKey(file, 'passphrase', unlock.passphrase);
  let opened: { db: SqliteDatabase; masterKey: Buffer; keyFile: KeyFile; rekeyFinished: boolean };
  try {
    opened = await openWithKeyFiles(dir, unwrap);
  } catch (err) {
    if (err instanceof VigilError && err.code === 'auth_failed') await noteFailedUnlock(dir, unlockedWith);
    throw err;
  }
  const { db, masterKey, keyFile } = opened;
  let archive: Archive | undefined;
  try {
    const keyChange = opened.rekeyFinished ? { keyChange: { action: 'passphrase.rekey' as const, detail: { noted: interruptedChange } } } : {};
    archive = startSession(dir, db, masterKey, keyFile, null, keyChange);
    if (options.recordUnlock === false) return archive;
    await keepFailedUnlockKey(db, archive.writes, dir);
    const failed = await readFailedUnlocks(db, dir);
    recordUnlock(archive, unlockedWith, failed.attempts);
    removeFailedUnlockNotes(failed.files);
    return archive;
  } catch (err) {
    if (archive) archive.close();
    else db?.close();
    masterKey.fill(0);
    throw mapSqliteError(err, 'open');
  }
}

/**
 * Unwraps the master key and opens the database with it. A re-key that a crash interrupted
 * left keys.next.json beside keys.json: the database is under the key of one or the other,
 * so the secret is tried on both, and a re-key that reached the database is finished here
 * (keys.json replaced), one that did not is dropped.
 */
async function openWithKeyFiles(
  dir: string,
  unwrap: (file: KeyFile) => Promise<Buffer>,
): Promise<{ db: SqliteDatabase; masterKey: Buffer; keyFile: KeyFile; rekeyFinished: boolean }> {
  const current = readKeyFile(dir);
  const pending = existsSync(nextKeyFilePath(dir)) ? readPendingKeyFile(dir, current) : undefined;
  const path = join(dir, databaseFile);
  let authFailure: unknown;
  const wrongDatabaseKey: KeyFile[] = [];
  for (const keyFile of pending ? [current, pending] : [current]) {
    let masterKey: Buffer;
    try {
      masterKey = await unwrap(keyFile);
    } catch (err) {
      if (!(err instanceof VigilError && err.code === 'auth_failed')) throw err;
      authFailure ??= err;
      continue;
    }
    if (!existsSync(path)) {
      masterKey.fill(0);
      throw new VigilError('damaged', `the archive database is missing from ${dir}`);
    }
    try {
      const db = openEncryptedDatabase(path, masterKey, { create: false });
      if (keyFile === pending) finishKeyChange(dir, pending);
      else if (pending) destroyKeyFile(nextKeyFilePath(dir));
      return { db, masterKey, keyFile, rekeyFinished: keyFile === pending };
    } catch (err) {
      masterKey.fill(0);
      // The other file's key may be the one the database is under now.
      if (!(pending && isWrongDatabaseKey(err))) throw err;
      wrongDatabaseKey.push(keyFile);
    }
  }
  if (wrongDatabaseKey.length === 2) throw new VigilError('damaged', 'the archive database does not open with either key file: it is damaged or was altered');
  if (pending && wrongDatabaseKey[0] === current) {
    throw new VigilError('auth_failed', 'the archive was being re-encrypted under a new passphrase when it stopped: unlock with the new passphrase');
  }
  if (pending && wrongDatabaseKey[0] === pending) {
    throw new VigilError('auth_failed', 'this passphrase belongs to a re-encryption that did not finish: unlock with the passphrase before it');
  }
  throw authFailure;
}

/** keys.next.json, if it is whole and belongs to this archive; otherwise it is of no use and is ignored. */
function readPendingKeyFile(dir: string, current: KeyFile): KeyFile | undefined {
  try {
    const pending = readKeyFile(dir, nextKeyFilePath(dir));
    return pending.archiveId === current.archiveId ? pending : undefined;
  } catch {
    return undefined;
  }
}

function isWrongDatabaseKey(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return err instanceof VigilError && err.code === 'damaged' && cause?.code === 'SQLITE_NOTADB';
}

/** The unlock in the audit log, after the failed attempts that came before it. */
function recordUnlock(archive: Archive, unlockedWith: string, failed: readonly FailedUnlock[]): void {
  archive.writes.write(
    () => {
      if (!failed.length) return;
      archive.audit.append('unlock.failed', {
        detail: { attempts: failed.length, with: [...new Set(failed.map((f) => f.with))].sort(), first: failed[0]!.at, last: failed.at(-1)!.at },
      });
    },
    { audit: { action: 'unlock', detail: { with: unlockedWith } } },
  );
}

/**
 * Everything an unlock does once the database is open: bring the schema up to date, check
 * the key file belongs to this database, drop half-streamed attachments, record a key change
 * that a crash kept out of the audit log, and (given how it was unlocked) record the unlock.
 */
export function startSession(
  dir: string,
  db: SqliteDatabase,
  masterKey: Buffer,
  keyFile: KeyFile,
  unlock: { unlockedWith: string } | null,
  options: { keyChange?: { action: AuditAction; detail?: Record<string, unknown> } } = {},
): Archive {
  migrate(db);
  if (readMeta(db, 'archive_id') !== keyFile.archiveId) {
    throw new VigilError('damaged', 'keys.json belongs to a different archive than archive.db');
  }
  const archive = Archive.attach(dir, db, masterKey, keyFile);
  archive.search.ensureCurrent();
  archive.writes.write(() => {
    archive.attachments.dropAbandonedStaging();
    archive.audit.signHeadIfUnsigned();
    const noted = readMetaValue(db, 'key_slots_digest');
    // keys.json changed after the last change the log recorded: this one (a re-key finishing), or one cut off before its entry.
    if (noted !== undefined && noted !== keySlotsDigest(keyFile)) {
      const change = options.keyChange ?? { action: 'passphrase.change', detail: { noted: interruptedChange } };
      archive.audit.append(change.action, change.detail ? { detail: change.detail } : {});
    }
    noteKeySlots(db, keyFile);
  });
  if (unlock) recordUnlock(archive, unlock.unlockedWith, []);
  return archive;
}

/**
 * Emergency wipe (crypto-erase): overwrite and delete keys.json, then delete the database
 * files. Without keys.json the database cannot be decrypted by anyone. Needs no passphrase.
 * Only files recognisably Vigil's are touched (symbolic links are never followed to anything
 * else); the folder is removed only if nothing else is in it. Every file is attempted even
 * if one fails, key material first.
 */
export function wipeArchive(dirInput: string): { removed: string[] } {
  const dir = resolve(dirInput);
  const keys = keyFilePath(dir);
  const keysKind = keyFileKind(keys);
  const dbKind = databaseKind(join(dir, databaseFile));
  if (keysKind !== 'vigil' && dbKind !== 'vigil') throw new VigilError('not_found', `no Vigil archive in ${dir}`);
  const removed: string[] = [];
  const failed: string[] = [];
  const attempt = (name: string, fn: () => void) => {
    try {
      fn();
      removed.push(name);
    } catch (err) {
      failed.push(`${name} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };
  if (keysKind === 'vigil' || (keysKind === 'other' && dbKind === 'vigil' && lstatSync(keys).isFile())) {
    attempt('keys.json', () => destroyFile(keys));
  }
  for (const name of readdirSync(dir)) {
    // A re-key's pending key file and the temporary files key files are written through.
    if ((name === 'keys.next.json' || /^\.keys(\.next)?\.json\..*\.tmp$/.test(name)) && lstatSync(join(dir, name)).isFile()) attempt(name, () => destroyFile(join(dir, name)));
  }
  if (dbKind !== 'other') {
    for (const name of databaseFiles) {
      const path = join(dir, name);
      const stat = lstatSync(path, { throwIfNoEntry: false });
      // A link is removed, never followed; its target is not ours to delete.
      if (stat && (stat.isFile() || stat.isSymbolicLink())) attempt(name, () => rmSync(path));
    }
  }
  const notes = join(dir, failedUnlocksFolder);
  const notesStat = lstatSync(notes, { throwIfNoEntry: false });
  if (notesStat?.isDirectory()) {
    for (const name of readdirSync(notes)) {
      if ((name === 'recipient' || /^\d{13}-[0-9a-f]{8}\.age$/.test(name)) && lstatSync(join(notes, name)).isFile())
        attempt(`${failedUnlocksFolder}/${name}`, () => rmSync(join(notes, name)));
    }
    if (!readdirSync(notes).length) attempt(failedUnlocksFolder, () => rmdirSync(notes));
  }
  fsyncFolder(dir);
  if (failed.length) throw new VigilError('io_error', `the wipe could not remove ${failed.join(', ')}; keys.json was destroyed first`);
  if (!readdirSync(dir).length) rmdirSync(dir);
  return { removed };
}

/** Overwrites a key file (or the Vigil key file a link points to) with random bytes, then deletes it. */
function destroyFile(path: string): void {
  const target = lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  const size = Math.max(statSync(target).size, 4096);
  const fd = openSync(target, 'r+');
  try {
    writeSync(fd, randomBytes(size), 0, size, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rmSync(target);
  if (target !== path) rmSync(path);
}

/** 'vigil' when keys.json (or what its link points to) is a Vigil key file, even a damaged one. */
function keyFileKind(path: string): 'absent' | 'vigil' | 'other' {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return 'absent';
  try {
    if (!statSync(path).isFile()) return 'other';
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(4096);
      const n = readSync(fd, head, 0, head.length, 0);
      return head.subarray(0, n).includes(`"${keyFileFormat}"`) ? 'vigil' : 'other';
    } finally {
      closeSync(fd);
    }
  } catch {
    return 'other';
  }
}

/** 'vigil' for an encrypted database file; a plaintext SQLite file or a link is someone else's. */
function databaseKind(path: string): 'absent' | 'vigil' | 'other' {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return 'absent';
  if (!stat.isFile()) return 'other';
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n === 16 && head.toString('latin1') === 'SQLite format 3\0' ? 'other' : 'vigil';
  } finally {
    closeSync(fd);
  }
}
