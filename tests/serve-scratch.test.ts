import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../db/service.js';
import { safeFileName, serveHandler } from '../cli/serve-http.js';
import { ServeScratch } from '../cli/serve-scratch.js';
import { sendTo, signIn } from './support/serve-process.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';

/**
 * What passes through `vigil serve` (files dropped into the page, bundles and exports made for
 * download) lives only as long as it is needed, sealed, in one private folder per run; the page
 * names each by a path that is never a file.
 */
describe('the scratch folder of vigil serve', () => {
  const token = 'a'.repeat(32);
  let cookie = '';
  let server: Server;
  let port = 0;
  let scratch: ServeScratch;
  let parent = '';
  const api = async (method: string, args: unknown) =>
    JSON.parse((await sendTo(port, cookie, 'POST', '/api/call', JSON.stringify({ method, args }))).body.toString()) as {
      ok: boolean;
      value?: Record<string, unknown>;
      error?: { message: string };
    };
  const upload = async (name: string, content: string) =>
    JSON.parse((await sendTo(port, cookie, 'POST', `/api/upload?name=${encodeURIComponent(name)}`, content, 'application/octet-stream')).body.toString()) as {
      ok: boolean;
      value: { path: string };
    };

  beforeAll(async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    parent = tempDir('vigil-scratch-parent-');
    scratch = new ServeScratch(parent);
    server = createServer(serveHandler({ engine: createEngine(), token, port: () => port, archiveDir: dir, staticDir: tempDir(), scratch }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    cookie = await signIn(port, token);
    await api('archive.open', { dir: '.', passphrase });
  });

  afterAll(() => server?.close());

  /** The sealed files in the scratch folder. */
  const sealedFiles = () => readdirSync(scratch.root);

  it('keeps a dropped file until the import that names it succeeds, then deletes it; a failed import keeps it for another try', async () => {
    const notes = '# Hearing in Aktau\n\nObservers were admitted.';
    const { value } = await upload('../../notes from Aktau.md', notes);
    expect(value.path.startsWith(scratch.root)).toBe(true);
    expect(value.path.endsWith('notes from Aktau.md')).toBe(true);
    // Named by a path, kept sealed under a random name.
    expect(existsSync(value.path)).toBe(false);
    expect(scratch.reading(value.path)).toMatchObject({ size: Buffer.byteLength(notes) });
    expect(sealedFiles()).toHaveLength(1);
    const dry = await api('import.files', { paths: [value.path], dryRun: true });
    expect(dry).toMatchObject({ ok: true, value: [{ status: 'checked', preview: { records: [{ title: 'Hearing in Aktau' }] } }] });
    expect(scratch.reading(value.path)).toBeDefined();
    await api('archive.close', {});
    expect((await api('import.files', { paths: [value.path] })).ok).toBe(false);
    expect(scratch.reading(value.path)).toBeDefined();
    await api('archive.open', { dir: '.', passphrase });
    const again = await upload('second.md', '# Second\n\nText.');
    expect(sealedFiles()).toHaveLength(2);
    expect((await api('import.files', { paths: [again.value.path] })).ok).toBe(true);
    expect(scratch.reading(again.value.path)).toBeUndefined();
    expect(sealedFiles()).toHaveLength(1);
  });

  it('hands a bundle made for download over once, then deletes it; a failed export leaves nothing', async () => {
    const waiting = sealedFiles();
    const made = await api('bundle.export', { out: 'team.vigil', all: true, passphrase: 'team passphrase here', scryptWorkFactor: 10 });
    expect(made.ok).toBe(true);
    const file = String(made.value!.file);
    expect(file.startsWith(scratch.root)).toBe(true);
    const first = await sendTo(port, cookie, 'GET', '/api/download?name=team.vigil');
    expect(first.status).toBe(200);
    expect(first.body.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    // Deleted as soon as it has been sent (just after the page has it all).
    await vi.waitFor(() => expect(sealedFiles()).toEqual(waiting));
    expect((await sendTo(port, cookie, 'GET', '/api/download?name=team.vigil')).status).toBe(404);
    expect((await api('bundle.export', { out: 'broken.vigil', all: true, to: ['not a recipient'] })).ok).toBe(false);
    expect((await sendTo(port, cookie, 'GET', '/api/download?name=broken.vigil')).status).toBe(404);
    expect(sealedFiles()).toEqual(waiting);
  });

  it('deletes a bundle dropped into the page once it is imported', async () => {
    const made = await api('bundle.export', { out: 'mine.vigil', all: true, passphrase: 'team passphrase here', scryptWorkFactor: 10 });
    expect(made.ok).toBe(true);
    const bytes = (await sendTo(port, cookie, 'GET', '/api/download?name=mine.vigil')).body;
    const dropped = JSON.parse((await sendTo(port, cookie, 'POST', '/api/upload?name=mine.vigil', bytes, 'application/octet-stream')).body.toString()) as {
      value: { path: string };
    };
    expect(scratch.reading(dropped.value.path)).toBeDefined();
    expect((await api('bundle.import', { path: dropped.value.path, passphrase: 'team passphrase here' })).ok).toBe(true);
    expect(scratch.reading(dropped.value.path)).toBeUndefined();
  });

  it('lets the engine read or write only files uploaded to this run or made by it for download, as the desktop’s grants do', async () => {
    const outside = join(tempDir(), 'notes.md');
    writeFileSync(outside, '# Private notes\n\nNot for the page.');
    const target = join(tempDir(), 'out');
    mkdirSync(target);
    const record = await api('records.create', { type: 'note', data: { text: 'a note' } });
    expect((await api('bundle.export', { out: 'for-import.vigil', all: true, passphrase: 'team passphrase here', scryptWorkFactor: 10 })).ok).toBe(true);
    const bundleOnDisk = join(tempDir(), 'team.vigil');
    writeFileSync(bundleOnDisk, (await sendTo(port, cookie, 'GET', '/api/download?name=for-import.vigil')).body);
    const before = JSON.stringify((await api('records.list', {})).value);
    const granted = 'files are chosen in a dialog or dropped into the window';
    for (const [method, args] of [
      ['import.files', { paths: ['/etc/passwd'] }],
      ['import.files', { paths: [outside], dryRun: true }],
      ['attachments.add', { recordId: record.value!.id, path: outside }],
      ['bundle.import', { path: bundleOnDisk, passphrase: 'team passphrase here' }],
      ['export.records', { format: 'json', out: join(target, 'all.json') }],
      ['export.records', { format: 'csv', out: 'detainees' }],
      ['bundle.export', { out: join(target, 'team.vigil'), all: true, passphrase: 'team passphrase here' }],
      ['audit.export', { out: join(target, 'audit.csv') }],
      ['audit.export', { out: '../audit.csv' }],
    ] as const) {
      expect(await api(method, args), `${method} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { message: granted } });
    }
    // One file not its own among the page's uploads is enough to refuse the call.
    const dropped = await upload('dropped.md', '# Dropped\n\nText.');
    expect(await api('import.files', { paths: [dropped.value.path, outside] })).toMatchObject({ ok: false, error: { message: granted } });
    expect(readdirSync(target)).toEqual([]);
    expect(existsSync(join(process.cwd(), 'detainees'))).toBe(false);
    expect(JSON.stringify((await api('records.list', {})).value)).toBe(before);
    // A shared folder cannot be handed over by upload at all.
    expect(await api('bundle.sync', { folder: target, passphrase: 'team passphrase here' })).toMatchObject({
      ok: false,
      error: { message: 'a shared sync folder cannot be used from the browser: run `vigil sync` on this computer, or use the desktop app' },
    });
    // The page's own files go through; an upload once imported is no longer there to name.
    expect(await api('import.files', { paths: [dropped.value.path] })).toMatchObject({ ok: true, value: [{ status: 'imported' }] });
    expect(await api('import.files', { paths: [dropped.value.path] })).toMatchObject({ ok: false, error: { message: granted } });
  });

  it('is deleted whole on shutdown, and a dead server’s folder by the next one to start', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const orphan = join(parent, `vigil-serve-${dead.stdout}-abc123`);
    mkdirSync(join(orphan, 'upload-x'), { recursive: true });
    writeFileSync(join(orphan, 'upload-x', 'secret.pdf'), 'plaintext');
    const other = new ServeScratch(parent);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(scratch.root)).toBe(true);
    other.discard();
    expect(existsSync(other.root)).toBe(false);
  });

  it('stores dropped files under names every file system takes', () => {
    expect(safeFileName('report.pdf')).toBe('report.pdf');
    const long = `${'Ж'.repeat(150)}.docx`;
    expect(Buffer.byteLength(safeFileName(long))).toBeLessThanOrEqual(200);
    expect(safeFileName(long).endsWith('Ж.docx')).toBe(true);
    expect(safeFileName('CON.txt')).toBe('_CON.txt');
    expect(safeFileName('a:b?.csv')).toBe('a_b_.csv');
  });
});

describe('a wipe through the page', () => {
  it('deletes every upload and download waiting in the scratch folder before it answers', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const scratch = new ServeScratch(tempDir('vigil-scratch-parent-'));
    const token = 'b'.repeat(32);
    let port = 0;
    const server = createServer(serveHandler({ engine: createEngine(), token, port: () => port, archiveDir: dir, staticDir: tempDir(), scratch }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      port = (server.address() as { port: number }).port;
      const cookie = await signIn(port, token);
      const api = async (method: string, args: unknown) =>
        JSON.parse((await sendTo(port, cookie, 'POST', '/api/call', JSON.stringify({ method, args }))).body.toString()) as { ok: boolean; value?: Record<string, unknown> };
      const files = () => (readdirSync(scratch.root, { recursive: true }) as string[]).filter((name) => statSync(join(scratch.root, name)).isFile());
      expect((await api('archive.open', { dir: '.', passphrase })).ok).toBe(true);
      const dropped = JSON.parse(
        (await sendTo(port, cookie, 'POST', '/api/upload?name=waiting.md', '# Waiting\n\nNot imported yet.', 'application/octet-stream')).body.toString(),
      ) as { value: { path: string } };
      expect((await api('export.records', { format: 'json', out: 'everything.json' })).ok).toBe(true);
      expect(files().length).toBeGreaterThanOrEqual(2);
      expect(await api('archive.wipe', { dir: '.', confirm: true })).toMatchObject({ ok: true });
      expect(files()).toEqual([]);
      // Nothing from before the wipe can be named or fetched again.
      expect((await sendTo(port, cookie, 'GET', '/api/download?name=everything.json')).status).toBe(404);
      expect(await api('import.files', { paths: [dropped.value.path] })).toMatchObject({ ok: false });
    } finally {
      server.close();
    }
  });
});
