import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { VigilError, isVigilError } from '../errors.js';
import type { Archive } from '../store/archive.js';
import { checkBundlePassphrase } from './bundle-passphrase.js';
import { importBundle } from './read-bundle.js';
import type { SyncResult } from './bundle-results.js';
import { exportBundle } from './write-bundle.js';
import { recordSql } from '../records/record-sql.js';
import { keepFirstMetaValue } from '../store/meta-values.js';

export interface SyncOptions {
  passphrase?: string;
  to?: string[];
  scryptWorkFactor?: number;
  /** Aborted (the archive being locked): the bundle being read is rolled back and the sync stops. */
  signal?: AbortSignal;
}

/** `<device id>.vigil`: one bundle per device, replaced in place as it grows. */
const bundleName = /^([0-9a-f]{32})\.vigil$/;

interface SeenFile {
  stamp: string;
  damaged_sha256: string | null;
  damage: string | null;
}

interface OwnBundle {
  last_seq: number;
  stamp: string;
  sha256: string;
  locked_to: string;
}

/**
 * A shared folder (a USB stick, or one that Syncthing or Nextcloud copies between laptops) as
 * a meeting point: each device keeps one complete bundle there, named after itself, and reads
 * everyone else's. A complete bundle carries what its device received from others too, so a
 * device that never meets another still gets its work through a third.
 *
 * What this archive knows of each folder is kept per folder: a second folder (another stick)
 * gets this device's bundle too, and a damaged copy of it there is written again. A damaged
 * bundle of another device is reported, remembered by the hash of its content and skipped
 * until it changes (a half-copied file is read again once complete); the rest still syncs.
 */
export async function syncFolder(archive: Archive, folderInput: string, options: SyncOptions): Promise<SyncResult> {
  // This device's bundle is written under the passphrase: a short one is refused before anything is read.
  if (!options.to?.length) {
    if (!options.passphrase) throw new VigilError('invalid_argument', 'a sync folder needs the team passphrase, or the members\u2019 keys (age1…)');
    checkBundlePassphrase(options.passphrase);
  }
  let names: string[];
  let folder: string;
  try {
    if (!statSync(folderInput).isDirectory()) throw new VigilError('invalid_argument', `${folderInput} is not a folder`);
    folder = realpathSync(folderInput);
    names = readdirSync(folder);
  } catch (err) {
    if (isVigilError(err)) throw err;
    throw new VigilError('not_found', `cannot read the folder ${folderInput} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const db = archive.db;
  const result: SyncResult = { wrote: null, imported: [], unchanged: [], rejected: [], stillDamaged: [], ignored: [] };
  let wrongPassphrase = 0;
  const seenBefore = db.prepare('SELECT stamp, damaged_sha256, damage FROM sync_folder_files WHERE folder = ? AND file = ?');
  const remember = db.prepare(
    `INSERT INTO sync_folder_files (folder, file, stamp, damaged_sha256, damage, checked_ms) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (folder, file) DO UPDATE SET stamp = excluded.stamp, damaged_sha256 = excluded.damaged_sha256, damage = excluded.damage, checked_ms = excluded.checked_ms`,
  );
  for (const name of names.sort()) {
    options.signal?.throwIfAborted();
    const device = bundleName.exec(name)?.[1];
    if (!device) {
      // Temporary files (ours end .partial, Syncthing's .tmp) start with a dot; anything else is reported.
      if (name.endsWith('.vigil') && !name.startsWith('.')) result.ignored.push(name);
      continue;
    }
    if (device === archive.deviceId) continue;
    const path = join(folder, name);
    const before = statOf(path);
    if (!before?.isFile()) continue;
    const stamp = stampOf(before);
    const seen = seenBefore.get(folder, name) as SeenFile | undefined;
    if (seen && seen.stamp === stamp) {
      if (seen.damage) result.stillDamaged.push({ file: name, error: seen.damage });
      else result.unchanged.push(name);
      continue;
    }
    if (seen?.damage && seen.damaged_sha256 && (await sha256OfFile(path)) === seen.damaged_sha256) {
      // Touched but not changed: still the same damaged bundle.
      archive.writes.write(() => remember.run(folder, name, stamp, seen.damaged_sha256, seen.damage, Date.now()));
      result.stillDamaged.push({ file: name, error: seen.damage });
      continue;
    }
    try {
      const summary = await importBundle(archive, path, {
        ...(options.passphrase ? { passphrase: options.passphrase } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      archive.writes.write(() => remember.run(folder, name, stamp, null, null, Date.now()));
      result.imported.push({ file: name, ...summary });
    } catch (err) {
      if (!isVigilError(err) || options.signal?.aborted) throw err;
      if (err.code === 'auth_failed') wrongPassphrase++;
      result.rejected.push({ file: name, error: err.message });
      // Only damage is remembered: a refusal that depends on what was given (the passphrase) is not.
      if (err.code === 'damaged') {
        const sha256 = await sha256OfFile(path).catch(() => null);
        const after = statOf(path);
        // Remembered only if what was hashed is what was read: a file replaced meanwhile is read next time.
        if (sha256 && after && sameFile(before, after)) archive.writes.write(() => remember.run(folder, name, stamp, sha256, err.message, Date.now()));
      }
    }
  }
  // No bundle opened with this passphrase while some were tried: most likely it was mistyped,
  // and this device's bundle must not be written under it. One odd file alone stops nothing.
  const readSome = result.imported.length + result.unchanged.length;
  if (wrongPassphrase && wrongPassphrase === result.rejected.length && !readSome) {
    throw new VigilError(
      'auth_failed',
      'wrong bundle passphrase: none of the bundles in the folder opens with it (if the team changed its passphrase, remove the bundles locked with the old one)',
    );
  }
  options.signal?.throwIfAborted();
  result.wrote = await writeOwnBundle(archive, folder, options);
  return result;
}

/**
 * Written after reading, so this device's bundle carries what it just received; written when
 * there is something new, when it is to be locked differently, or when the file in the folder
 * is not the one this device wrote there (missing, cut short, replaced).
 */
async function writeOwnBundle(archive: Archive, folder: string, options: SyncOptions): Promise<SyncResult['wrote']> {
  const db = archive.db;
  const name = `${archive.deviceId}.vigil`;
  const path = join(folder, name);
  const lastSeq = recordSql(db).lastSeq.get()!;
  const lockedTo = lockOf(archive, options);
  const own = db.prepare('SELECT last_seq, stamp, sha256, locked_to FROM sync_folder_own WHERE folder = ?').get(folder) as OwnBundle | undefined;
  const present = statOf(path);
  if (own && present?.isFile() && own.last_seq === lastSeq && own.locked_to === lockedTo) {
    if (stampOf(present) === own.stamp || (await sha256OfFile(path)) === own.sha256) return null;
  }
  const out = await exportBundle(archive, {
    out: path,
    all: true,
    peer: `sync:${archive.deviceId}`,
    ...(options.to?.length ? { to: options.to } : { passphrase: options.passphrase! }),
    ...(options.scryptWorkFactor ? { scryptWorkFactor: options.scryptWorkFactor } : {}),
  });
  const written = statOf(path);
  archive.writes.write(() =>
    db
      .prepare(
        `INSERT INTO sync_folder_own (folder, last_seq, stamp, sha256, locked_to, written_ms) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (folder) DO UPDATE SET last_seq = excluded.last_seq, stamp = excluded.stamp, sha256 = excluded.sha256, locked_to = excluded.locked_to, written_ms = excluded.written_ms`,
      )
      .run(folder, out.lastSeq, written ? stampOf(written) : '', out.sha256, lockedTo, Date.now()),
  );
  return { file: name, revisions: out.revisions, blobs: out.blobs };
}

/**
 * What the bundle is locked to, to notice a change: the recipients, or the team passphrase as
 * a salted hash (the archive keeps no passphrase it was not asked to keep).
 */
function lockOf(archive: Archive, options: SyncOptions): string {
  if (options.to?.length) return `to:${[...new Set(options.to)].sort().join(',')}`;
  const db = archive.db;
  const salt = archive.writes.write(() => keepFirstMetaValue(db, 'sync_lock_salt', randomBytes(16).toString('hex')));
  return `passphrase:${createHash('sha256')
    .update(`${salt}\n${options.passphrase ?? ''}`)
    .digest('hex')}`;
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function stampOf(stats: Stats): string {
  return `${stats.size}:${stats.mtimeMs}`;
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
