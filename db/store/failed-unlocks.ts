import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { SqliteDatabase } from './sqlite.js';
import type { UnitOfWork } from './unit-of-work.js';
import { keepFirstMetaValue, readMetaValue, type MetaKey } from './meta-values.js';

/**
 * A wrong passphrase cannot be written into the archive (the key is not known), and a command
 * run from the CLI ends before anyone unlocks. So each failed unlock, from any front end,
 * leaves a sealed note beside the archive in `failed-unlocks/`: age-encrypted to a key whose
 * secret half is inside the archive, so that a note says nothing to whoever holds the laptop
 * but that it exists. The next successful unlock reads the notes into the audit log and deletes
 * them. Whoever holds the folder can delete notes too: they are a record, not a lock.
 */
export const failedUnlocksFolder = 'failed-unlocks';
const recipientFile = 'recipient';
const noteName = /^\d{13}-[0-9a-f]{8}\.age$/;
/** Past this many notes unread, more are not written: a guessing loop cannot fill the disk. */
const maxNotes = 1000;
const identityKey = 'failed_unlocks_identity' satisfies MetaKey;

export interface FailedUnlock {
  at: number;
  with: string;
}

/** Leaves a note of a failed unlock; never fails itself (a read-only stick, a missing folder). */
export async function noteFailedUnlock(dir: string, kind: 'passphrase' | 'recovery code'): Promise<void> {
  try {
    const folder = join(dir, failedUnlocksFolder);
    const recipient = readFileSync(join(folder, recipientFile), 'utf8').trim();
    if (!/^age1[0-9a-z]{58}$/.test(recipient)) return;
    if (readdirSync(folder).filter((n) => noteName.test(n)).length >= maxNotes) return;
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const note = await encrypter.encrypt(JSON.stringify({ at: Date.now(), with: kind }));
    writeFileSync(join(folder, `${Date.now()}-${randomBytes(4).toString('hex')}.age`), note, { mode: 0o600, flag: 'wx' });
  } catch {
    // A note is a courtesy to the owner; unlocking fails the same without it.
  }
}

/** Makes the notes' key (once) and puts its public half beside the archive where it is missing. */
export async function keepFailedUnlockKey(db: SqliteDatabase, writes: UnitOfWork, dir: string): Promise<void> {
  let identity = readMetaValue(db, identityKey);
  if (!identity) {
    identity = await generateX25519Identity();
    const made = identity;
    identity = writes.write(() => keepFirstMetaValue(db, identityKey, made));
  }
  const folder = join(dir, failedUnlocksFolder);
  const path = join(folder, recipientFile);
  const recipient = await identityToRecipient(identity);
  if (existsSync(path) && readFileSync(path, 'utf8').trim() === recipient) return;
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(path, `${recipient}\n`, { mode: 0o600 });
}

/** The notes waiting beside the archive, oldest first, and their file names (to delete once recorded). */
export async function readFailedUnlocks(db: SqliteDatabase, dir: string): Promise<{ attempts: FailedUnlock[]; files: string[] }> {
  const folder = join(dir, failedUnlocksFolder);
  const identity = readMetaValue(db, identityKey);
  if (!identity || !existsSync(folder)) return { attempts: [], files: [] };
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const attempts: FailedUnlock[] = [];
  const files: string[] = [];
  for (const name of readdirSync(folder)
    .filter((n) => noteName.test(n))
    .sort()) {
    const path = join(folder, name);
    files.push(path);
    try {
      if (!lstatSync(path).isFile()) continue;
      const parsed = JSON.parse(await decrypter.decrypt(readFileSync(path), 'text')) as { at?: unknown; with?: unknown };
      if (typeof parsed.at === 'number' && (parsed.with === 'passphrase' || parsed.with === 'recovery code')) attempts.push({ at: parsed.at, with: parsed.with });
    } catch {
      // A note that does not open was not written by this archive's key: it is dropped with the rest.
    }
  }
  return { attempts, files };
}

export function removeFailedUnlockNotes(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}
