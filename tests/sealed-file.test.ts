import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createSealedWriter, newSealingKey, openSealed, readSealed, sealedChunkBytes, sealedPlaintextSize } from '../db/store/sealed-file.js';
import { tempDir } from './support/temp-archive.js';

/** Files `vigil serve` keeps between requests, sealed under a key held only in memory. */
describe('sealed files', () => {
  const key = newSealingKey();
  const dir = tempDir('vigil-sealed-');
  let n = 0;
  const sealed = async (bytes: Buffer, parts = 7) => {
    const file = join(dir, `f${n++}`);
    const step = Math.max(1, Math.ceil(bytes.length / parts));
    const pieces = Array.from({ length: Math.ceil(bytes.length / step) }, (_, i) => bytes.subarray(i * step, (i + 1) * step));
    await pipeline(Readable.from(pieces), createSealedWriter({ file, key }));
    return file;
  };

  it('reads back what was written, of any length, and knows its size without opening it', async () => {
    for (const length of [0, 1, sealedChunkBytes - 1, sealedChunkBytes, sealedChunkBytes + 1, 3 * sealedChunkBytes, 200_001]) {
      const bytes = randomBytes(length);
      const file = await sealed(bytes);
      expect((await readSealed({ file, key })).equals(bytes), String(length)).toBe(true);
      expect(sealedPlaintextSize(statSync(file).size), String(length)).toBe(length);
      const streamed: Buffer[] = [];
      for await (const part of openSealed({ file, key })) streamed.push(part as Buffer);
      expect(Buffer.concat(streamed).equals(bytes)).toBe(true);
    }
  });

  it('holds no plaintext, and the same text sealed twice looks different', async () => {
    const text = Buffer.from('MARKER-sealed-Жақсыбеков '.repeat(10_000));
    const a = readFileSync(await sealed(text));
    const b = readFileSync(await sealed(text));
    expect(a.includes(Buffer.from('MARKER-'))).toBe(false);
    expect(a.subarray(4, 100).equals(b.subarray(4, 100))).toBe(false);
  });

  it('refuses a file altered, cut short, lengthened, or opened with another key', async () => {
    const bytes = randomBytes(3 * sealedChunkBytes + 100);
    const damaged = async (change: (file: string) => void, withKey = key) => {
      const file = await sealed(bytes);
      change(file);
      return readSealed({ file, key: withKey }).then(
        () => 'read',
        (err: Error & { code?: string }) => `${err.code}: ${err.message}`,
      );
    };
    const refusal = 'damaged: a file kept for the page was altered or cut short';
    expect(await damaged(() => undefined)).toBe('read');
    expect(await damaged((f) => flip(f, 40_000))).toBe(refusal);
    expect(await damaged((f) => flip(f, 2))).toBe(refusal);
    // Cut at a chunk's end: what is left would be whole chunks, but none is marked last.
    expect(await damaged((f) => truncateSync(f, 20 + 2 * (sealedChunkBytes + 16)))).toBe(refusal);
    expect(await damaged((f) => truncateSync(f, statSync(f).size - 1))).toBe(refusal);
    expect(await damaged((f) => writeFileSync(f, randomBytes(sealedChunkBytes + 16), { flag: 'a' }))).toBe(refusal);
    expect(await damaged(() => undefined, newSealingKey())).toBe(refusal);
  });

  it('leaves nothing of a file whose writing was stopped', async () => {
    const file = join(dir, 'stopped');
    const writer = createSealedWriter({ file, key });
    const failed = new Promise((resolve) => writer.once('error', resolve));
    const closed = new Promise((resolve) => writer.once('close', resolve));
    writer.write(randomBytes(5 * sealedChunkBytes));
    await new Promise((resolve) => setImmediate(resolve));
    writer.destroy(new Error('the upload was cut off'));
    expect(String(await failed)).toMatch(/cut off/);
    await closed;
    expect(existsSync(file)).toBe(false);
  });
});

function flip(file: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] = bytes[at]! ^ 1;
  writeFileSync(file, bytes);
}
