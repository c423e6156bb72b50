import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createArchive, openArchive, wipeArchive } from '../db/store/archive.js';
import { readKeyFile } from '../db/store/key-slots.js';
import { verifyArchive } from '../db/verify-archive.js';
import { expectSameFiles, newArchive, passphrase, snapshotFolder, tempDir } from './support/temp-archive.js';
import { rejection } from './support/vigil-errors.js';

describe('creating and opening an archive', () => {
  it('uses scrypt N=2^17, r=8, p=1 by default, one slot for the passphrase and one for the recovery code', async () => {
    const dir = join(tempDir(), 'real-cost');
    const { archive, recoveryCode } = await createArchive(dir, passphrase);
    archive.close();
    const keys = readKeyFile(dir);
    expect(keys.slots.map((s) => s.kind).sort()).toEqual(['passphrase', 'recovery']);
    for (const slot of keys.slots) expect(slot.kdf).toMatchObject({ name: 'scrypt', N: 131072, r: 8, p: 1 });
    (await openArchive(dir, { passphrase })).close();
    (await openArchive(dir, { recoveryCode })).close();
    expect(new Set(readdirSync(dir))).toEqual(new Set(['archive.db', 'keys.json', 'failed-unlocks']));
  });

  it('keeps every file of the archive readable by its owner only (0600), and narrows an older archive\u2019s when opened', async () => {
    const { dir, archive } = await newArchive();
    archive.records.create('event', { title: 'A write, so the WAL exists' });
    const modes = () =>
      Object.fromEntries(['archive.db', 'archive.db-shm', 'archive.db-wal', 'keys.json', 'failed-unlocks/recipient'].map((name) => [name, statSync(join(dir, name)).mode & 0o777]));
    expect(statSync(join(dir, 'failed-unlocks')).mode & 0o777).toBe(0o700);
    for (const [name, mode] of Object.entries(modes())) expect(mode, name).toBe(0o600);
    archive.close();
    // As archives made before were: the database and its WAL at the umask's 0644.
    chmodSync(join(dir, 'archive.db'), 0o644);
    const reopened = await openArchive(dir, { passphrase });
    reopened.records.create('event', { title: 'Another write' });
    for (const [name, mode] of Object.entries(modes())) expect(mode, name).toBe(0o600);
    reopened.close();
  });

  it('refuses to create over an existing archive, and a short passphrase', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    expect((await rejection(createArchive(dir, passphrase))).code).toBe('archive_exists');
    expect((await rejection(createArchive(join(tempDir(), 'x'), 'short'))).code).toBe('invalid_argument');
  });

  it('opens with the settings the design requires and STRICT tables', async () => {
    const { archive } = await newArchive();
    const db = archive.db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    const all = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; sql: string }[];
    // FTS5 tables and the shadow tables FTS5 makes for them cannot be STRICT; every table of ours is.
    const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
    const tables = all.filter((t) => !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)));
    expect(tables.length).toBeGreaterThan(10);
    for (const t of tables) expect(t.sql, t.name).toMatch(/\bSTRICT\b/);
    archive.close();
  });

  it('a wrong passphrase or recovery code is an authentication error that changes no byte of the archive, and leaves a sealed note of the attempt', async () => {
    const { dir, archive } = await newArchive();
    archive.records.create('note', { title: 'before the wrong passphrase' });
    archive.close();
    const before = snapshotFolder(dir);
    expect((await rejection(openArchive(dir, { passphrase: 'not the passphrase' }))).code).toBe('auth_failed');
    expect((await rejection(openArchive(dir, { recoveryCode: 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA' }))).code).toBe('auth_failed');
    const { generateRecoveryCode } = await import('../db/store/recovery-code.js');
    expect((await rejection(openArchive(dir, { recoveryCode: generateRecoveryCode() }))).message).toBe('wrong recovery code');
    expect(expectSameFiles(before, snapshotFolder(dir))).toEqual([]);
    // One note per attempt beside it, encrypted: no word of what was typed, or when.
    const notes = readdirSync(join(dir, 'failed-unlocks')).filter((n) => n.endsWith('.age'));
    expect(notes).toHaveLength(3);
    for (const note of notes) expect(readFileSync(join(dir, 'failed-unlocks', note)).toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> X25519 /);
    // The next unlock records them and removes them.
    const opened = await openArchive(dir, { passphrase });
    expect(
      opened.audit
        .list()
        .slice(-2)
        .map((e) => [e.action, e.detail.attempts, e.detail.with]),
    ).toEqual([
      ['unlock.failed', 3, ['passphrase', 'recovery code']],
      ['unlock', undefined, 'passphrase'],
    ]);
    opened.close();
    expect(readdirSync(join(dir, 'failed-unlocks'))).toEqual(['recipient']);
  });

  it('changing the passphrase rewraps its slot only: the recovery slot and the database keying stay', async () => {
    const { dir, archive, recoveryCode } = await newArchive();
    const id = archive.records.create('detainee', { title: 'Ablyazov' }).id;
    archive.close();
    const keysBefore = readKeyFile(dir);
    const header = readFileSync(join(dir, 'archive.db')).subarray(0, 16);
    const opened = await openArchive(dir, { passphrase });
    await opened.setPassphrase('a brand new passphrase', 'change');
    opened.close();
    const keysAfter = readKeyFile(dir);
    expect(keysAfter.slots.find((s) => s.kind === 'recovery')).toEqual(keysBefore.slots.find((s) => s.kind === 'recovery'));
    expect(keysAfter.slots.find((s) => s.kind === 'passphrase')).not.toEqual(keysBefore.slots.find((s) => s.kind === 'passphrase'));
    // Same salt in the database header: the database was not re-encrypted.
    expect(readFileSync(join(dir, 'archive.db')).subarray(0, 16).equals(header)).toBe(true);
    expect((await rejection(openArchive(dir, { passphrase }))).code).toBe('auth_failed');
    const again = await openArchive(dir, { passphrase: 'a brand new passphrase' });
    expect(again.records.get(id).data.title).toBe('Ablyazov');
    expect(again.audit.list().map((e) => e.action)).toContain('passphrase.change');
    again.close();
    // The recovery code still opens it and can set a passphrase without the old one.
    const recovered = await openArchive(dir, { recoveryCode });
    await recovered.setPassphrase('set with the recovery code', 'reset');
    recovered.close();
    (await openArchive(dir, { passphrase: 'set with the recovery code' })).close();
  });

  it('reports a damaged keys.json clearly, whatever the damage', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const good = readFileSync(join(dir, 'keys.json'), 'utf8');
    const damages: [string, string, RegExp][] = [
      ['truncated', good.slice(0, good.length / 2), /keys\.json is damaged/],
      ['empty', '', /keys\.json is damaged/],
      ['not JSON', '\u0000\u0001garbage', /keys\.json is damaged/],
      ['slot missing', JSON.stringify({ ...JSON.parse(good), slots: [] }), /keys\.json is damaged/],
      ['huge scrypt cost', good.replace(/"N": 16384/g, '"N": 1073741824'), /keys\.json is damaged/],
      ['newer version', JSON.stringify({ ...JSON.parse(good), version: 2 }), /version 2/],
    ];
    for (const [what, content, message] of damages) {
      writeFileSync(join(dir, 'keys.json'), content);
      const err = await rejection(openArchive(dir, { passphrase }));
      expect(['damaged', 'schema_mismatch'], what).toContain(err.code);
      expect(err.message, what).toMatch(message);
    }
    writeFileSync(join(dir, 'keys.json'), good);
    (await openArchive(dir, { passphrase })).close();
  });

  it('reports a damaged or missing database clearly', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const db = readFileSync(join(dir, 'archive.db'));
    writeFileSync(join(dir, 'archive.db'), Buffer.alloc(db.length, 7));
    expect((await rejection(openArchive(dir, { passphrase }))).code).toBe('damaged');
    writeFileSync(join(dir, 'archive.db'), db.subarray(0, 100));
    expect((await rejection(openArchive(dir, { passphrase }))).code).toBe('damaged');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'archive.db'));
    expect((await rejection(openArchive(dir, { passphrase }))).message).toMatch(/database is missing/);
    expect((await rejection(openArchive(join(tempDir(), 'nothing-here'), { passphrase }))).code).toBe('not_found');
  });

  it('refuses a keys.json from another archive', async () => {
    const a = await newArchive();
    const b = await newArchive();
    a.archive.close();
    b.archive.close();
    writeFileSync(join(a.dir, 'keys.json'), readFileSync(join(b.dir, 'keys.json')));
    const err = await rejection(openArchive(a.dir, { passphrase }));
    expect(err.code).toBe('damaged');
  });

  it('wipes the notes of failed unlocks with the rest', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    await rejection(openArchive(dir, { passphrase: 'a wrong guess' }));
    expect(readdirSync(join(dir, 'failed-unlocks'))).toHaveLength(2);
    wipeArchive(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('wipes by crypto-erase and leaves other files alone', async () => {
    const { dir, archive } = await newArchive();
    archive.records.create('note', { title: 'to be destroyed' });
    archive.close();
    writeFileSync(join(dir, 'not-vigil.txt'), 'keep me');
    // A re-key cut short leaves its pending key file: it is key material too.
    writeFileSync(join(dir, 'keys.next.json'), readFileSync(join(dir, 'keys.json')));
    const result = wipeArchive(dir);
    expect(result.removed).toContain('keys.json');
    expect(result.removed).toContain('keys.next.json');
    expect(result.removed).toContain('archive.db');
    expect(readdirSync(dir)).toEqual(['not-vigil.txt']);
    expect((await rejection(openArchive(dir, { passphrase }))).code).toBe('not_found');
    expect(() => wipeArchive(tempDir())).toThrow(/no Vigil archive/);
  });

  it('wipes nothing that is not recognisably Vigil\u2019s, and never follows a link to someone else\u2019s file', async () => {
    const { symlinkSync, mkdirSync } = await import('node:fs');
    const folder = tempDir();
    writeFileSync(join(folder, 'precious.txt'), 'not yours');
    symlinkSync(join(folder, 'precious.txt'), join(folder, 'keys.json'));
    writeFileSync(join(folder, 'archive.db'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]));
    expect(() => wipeArchive(folder)).toThrow(/no Vigil archive/);
    expect(readFileSync(join(folder, 'precious.txt'), 'utf8')).toBe('not yours');
    expect(existsSync(join(folder, 'archive.db'))).toBe(true);

    // A key file kept elsewhere behind a link is Vigil's, so it is destroyed too.
    const { dir, archive } = await newArchive();
    archive.close();
    const elsewhere = join(tempDir(), 'keys-on-another-drive');
    mkdirSync(elsewhere);
    const { renameSync } = await import('node:fs');
    renameSync(join(dir, 'keys.json'), join(elsewhere, 'keys.json'));
    symlinkSync(join(elsewhere, 'keys.json'), join(dir, 'keys.json'));
    wipeArchive(dir);
    expect(existsSync(join(elsewhere, 'keys.json'))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('a passphrase change that cannot take the write lock changes nothing', async () => {
    const { dir, archive } = await newArchive();
    const other = await openArchive(dir, { passphrase });
    other.db.prepare('BEGIN IMMEDIATE').run();
    archive.db.pragma('busy_timeout = 100');
    await expect(archive.setPassphrase('would be the new one', 'change')).rejects.toThrow();
    other.db.prepare('ROLLBACK').run();
    other.close();
    archive.close();
    (await openArchive(dir, { passphrase })).close();
    expect((await rejection(openArchive(dir, { passphrase: 'would be the new one' }))).code).toBe('auth_failed');
  });

  it('removes the folder when the wipe leaves it empty', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    wipeArchive(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('verifies a fresh archive', async () => {
    const { archive } = await newArchive();
    const report = verifyArchive(archive);
    expect(report).toMatchObject({ ok: true });
    expect(report.checked.auditEntries).toBe(1);
    archive.close();
  });
});
