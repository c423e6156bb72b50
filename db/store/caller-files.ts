import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { VigilError } from '../errors.js';
import { fsyncFolder } from './atomic-file.js';
import { createSealedWriter, openSealed, type SealedFile } from './sealed-file.js';

/**
 * Files a caller of the engine keeps sealed (sealed-file.ts) under the paths it hands the
 * engine: `vigil serve`'s uploads, and the files it has the engine make for download. The
 * engine reads and writes those through their sealed copies, never as plaintext files; any
 * other path is a file on disk, as it is for the CLI and the desktop app.
 */
export interface CallerFiles {
  /** The sealed file behind a path, with its plaintext size; undefined for a path on disk. */
  reading(path: string): HeldFile | undefined;
  /** Where a file the engine makes under this path is sealed; undefined for a path on disk. */
  writing(path: string): SealedFile | undefined;
}

export type HeldFile = SealedFile & { readonly size: number };

/** A held file's bytes, from the start. */
export function openHeld(held: HeldFile): Readable {
  return openSealed(held);
}

/** The first bytes of a held file (to tell its format). */
export async function headOfHeld(held: HeldFile, length: number): Promise<Uint8Array> {
  const stream = openSealed(held);
  try {
    for await (const chunk of stream) return new Uint8Array((chunk as Buffer).subarray(0, length));
    return new Uint8Array(0);
  } finally {
    stream.destroy();
  }
}

/** A file being written: bytes go to `stream`; `finish` puts it in place once whole, `abandon` drops it. */
export interface OutputFile {
  readonly stream: Writable;
  finish(): Promise<void>;
  abandon(): void;
}

/**
 * Where the engine writes a file it makes (an export, a bundle): sealed, for a path the caller
 * holds; otherwise a temporary file beside `path`, renamed into place by `finish`, so a failed
 * or half-written file never carries the name. `durable` flushes it to the disk first (a
 * bundle carried away on a stick).
 */
export function openOutput(path: string, files: CallerFiles | undefined, options: { durable?: boolean } = {}): OutputFile {
  const held = files?.writing(path);
  if (held) {
    const stream = createSealedWriter(held);
    return {
      stream,
      finish: async () => {
        if (!stream.writableEnded) stream.end();
        await finished(stream);
      },
      abandon: () => void stream.destroy(),
    };
  }
  try {
    if (!statSync(dirname(path)).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new VigilError('not_found', `no such folder: ${dirname(path)}`);
  }
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
  const stream = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  // Kept for finish(): an error with no listener would end the process.
  let failure: Error | undefined;
  stream.on('error', (err) => (failure ??= err));
  return {
    stream,
    async finish() {
      if (!stream.writableEnded) stream.end();
      await finished(stream);
      if (failure) throw failure;
      if (options.durable) {
        const fd = openSync(temporary, 'r');
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      renameSync(temporary, path);
      if (options.durable) fsyncFolder(dirname(path));
    },
    abandon() {
      // The file may be created after this (it is opened in the background): removed once closed, too.
      stream.once('close', () => rmSync(temporary, { force: true }));
      stream.destroy();
      rmSync(temporary, { force: true });
    },
  };
}

/** Writes a whole text or buffer through an output. */
export async function writeWhole(output: OutputFile, content: string | Uint8Array): Promise<void> {
  try {
    output.stream.write(content);
    await output.finish();
  } catch (err) {
    output.abandon();
    throw err;
  }
}
