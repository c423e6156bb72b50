import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../db/store/archive.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';

const marker = 'MARKER-Жақсыбеков-7f3a9c';

function filesContaining(dir: string, needles: Buffer[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, name));
    } catch {
      continue;
    }
    if (needles.some((n) => bytes.includes(n))) found.push(name);
  }
  return found;
}

const needles = [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le'), Buffer.from('MARKER-', 'utf8')];

describe('no plaintext at rest', () => {
  it('a marker written into records, notes and attachments is in no file of the archive folder, open or closed', async () => {
    const { dir, archive } = await newArchive();
    const detainee = archive.records.create('detainee', { title: marker, names: [{ name: marker }] });
    archive.records.create('note', { title: 'note', text: `Observed: ${marker}` });
    archive.records.create('report', { title: 'report', body: `${marker} `.repeat(5000) });
    const file = join(tempDir(), 'exhibit.txt');
    writeFileSync(file, `${marker}\n`.repeat(100_000));
    const blob = await archive.attachments.putFile(file);
    archive.records.attach(detainee.id, { sha256: blob.sha256, name: `${marker}.txt`, size: blob.size });
    // While open the WAL holds the newest pages; it is encrypted too.
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['archive.db', 'archive.db-wal', 'keys.json']));
    expect(filesContaining(dir, needles)).toEqual([]);
    archive.close();
    expect(filesContaining(dir, needles)).toEqual([]);
    const again = await openArchive(dir, { passphrase });
    expect(again.records.get(detainee.id).data.title).toBe(marker);
    again.close();
  });

  it('the vigil command writes no temporary file anywhere else', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const tmp = join(tempDir(), 'tmp');
    mkdirSync(tmp);
    const input = JSON.stringify({ title: marker, summary: marker });
    const cli = join(import.meta.dirname, '..', 'cli', 'bin.js');
    const env = { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, VIGIL_PASSPHRASE: passphrase };
    const add = spawnSync(process.execPath, [cli, 'add', dir, 'note', '--json', '-'], { input, env, encoding: 'utf8' });
    expect(add.status, add.stderr).toBe(0);
    const list = spawnSync(process.execPath, [cli, 'list', dir, '--json'], { env, encoding: 'utf8' });
    expect(list.stdout).toContain(marker);
    expect(readdirSync(tmp)).toEqual([]);
    expect(filesContaining(dir, needles)).toEqual([]);
  });
});
