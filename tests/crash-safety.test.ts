import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../db/import/import-files.js';
import { openArchive } from '../db/store/archive.js';
import { verifyArchive } from '../db/verify-archive.js';
import { makePdf, writeFixture } from './support/import-fixtures.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';

const cli = join(import.meta.dirname, '..', 'cli', 'bin.js');
const kills = 24;

/**
 * Runs `vigil add --jsonl -`, feeding records, and SIGKILLs it `afterMs` after it starts, or
 * after its first acknowledgement (so the kill lands among the writes however slowly the
 * process started); returns the ids it acknowledged.
 */
function addUntilKilled(dir: string, round: number, afterMs: number, from: 'start' | 'first-write'): Promise<{ acked: string[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'add', dir, 'note', '--jsonl', '-'], {
      env: { ...process.env, VIGIL_PASSPHRASE: passphrase },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!/^[0-9a-f-]{36}$/.test(line)) continue;
        acked.push(line);
        if (from === 'first-write' && acked.length === 1) timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdin.on('error', () => undefined);
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ title: `round ${round} note ${i}`, text: `observed ${'x'.repeat(i % 200)}` }));
    child.stdin.write(`${lines.join('\n')}\n`);
    let timer = from === 'start' ? setTimeout(() => child.kill('SIGKILL'), afterMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

describe('crash safety', () => {
  it(`every acknowledged record survives SIGKILL at random moments (${kills} kills) and verify passes`, async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const acknowledged: string[] = [];
    let killedWhileWriting = 0;
    for (let round = 0; round < kills; round++) {
      // Every other kill lands from just after start-up (still unlocking) on; the rest among the writes.
      const early = round % 2 === 0;
      const { acked, signal } = await addUntilKilled(dir, round, early ? 150 + Math.floor(Math.random() * 500) : Math.floor(Math.random() * 300), early ? 'start' : 'first-write');
      acknowledged.push(...acked);
      if (signal === 'SIGKILL' && acked.length) killedWhileWriting++;
    }
    expect(killedWhileWriting).toBeGreaterThanOrEqual(kills / 2);
    const reopened = await openArchive(dir, { passphrase });
    try {
      const present = new Set(reopened.records.list({ type: 'note' }).map((r) => r.id));
      const missing = acknowledged.filter((id) => !present.has(id));
      expect(missing).toEqual([]);
      expect(acknowledged.length).toBeGreaterThan(kills);
      const report = verifyArchive(reopened);
      expect(report.problem).toBeUndefined();
      expect(report.ok).toBe(true);
    } finally {
      reopened.close();
    }
  });
});

describe('an import killed midway', () => {
  it('leaves no stored original without its report when killed after storing the original, before writing the report', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const pdf = writeFixture(tempDir(), 'killed.pdf', await makePdf([['Hearing of 12 April 2012 in Aktau.', 'The court was closed to observers.']]));
    const dist = (p: string) => JSON.stringify(join(import.meta.dirname, '..', 'dist', 'db', ...p.split('/')));
    // The crash lands at the moment the report is about to be written: the original is stored by then.
    const script = `
      const { openArchive } = await import(${dist('store/archive.js')});
      const { importFiles } = await import(${dist('import/import-files.js')});
      const archive = await openArchive(${JSON.stringify(dir)}, { passphrase: ${JSON.stringify(passphrase)} });
      archive.records.createMany = () => process.kill(process.pid, 'SIGKILL');
      await importFiles(archive, [${JSON.stringify(pdf)}]);
      console.log('not killed');`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.signal).toBe('SIGKILL');

    const reopened = await openArchive(dir, { passphrase });
    try {
      const count = (sql: string) => reopened.db.prepare(sql).pluck().get();
      // Every stored attachment is named by a revision; no chunk is left outside a stored attachment.
      expect(count(`SELECT count(*) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE instr(r.body, '"' || b.sha256 || '"') > 0)`)).toBe(0);
      expect(count('SELECT count(*) FROM blob_chunks WHERE blob_key NOT IN (SELECT sha256 FROM blobs)')).toBe(0);
      expect(count('SELECT count(*) FROM imported_files')).toBe(0);
      expect(verifyArchive(reopened)).toMatchObject({ ok: true });
      // The same file imports afterwards, as new: nothing of the killed import stands in its way.
      const [again] = await importFiles(reopened, [pdf]);
      expect(again).toMatchObject({ status: 'imported' });
      expect(verifyArchive(reopened)).toMatchObject({ ok: true, checked: { attachments: 1 } });
    } finally {
      reopened.close();
    }
  });
});
