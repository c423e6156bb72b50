import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkSize } from '../db/attachments/attachment-store.js';
import { verifyArchive } from '../db/verify-archive.js';
import { newArchive, tempDir } from './support/temp-archive.js';

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

describe('attachments', () => {
  it('round-trip a multi-chunk file byte for byte, stored in chunks, and deduplicate by hash', async () => {
    const { archive } = await newArchive();
    const content = randomBytes(chunkSize * 5 + 12345);
    const path = join(tempDir(), 'exhibit.pdf');
    writeFileSync(path, content);
    const first = await archive.attachments.putFile(path);
    expect(first).toMatchObject({ sha256: createHash('sha256').update(content).digest('hex'), size: content.length, chunkCount: 6, existed: false });
    const second = await archive.attachments.putFile(path);
    expect(second.existed).toBe(true);
    expect(archive.db.prepare('SELECT count(*) FROM blob_chunks').pluck().get()).toBe(6);
    expect((await readAll(archive.attachments.read(first.sha256))).equals(content)).toBe(true);
    expect(verifyArchive(archive).checked.attachments).toBe(1);
    archive.close();
  });

  it('stream in from any async source, in pieces of any size', async () => {
    const { archive } = await newArchive();
    const content = randomBytes(chunkSize * 2 + 7);
    async function* pieces() {
      for (let i = 0; i < content.length; i += 99_991) yield content.subarray(i, i + 99_991);
    }
    const stored = await archive.attachments.putStream(pieces());
    expect(stored.chunkCount).toBe(3);
    expect((await readAll(archive.attachments.read(stored.sha256))).equals(content)).toBe(true);
    archive.close();
  });

  it('a stream over the size limit, or one that fails midway, leaves nothing behind', async () => {
    const { archive } = await newArchive();
    async function* big() {
      for (let i = 0; i < 40; i++) yield randomBytes(chunkSize);
    }
    await expect(archive.attachments.putStream(big(), { maxBytes: chunkSize * 20 })).rejects.toThrow(/larger than the limit/);
    async function* broken() {
      yield randomBytes(chunkSize * 17);
      throw new Error('USB stick pulled out');
    }
    await expect(archive.attachments.putStream(broken())).rejects.toThrow(/USB stick/);
    expect(archive.db.prepare('SELECT count(*) FROM blob_chunks').pluck().get()).toBe(0);
    expect(archive.db.prepare('SELECT count(*) FROM blobs').pluck().get()).toBe(0);
    archive.close();
  });

  it('are linked from records with a new revision, once per file', async () => {
    const { archive } = await newArchive();
    const rec = archive.records.create('report', { title: 'Mission report' });
    const path = join(tempDir(), 'report.pdf');
    writeFileSync(path, 'not really a pdf');
    const blob = await archive.attachments.putFile(path);
    const withFile = archive.records.attach(rec.id, { sha256: blob.sha256, name: 'report.pdf', size: blob.size, role: 'original' });
    expect(withFile.data.attachments).toEqual([{ sha256: blob.sha256, name: 'report.pdf', size: blob.size, role: 'original' }]);
    expect(archive.records.attach(rec.id, { sha256: blob.sha256, name: 'again.pdf', size: blob.size }).revision).toBe(withFile.revision);
    expect(archive.audit.list().at(-1)!.action).toBe('record.attach');
    archive.close();
  });

  it('a stored file that no record names can be dropped; one that is named cannot', async () => {
    const { archive } = await newArchive();
    const rec = archive.records.create('report', { title: 'r' });
    const named = await archive.attachments.putStream(
      (async function* () {
        yield Buffer.from('named');
      })(),
    );
    archive.records.attach(rec.id, { sha256: named.sha256, name: 'a.txt', size: named.size });
    const orphan = await archive.attachments.putStream(
      (async function* () {
        yield Buffer.from('orphan');
      })(),
    );
    expect(archive.attachments.dropIfUnreferenced(named.sha256)).toBe(false);
    expect(archive.attachments.dropIfUnreferenced(orphan.sha256)).toBe(true);
    expect(archive.attachments.info(orphan.sha256)).toBeUndefined();
    expect(verifyArchive(archive).ok).toBe(true);
    archive.close();
  });

  it('a damaged stored chunk is reported by read and by verify', async () => {
    const { archive } = await newArchive();
    const blob = await archive.attachments.putStream(
      (async function* () {
        yield randomBytes(chunkSize + 10);
      })(),
    );
    archive.db.prepare('UPDATE blob_chunks SET data = ? WHERE blob_key = ? AND idx = 1').run(Buffer.from('0123456789'), blob.sha256);
    await expect(readAll(archive.attachments.read(blob.sha256))).rejects.toThrow(/does not match its hash/);
    expect(verifyArchive(archive).problem).toMatch(/does not match its hash/);
    archive.close();
  });
});

describe('attachments while another program opens the archive', () => {
  it('a file still streaming in survives another unlock; only long-abandoned parts are dropped', async () => {
    const { dir, archive } = await newArchive();
    const { openArchive } = await import('../db/store/archive.js');
    const { passphrase } = await import('./support/temp-archive.js');
    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    const content = randomBytes(chunkSize * 40);
    async function* slowly() {
      yield content.subarray(0, chunkSize * 20);
      await paused;
      yield content.subarray(chunkSize * 20);
    }
    const storing = archive.attachments.putStream(slowly());
    await new Promise((r) => setTimeout(r, 50));
    const other = await openArchive(dir, { passphrase });
    other.close();
    release();
    const stored = await storing;
    expect((await readAll(archive.attachments.read(stored.sha256))).equals(content)).toBe(true);

    let release2!: () => void;
    const paused2 = new Promise<void>((r) => (release2 = r));
    async function* abandoned() {
      yield randomBytes(chunkSize * 20);
      await paused2;
      yield randomBytes(10);
    }
    const second = archive.attachments.putStream(abandoned());
    await new Promise((r) => setTimeout(r, 50));
    expect(archive.attachments.dropAbandonedStaging(Date.now() + 25 * 60 * 60 * 1000)).toBeGreaterThan(0);
    release2();
    await expect(second).rejects.toThrow(/removed while it was being stored/);
    archive.close();
  });
});
