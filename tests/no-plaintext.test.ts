import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openArchive } from '../db/store/archive.js';
import { sendTo, signIn, startServe } from './support/serve-process.js';
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

describe('no plaintext at rest in vigil serve’s temporary folder', () => {
  it('keeps uploads and files waiting for download encrypted: a marker sent through the page is in no file there, at any step', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const tmp = join(tempDir(), 'tmp');
    mkdirSync(tmp);
    const served = await startServe(dir, { TMPDIR: tmp, TMP: tmp, TEMP: tmp });
    try {
      const { port } = served;
      const cookie = await signIn(port, served.token);
      const send = (method: string, path: string, body?: string | Buffer, type = 'application/json') => sendTo(port, cookie, method, path, body, type);
      const api = async (method: string, args: unknown) =>
        JSON.parse((await send('POST', '/api/call', JSON.stringify({ method, args }))).body.toString()) as {
          ok: boolean;
          value?: Record<string, unknown>;
          error?: { message: string };
        };
      const plaintextIn = () => filesContaining(tmp, needles);
      expect((await api('archive.open', { dir: '.', passphrase })).ok).toBe(true);

      // An upload under way: what has arrived so far is on disk, and is not readable.
      const text = `# ${marker}\n\n${`Observed at the hearing: ${marker}.\n`.repeat(8_000)}`;
      const sending = openUpload(port, cookie, 'hearing notes.md');
      sending.write(text.slice(0, 300_000));
      await vi.waitFor(() => expect(sizeOfFiles(tmp)).toBeGreaterThan(200_000));
      expect(plaintextIn()).toEqual([]);
      sending.end(text.slice(300_000));
      const uploaded = JSON.parse((await sending.reply).toString()) as { value: { path: string } };
      expect(plaintextIn()).toEqual([]);
      // Checked, then imported: the engine reads it without a plaintext copy anywhere.
      expect(await api('import.files', { paths: [uploaded.value.path], dryRun: true })).toMatchObject({ ok: true, value: [{ status: 'checked' }] });
      expect(plaintextIn()).toEqual([]);
      expect(await api('import.files', { paths: [uploaded.value.path] })).toMatchObject({ ok: true, value: [{ status: 'imported' }] });
      expect(readdirSync(tmp, { recursive: true }).filter((name) => statSync(join(tmp, name as string)).isFile())).toEqual([]);

      // Exports are plaintext by design once downloaded, not while they wait.
      for (const [format, name] of [
        ['json', 'all.json'],
        ['html', 'all.html'],
        ['csv', 'reports.csv'],
      ] as const) {
        expect(await api('export.records', { format, out: name, ...(format === 'csv' ? { types: ['report'] } : {}) })).toMatchObject({ ok: true });
      }
      expect(await api('audit.export', { out: 'audit.csv' })).toMatchObject({ ok: true });
      expect(await api('bundle.export', { out: 'team.vigil', all: true, passphrase: 'team passphrase here', scryptWorkFactor: 10 })).toMatchObject({ ok: true });
      expect(sizeOfFiles(tmp)).toBeGreaterThan(300_000);
      expect(plaintextIn()).toEqual([]);
      for (const name of ['all.json', 'all.html', 'reports.csv']) {
        const fetched = await send('GET', `/api/download?name=${name}`);
        expect(fetched.status, name).toBe(200);
        expect(fetched.body.includes(Buffer.from(marker)), name).toBe(true);
      }
      expect((await send('GET', '/api/download?name=audit.csv')).body.toString()).toContain('hearing notes.md');
      const bundle = (await send('GET', '/api/download?name=team.vigil')).body;
      expect(bundle.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
      // The bundle goes back in as an upload and is merged from its sealed copy.
      const back = JSON.parse((await send('POST', '/api/upload?name=team.vigil', bundle, 'application/octet-stream')).body.toString()) as { value: { path: string } };
      expect(await api('bundle.import', { path: back.value.path, passphrase: 'team passphrase here' })).toMatchObject({ ok: true, value: { unchanged: expect.any(Number) } });
      expect(plaintextIn()).toEqual([]);
    } finally {
      served.server.kill('SIGTERM');
    }
  });
});

/** An upload sent in parts, as a slow connection delivers it. */
function openUpload(port: number, cookie: string, name: string): { write(text: string): void; end(text: string): void; reply: Promise<Buffer> } {
  let req!: ClientRequest;
  const reply = new Promise<Buffer>((resolve, reject) => {
    req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/upload?name=${encodeURIComponent(name)}`,
        headers: { Host: `127.0.0.1:${port}`, Cookie: cookie, 'X-Vigil': 'page', 'Content-Type': 'application/octet-stream' },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts)));
      },
    );
    req.on('error', reject);
  });
  return { write: (text) => void req.write(text), end: (text) => void req.end(text), reply };
}

function sizeOfFiles(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const info = statSync(join(dir, name), { throwIfNoEntry: false });
    if (info?.isFile()) total += info.size;
  }
  return total;
}
