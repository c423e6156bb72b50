import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { VigilError } from '../errors.js';

/**
 * Files sealed under a key that lives only in the memory of the process that made it: what
 * `vigil serve` keeps between requests (files dropped into the page, exports waiting to be
 * fetched) is sealed so, and read back as a stream; when the process ends, the key is gone
 * and what is left on disk cannot be read.
 *
 * Format: "VGS1", a random 16-byte salt, then the plaintext in chunks of 64 KiB, each sealed
 * with AES-256-GCM under a key derived from the process's key and the salt (HKDF-SHA256). A
 * chunk's nonce is its number (11 bytes) and a last-chunk flag (1 byte), as in age's STREAM:
 * chunks cannot be reordered, dropped or cut off at the end without the reader noticing.
 */
export interface SealedFile {
  /** Where the sealed bytes are. */
  readonly file: string;
  /** The 32-byte key it was sealed under (the process's, never written anywhere). */
  readonly key: Uint8Array;
}

const magic = Buffer.from('VGS1');
const saltBytes = 16;
const headerBytes = magic.length + saltBytes;
/** Plaintext bytes per chunk. */
export const sealedChunkBytes = 64 * 1024;
const tagBytes = 16;
const sealedChunk = sealedChunkBytes + tagBytes;

/** A new random key for the files one process seals. */
export function newSealingKey(): Buffer {
  return randomBytes(32);
}

/** The size of a sealed file's plaintext, worked out from the sealed file's size. */
export function sealedPlaintextSize(sealedSize: number): number {
  const body = sealedSize - headerBytes;
  if (body < tagBytes) return 0;
  return body - tagBytes * Math.ceil(body / sealedChunk);
}

function fileKey(key: Uint8Array, salt: Uint8Array): Buffer {
  if (key.length !== 32) throw new Error('a sealing key is 32 bytes');
  return Buffer.from(hkdfSync('sha256', key, salt, 'vigil sealed file', 32));
}

function nonce(index: number, last: boolean): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeUIntBE(index, 5, 6);
  bytes[11] = last ? 1 : 0;
  return bytes;
}

function seal(key: Buffer, index: number, last: boolean, plaintext: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(index, last));
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function open(key: Buffer, index: number, last: boolean, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce(index, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - tagBytes)), decipher.final()]);
  } catch {
    throw new VigilError('damaged', 'a file kept for the page was altered or cut short');
  }
}

/**
 * A stream that seals what is written to it into `file` (created new, owner-only). The last
 * chunk is sealed when the stream ends, so a file whose writing stopped midway never reads
 * as whole. Destroying the stream deletes the file.
 */
export function createSealedWriter(target: SealedFile): Writable {
  const salt = randomBytes(saltBytes);
  const key = fileKey(target.key, salt);
  const out = createWriteStream(target.file, { flags: 'wx', mode: 0o600 });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  let header = true;
  /** Sealed chunks out, each written once the one before is accepted. */
  const put = async (bytes: Buffer) => {
    if (!out.write(bytes))
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        out.once('error', onError);
        out.once('drain', () => {
          out.off('error', onError);
          resolve();
        });
      });
  };
  const take = (count: number) => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    const chunk = all.subarray(0, count);
    const rest = all.subarray(count);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    return chunk;
  };
  const writeHeader = async () => {
    if (!header) return;
    header = false;
    await put(Buffer.concat([magic, salt]));
  };
  const writer = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      void (async () => {
        await writeHeader();
        // A chunk is sealed as not-last only once more bytes are known to follow it.
        while (pendingBytes > sealedChunkBytes) await put(seal(key, index++, false, take(sealedChunkBytes)));
      })().then(() => done(), done);
    },
    final(done) {
      void (async () => {
        await writeHeader();
        await put(seal(key, index++, true, take(pendingBytes)));
        out.end();
        await finished(out);
      })().then(() => done(), done);
    },
    destroy(err, done) {
      // Destroyed before it was finished (an upload cut off, an export that failed): nothing of it stays.
      const whole = writer.writableFinished && !err;
      const cleanUp = () => {
        if (!whole) rmSync(target.file, { force: true });
        done(err);
      };
      if (out.closed) return cleanUp();
      out.once('close', cleanUp);
      out.destroy();
    },
  });
  out.on('error', (err) => writer.destroy(err));
  return writer;
}

/** The plaintext of a sealed file, as a stream; an altered or shortened file fails it (VigilError 'damaged'). */
export function openSealed(source: SealedFile): Readable {
  return Readable.from(unseal(source));
}

/** A sealed file's whole plaintext. */
export async function readSealed(source: SealedFile): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of unseal(source)) parts.push(part);
  return Buffer.concat(parts);
}

async function* unseal(source: SealedFile): AsyncGenerator<Buffer> {
  let buffered: Buffer = Buffer.alloc(0);
  let key: Buffer | undefined;
  let index = 0;
  for await (const piece of createReadStream(source.file, { highWaterMark: sealedChunk * 4 })) {
    buffered = buffered.length ? Buffer.concat([buffered, piece as Buffer]) : (piece as Buffer);
    if (!key) {
      if (buffered.length < headerBytes) continue;
      if (!buffered.subarray(0, magic.length).equals(magic)) throw new VigilError('damaged', 'a file kept for the page was altered or cut short');
      key = fileKey(source.key, buffered.subarray(magic.length, headerBytes));
      buffered = buffered.subarray(headerBytes);
    }
    // Whole chunks with more after them are not the last.
    while (buffered.length > sealedChunk) {
      yield open(key, index++, false, buffered.subarray(0, sealedChunk));
      buffered = buffered.subarray(sealedChunk);
    }
  }
  if (!key || buffered.length < tagBytes) throw new VigilError('damaged', 'a file kept for the page was altered or cut short');
  const last = open(key, index, true, buffered);
  if (last.length) yield last;
}
