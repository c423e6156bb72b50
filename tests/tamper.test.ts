import { openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VigilError } from '../db/errors.js';
import { openArchive } from '../db/store/archive.js';
import { verifyArchive } from '../db/verify-archive.js';
import { newArchive, passphrase } from './support/temp-archive.js';
import type { AuditRow } from '../db/store/table-rows.js';

async function archiveWithContent() {
  const made = await newArchive();
  const a = made.archive;
  for (let i = 0; i < 200; i++) {
    const rec = a.records.create('note', { title: `Original note ${i}`, text: 'Defendant said he was beaten. '.repeat(20) });
    if (i % 3 === 0) a.records.update(rec.id, { reliability: 'probable' });
  }
  return made;
}

/** Opens and verifies; a database too damaged to open counts as caught, with the reason. */
async function verifyAfterDamage(dir: string): Promise<string> {
  let archive;
  try {
    archive = await openArchive(dir, { passphrase });
  } catch (err) {
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).code).toBe('damaged');
    return (err as VigilError).message;
  }
  try {
    const report = verifyArchive(archive);
    expect(report.ok).toBe(false);
    return report.problem!;
  } finally {
    archive.close();
  }
}

describe('verify catches tampering', () => {
  it('a flipped byte anywhere in the database file', async () => {
    const { dir, archive } = await archiveWithContent();
    archive.close();
    const path = join(dir, 'archive.db');
    const original = readFileSync(path);
    const pages = statSync(path).size / 4096;
    expect(pages).toBeGreaterThan(20);
    // First, middle and last pages, and a byte in an unremarkable spot of several others.
    for (const page of [0, 1, Math.floor(pages / 2), pages - 1, 7, 13]) {
      const fd = openSync(path, 'r+');
      const offset = page * 4096 + 1000;
      writeSync(fd, Buffer.from([original[offset]! ^ 0x01]), 0, 1, offset);
      closeSync(fd);
      const problem = await verifyAfterDamage(dir);
      expect(problem, `page ${page}`).toMatch(/damaged|altered/);
      expect(problem).not.toMatch(/\n/);
      expect(problem.length).toBeLessThan(300);
      const restore = openSync(path, 'r+');
      writeSync(restore, original, 0, original.length, 0);
      closeSync(restore);
    }
    const healthy = await openArchive(dir, { passphrase });
    expect(verifyArchive(healthy).ok).toBe(true);
    healthy.close();
  });

  it('a stored revision edited with the right key', async () => {
    const { archive } = await archiveWithContent();
    expect(() => archive.db.prepare(`UPDATE revisions SET body = body WHERE seq = 5`).run()).toThrow(/append-only/);
    archive.db.exec('DROP TRIGGER revisions_no_update');
    archive.db.prepare(`UPDATE revisions SET body = replace(body, 'Original note 3', 'Forged note 3') WHERE body LIKE '%Original note 3"%'`).run();
    expect(verifyArchive(archive).problem).toMatch(/revision [0-9a-f]{12} was altered/);
    archive.close();
  });

  it('a signature replaced, or a current value edited behind the revisions', async () => {
    const { archive } = await archiveWithContent();
    archive.db.exec('DROP TRIGGER revisions_no_update');
    archive.db.prepare('UPDATE revisions SET signature = ? WHERE seq = 10').run(Buffer.alloc(64, 3));
    expect(verifyArchive(archive).problem).toMatch(/bad signature/);
    archive.close();

    const other = (await archiveWithContent()).archive;
    other.db.prepare(`UPDATE records SET data = json_set(data, '$.title', 'Changed quietly') WHERE title = 'Original note 7'`).run();
    expect(verifyArchive(other).problem).toMatch(/current value does not match/);
    other.close();
  });

  it('an audit entry edited or removed', async () => {
    const { archive } = await archiveWithContent();
    expect(() => archive.db.prepare('DELETE FROM audit WHERE seq = 3').run()).toThrow(/append-only/);
    archive.db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete');
    archive.db.prepare(`UPDATE audit SET detail = '{"type":"report"}' WHERE seq = 3`).run();
    expect(verifyArchive(archive).problem).toMatch(/^audit log: entry 3 \(record\.\w+\) was altered$/);
    // The same problem as data, for the interface to say in its own language.
    expect(archive.audit.verifyChain().issue).toEqual({ kind: 'altered', seq: 3, action: expect.stringMatching(/^record\./) });
    archive.close();

    const other = (await archiveWithContent()).archive;
    other.db.exec('DROP TRIGGER audit_no_delete');
    other.db.prepare('DELETE FROM audit WHERE seq = 4').run();
    expect(verifyArchive(other).problem).toBe('audit log: entry 4 is missing (next is 5)');
    expect(other.audit.verifyChain().issue).toEqual({ kind: 'missing', seq: 4, next: 5 });
    other.close();
  });

  it('the last audit entries removed, or the whole chain rewritten consistently', async () => {
    const { archive } = await archiveWithContent();
    const entries = archive.db.prepare('SELECT count(*) FROM audit').pluck().get() as number;
    archive.db.exec('DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update');
    // Removing the newest entries leaves an unbroken chain: only the signed head gives it away.
    archive.db.prepare('DELETE FROM audit WHERE seq > ?').run(entries - 3);
    expect(verifyArchive(archive).problem).toBe(`audit log: entries after ${entries - 3} were removed (the signed head is entry ${entries})`);
    expect(archive.audit.verifyChain().issue).toEqual({ kind: 'removed', after: entries - 3, signed: entries });

    // A chain rewritten with every hash recomputed: the head's signature needs the device's key.
    const { auditEntryHash, genesisHash } = await import('../db/audit/audit-log.js');
    let prev = genesisHash;
    for (const row of archive.db.prepare('SELECT * FROM audit ORDER BY seq').all() as AuditRow[]) {
      const detail = row.seq === 3 ? '{"forged":true}' : row.detail;
      const hash = auditEntryHash(prev, { ...row, detail });
      archive.db.prepare('UPDATE audit SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(detail, prev, hash, row.seq);
      prev = hash;
    }
    archive.db.prepare('UPDATE audit_head SET seq = ?, hash = ?').run(entries - 3, prev);
    expect(verifyArchive(archive).problem).toBe('audit log: the signature of its newest entry does not check out: the log was rewritten');
    expect(archive.audit.verifyChain().issue).toEqual({ kind: 'rewritten' });
    // And without a head at all.
    archive.db.prepare('DELETE FROM audit_head').run();
    expect(verifyArchive(archive).problem).toBe('audit log: its newest entry is not signed (entries may have been removed)');
    expect(archive.audit.verifyChain().issue).toEqual({ kind: 'unsigned' });
    archive.close();
  });
});
