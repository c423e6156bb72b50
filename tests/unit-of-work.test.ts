import { describe, expect, it } from 'vitest';
import { VigilError } from '../db/errors.js';
import { verifyArchive } from '../db/verify-archive.js';
import { expectSameFiles, newArchive, snapshotFolder } from './support/temp-archive.js';

const auditCount = (archive: Awaited<ReturnType<typeof newArchive>>['archive']) => archive.db.prepare('SELECT count(*) FROM audit').pluck().get() as number;
const found = (archive: Awaited<ReturnType<typeof newArchive>>['archive'], word: string) => archive.search.search({ query: word }).total;

describe('the unit of work, the one way to write', () => {
  it('commits a write with its search entries and its audit entry together', async () => {
    const { archive } = await newArchive();
    const before = auditCount(archive);
    const id = archive.writes.write(() => archive.records.create('note', { text: 'Karaganda hearing adjourned' }).id, {
      audit: (created) => ({ action: 'import.file', recordId: created, detail: { file: 'notes.txt' } }),
    });
    expect(found(archive, 'Karaganda')).toBe(1);
    // The record's own entry and the write's.
    expect(auditCount(archive)).toBe(before + 2);
    expect(archive.db.prepare('SELECT record_id FROM audit ORDER BY seq DESC LIMIT 1').pluck().get()).toBe(id);
    expect(archive.db.inTransaction).toBe(false);
    archive.close();
  });

  it('a write inside another joins it: when the inner one fails, the outer one cannot commit even if its caller caught the error', async () => {
    const { archive } = await newArchive();
    const before = auditCount(archive);
    expect(() =>
      archive.writes.write(() => {
        archive.records.create('note', { text: 'Pavlodar verdict read' });
        try {
          archive.records.update('0190aaaa-0000-7000-8000-000000000000', { text: 'no such note' });
        } catch {
          // A caller that swallows the failure must not get half a write committed.
        }
      }),
    ).toThrow(VigilError);
    expect(found(archive, 'Pavlodar')).toBe(0);
    expect(archive.records.count()).toBe(0);
    expect(auditCount(archive)).toBe(before);
    // The next write starts clean.
    archive.records.create('note', { text: 'Pavlodar appeal filed' });
    expect(found(archive, 'Pavlodar')).toBe(1);
    expect(verifyArchive(archive)).toMatchObject({ ok: true });
    archive.close();
  });

  it('a write held across awaits is rolled back whole when it fails after them, search entries too', async () => {
    const { archive } = await newArchive();
    await expect(
      archive.writes.writeAsync(async () => {
        archive.records.create('note', { text: 'Semey detention extended' });
        await new Promise((resolve) => setTimeout(resolve, 5));
        archive.records.create('note', { text: 'Semey lawyer denied access' });
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new VigilError('io_error', 'the disk is full');
      }),
    ).rejects.toThrow(/disk is full/);
    expect(found(archive, 'Semey')).toBe(0);
    expect(archive.records.count()).toBe(0);
    expect(archive.db.prepare('SELECT count(*) FROM passages').pluck().get()).toBe(0);
    archive.close();
  });

  it('stops at the commit, rolled back, once its signal is aborted (the archive being locked)', async () => {
    const { archive } = await newArchive();
    const stop = new AbortController();
    await expect(
      archive.writes.writeAsync(
        async () => {
          archive.records.create('note', { text: 'Taraz observers admitted' });
          stop.abort(new VigilError('cancelled', 'the archive was locked'));
        },
        { signal: stop.signal },
      ),
    ).rejects.toThrow(/archive was locked/);
    expect(found(archive, 'Taraz')).toBe(0);
    archive.close();
  });

  it('a write that keeps nothing leaves the archive files untouched', async () => {
    const { dir, archive } = await newArchive();
    archive.records.create('note', { text: 'Kostanay' });
    archive.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = snapshotFolder(dir);
    const result = archive.writes.write(
      () => {
        archive.db.prepare(`INSERT INTO meta (key, value) VALUES ('scratch', 'x')`).run();
        return 'nothing new';
      },
      { keep: () => false },
    );
    expect(result).toBe('nothing new');
    expect(expectSameFiles(before, snapshotFolder(dir))).toEqual([]);
    expect(archive.db.prepare(`SELECT count(*) FROM meta WHERE key = 'scratch'`).pluck().get()).toBe(0);
    archive.close();
  });

  it('refuses to run inside a transaction it did not open', async () => {
    const { archive } = await newArchive();
    archive.db.exec('BEGIN');
    expect(() => archive.writes.write(() => 1)).toThrow(/did not open/);
    archive.db.exec('ROLLBACK');
    archive.close();
  });
});
