import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createArchive, type Archive } from '../../db/store/archive.js';

/**
 * Real encrypted archives in temp folders. Where key derivation is not what a test is about
 * it lowers scrypt's N to 2^14 (the smallest keys.json accepts) so suites stay fast; the
 * archive, its encryption and its database are otherwise exactly what users get.
 */
export const fastKdf = { N: 2 ** 14, r: 8, p: 1 };
export const passphrase = 'correct horse battery staple';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'vigil-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function newArchive(options: { kdf?: typeof fastKdf } = {}): Promise<{ dir: string; archive: Archive; recoveryCode: string }> {
  const dir = join(tempDir(), 'archive');
  const { archive, recoveryCode } = await createArchive(dir, passphrase, { kdf: options.kdf ?? fastKdf });
  return { dir, archive, recoveryCode };
}

/** Every file in a folder with its bytes, to prove an operation changed nothing. */
export function snapshotFolder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path));
  }
  return files;
}

export function expectSameFiles(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const differences: string[] = [];
  for (const [name, bytes] of before) {
    const now = after.get(name);
    if (!now) differences.push(`${name} removed`);
    else if (!now.equals(bytes)) differences.push(`${name} changed`);
  }
  for (const name of after.keys()) if (!before.has(name)) differences.push(`${name} added`);
  return differences;
}
