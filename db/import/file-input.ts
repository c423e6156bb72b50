import { readFile } from 'node:fs/promises';

/** A file to read: its path on disk, or its bytes already in memory (a file a caller keeps sealed). */
export type FileInput = string | Uint8Array;

export async function bytesOf(input: FileInput): Promise<Buffer> {
  return typeof input === 'string' ? readFile(input) : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}
