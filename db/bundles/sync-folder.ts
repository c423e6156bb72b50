import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError, isVigilError } from '../errors.js';
import type { Archive } from '../store/archive.js';
import { importBundle, type BundleImportSummary } from './read-bundle.js';
import { exportBundle } from './write-bundle.js';

export interface SyncOptions {
  passphrase?: string;
  to?: string[];
  scryptWorkFactor?: number;
}

export interface SyncResult {
  /** This device's bundle, rewritten when it had something new. */
  wrote: { file: string; revisions: number; blobs: number } | null;
  imported: ({ file: string } & BundleImportSummary)[];
  /** Other devices' bundles unchanged since this archive last read them. */
  unchanged: string[];
  rejected: { file: string; error: string }[];
}

/** `<device id>.vigil`: one bundle per device, replaced in place as it grows. */
const bundleName = /^([0-9a-f]{32})\.vigil$/;

/**
 * A shared folder (a USB stick, or one that Syncthing or Nextcloud copies between laptops) as
 * a meeting point: each device keeps one complete bundle there, named after itself, and reads
 * everyone else's. A complete bundle carries what its device received from others too, so a
 * device that never meets another still gets its work through a third.
 */
export async function syncFolder(archive: Archive, folder: string, options: SyncOptions): Promise<SyncResult> {
  let names: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new VigilError('invalid_argument', `${folder} is not a folder`);
    names = readdirSync(folder);
  } catch (err) {
    if (isVigilError(err)) throw err;
    throw new VigilError('not_found', `cannot read the folder ${folder} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const result: SyncResult = { wrote: null, imported: [], unchanged: [], rejected: [] };
  let wrongPassphrase = 0;
  const seen = archive.db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const remember = archive.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (const name of names.sort()) {
    const device = bundleName.exec(name)?.[1];
    if (!device || device === archive.deviceId) continue;
    const path = join(folder, name);
    const stamp = (() => {
      const info = statSync(path);
      return `${info.size}:${info.mtimeMs}`;
    })();
    const key = `sync_seen:${device}`;
    if (seen.get(key) === stamp) {
      result.unchanged.push(name);
      continue;
    }
    try {
      const summary = await importBundle(archive, path, options.passphrase ? { passphrase: options.passphrase } : {});
      remember.run(key, stamp);
      result.imported.push({ file: name, ...summary });
    } catch (err) {
      if (!isVigilError(err)) throw err;
      if (err.code === 'auth_failed') wrongPassphrase++;
      result.rejected.push({ file: name, error: err.message });
    }
  }
  // No bundle opened with this passphrase while some were tried: most likely it was mistyped,
  // and this device's bundle must not be written under it. One odd file alone stops nothing.
  if (wrongPassphrase && wrongPassphrase === result.rejected.length && !result.imported.length && !result.unchanged.length) {
    throw new VigilError('auth_failed', 'wrong bundle passphrase: none of the bundles in the folder opens with it');
  }
  // Written after reading, so this device's bundle carries what it just received.
  const lastSeq = archive.db.prepare('SELECT coalesce(max(seq), 0) FROM revisions').pluck().get() as number;
  const peer = `sync:${archive.deviceId}`;
  const written = archive.db.prepare(`SELECT last_seq FROM bundle_peers WHERE peer = ? AND filters = '{}'`).pluck().get(peer) as number | undefined;
  const own = join(folder, `${archive.deviceId}.vigil`);
  const ownExists = names.includes(`${archive.deviceId}.vigil`);
  if (written !== lastSeq || !ownExists) {
    const out = await exportBundle(archive, {
      out: own,
      all: true,
      peer,
      ...(options.to?.length ? { to: options.to } : { passphrase: options.passphrase! }),
      ...(options.scryptWorkFactor ? { scryptWorkFactor: options.scryptWorkFactor } : {}),
    });
    result.wrote = { file: `${archive.deviceId}.vigil`, revisions: out.revisions, blobs: out.blobs };
  }
  return result;
}
