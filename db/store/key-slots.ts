import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { VigilError } from '../errors.js';
import { parseOutsideJson } from '../records/prototype-keys.js';
import { writeFileAtomic } from './atomic-file.js';

/**
 * keys.json: the archive's master key wrapped under secrets the user holds. Each slot wraps
 * the same 256-bit master key with AES-256-GCM under a key derived by scrypt from one secret
 * (the passphrase, or the recovery code). Rewrapping one slot changes the passphrase without
 * touching the database; destroying this file destroys the archive (crypto-erase).
 */

export const keyFileFormat = 'vigil-keys';
export const keyFileVersion = 1;
export const scryptDefaults = { N: 2 ** 17, r: 8, p: 1 } as const;

export type SlotKind = 'passphrase' | 'recovery';

const base64Of = (bytes: number) =>
  z.string().refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length === bytes, {
    message: `expected ${bytes} bytes in base64`,
  });

// Bounds keep a tampered file from making us allocate gigabytes or spin for minutes.
const slotSchema = z.strictObject({
  kind: z.enum(['passphrase', 'recovery']),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    N: z.int().refine((n) => n >= 2 ** 14 && n <= 2 ** 20 && (n & (n - 1)) === 0, 'N must be a power of two from 2^14 to 2^20'),
    r: z.int().min(1).max(16),
    p: z.int().min(1).max(4),
    salt: base64Of(16),
  }),
  wrap: z.strictObject({
    alg: z.literal('A256GCM'),
    iv: base64Of(12),
    ct: base64Of(32),
    tag: base64Of(16),
  }),
});

const keyFileSchema = z.strictObject({
  format: z.literal(keyFileFormat),
  version: z.literal(keyFileVersion),
  archiveId: z.uuid(),
  cipher: z.literal('aegis-256', { message: 'this Vigil encrypts archives with aegis-256 only' }),
  slots: z.array(slotSchema).min(1).max(16),
});

export type KeySlot = z.infer<typeof slotSchema>;
export type KeyFile = z.infer<typeof keyFileSchema>;

export function keyFilePath(dir: string): string {
  return `${dir}/keys.json`;
}

/**
 * keys.next.json: the slots of a re-key under way, for the new master key. It exists from just
 * before the database is re-encrypted until keys.json is replaced by it, so that a crash at
 * any moment leaves a key file that opens the database with the new passphrase.
 */
export function nextKeyFilePath(dir: string): string {
  return `${dir}/keys.next.json`;
}

/** Reads and validates keys.json; a damaged or foreign file is a clear error, never a crash. */
export function readKeyFile(dir: string, path = keyFilePath(dir)): KeyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new VigilError('not_found', `no Vigil archive in ${dir} (keys.json is missing)`);
    }
    throw new VigilError('io_error', `cannot read ${path}: ${(err as Error).message}`);
  }
  const json = parseOutsideJson(text, 'keys.json is damaged: it');
  const header = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (header.success && header.data.format === keyFileFormat && typeof header.data.version === 'number' && header.data.version !== keyFileVersion) {
    throw new VigilError('schema_mismatch', `keys.json is version ${header.data.version}; this Vigil reads version ${keyFileVersion}: update Vigil`);
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VigilError('damaged', `keys.json is damaged: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  const kinds = parsed.data.slots.map((s) => s.kind);
  if (!kinds.includes('passphrase') || new Set(kinds).size !== kinds.length) {
    throw new VigilError('damaged', 'keys.json is damaged: it must hold one passphrase slot and at most one slot of each kind');
  }
  return parsed.data;
}

/**
 * Replaces a key file, crash-safely (a whole new file renamed into place), then overwrites
 * the old file's bytes, still held open, with random ones: the slots a replaced passphrase
 * opened do not linger in the freed blocks. (Flash storage and copy-on-write file systems
 * may still keep old blocks; the threat model says so.)
 */
export function writeKeyFile(dir: string, file: KeyFile, path = keyFilePath(dir)): void {
  let old: number | undefined;
  try {
    if (process.platform !== 'win32') old = openSync(path, 'r+');
  } catch {
    old = undefined;
  }
  try {
    writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
    if (old !== undefined) overwriteOpenFile(old);
  } finally {
    if (old !== undefined) closeSync(old);
  }
}

/** Overwrites an open file with random bytes and deletes it (the re-key's pending file, once used). */
export function destroyKeyFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    return;
  }
  try {
    overwriteOpenFile(fd);
  } finally {
    closeSync(fd);
  }
  rmSync(path, { force: true });
}

function overwriteOpenFile(fd: number): void {
  const size = Math.max(fstatSync(fd).size, 4096);
  writeSync(fd, randomBytes(size), 0, size, 0);
  fsyncSync(fd);
}

/** A short digest of the key slots, kept in the database to notice a key change the audit log missed. */
export function keySlotsDigest(file: KeyFile): string {
  return createHash('sha256').update(JSON.stringify(file.slots)).digest('hex');
}

function scrypt(secret: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below N=2^17, r=8.
    const maxmem = 256 * params.N * params.r;
    scryptCallback(Buffer.from(secret.normalize('NFC'), 'utf8'), salt, 32, { ...params, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function additionalData(archiveId: string, kind: SlotKind): Buffer {
  // Binds each wrap to its archive and slot kind, so slots cannot be swapped between files.
  return Buffer.from(`${keyFileFormat}/${keyFileVersion}/${archiveId}/${kind}`, 'utf8');
}

export async function wrapMasterKey(
  masterKey: Buffer,
  archiveId: string,
  kind: SlotKind,
  secret: string,
  params: { N: number; r: number; p: number } = scryptDefaults,
): Promise<KeySlot> {
  const salt = randomBytes(16);
  const kek = await scrypt(secret, salt, params);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(additionalData(archiveId, kind));
  const ct = Buffer.concat([cipher.update(masterKey), cipher.final()]);
  kek.fill(0);
  return {
    kind,
    kdf: { name: 'scrypt', ...params, salt: salt.toString('base64') },
    wrap: { alg: 'A256GCM', iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
  };
}

/** Unwraps the master key from the slot of the given kind; a wrong secret is `auth_failed`. */
export async function unwrapMasterKey(file: KeyFile, kind: SlotKind, secret: string): Promise<Buffer> {
  const slot = file.slots.find((s) => s.kind === kind);
  if (!slot) throw new VigilError('auth_failed', `this archive has no ${kind === 'recovery' ? 'recovery code' : 'passphrase'} slot`);
  const kek = await scrypt(secret, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(slot.wrap.iv, 'base64'));
    decipher.setAAD(additionalData(file.archiveId, kind));
    decipher.setAuthTag(Buffer.from(slot.wrap.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(slot.wrap.ct, 'base64')), decipher.final()]);
  } catch {
    throw new VigilError('auth_failed', kind === 'recovery' ? 'wrong recovery code' : 'wrong passphrase');
  } finally {
    kek.fill(0);
  }
}

export function replaceSlot(file: KeyFile, slot: KeySlot): KeyFile {
  return { ...file, slots: [...file.slots.filter((s) => s.kind !== slot.kind), slot] };
}
