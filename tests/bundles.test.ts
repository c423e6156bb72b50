import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter, Encrypter } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { bundleIdentity } from '../db/bundles/bundle-identity.js';
import { importBundle } from '../db/bundles/read-bundle.js';
import { syncFolder } from '../db/bundles/sync-folder.js';
import { exportBundle } from '../db/bundles/write-bundle.js';
import { generateDeviceKeyPair, privateKeyFromDer, signMessage } from '../db/records/device-identity.js';
import { manifestSignatureMessage } from '../db/bundles/bundle-format.js';
import type { Archive } from '../db/store/archive.js';
import { verifyArchive } from '../db/verify-archive.js';
import { ageIdentityOf, packBundle, signAs, unpackBundle, type BundleEntry } from './support/bundle-parts.js';
import { replicaState } from './support/replicas.js';
import { expectSameFiles, newArchive, passphrase, snapshotFolder, tempDir } from './support/temp-archive.js';
import { haveCommand, skipWithout } from './support/required-tools.js';
import { viewOfType } from '../db/shared/record-views.js';
import { applyTemplate } from '../db/templates/apply-template.js';
import { prisonVisitTemplate } from './support/template-fixtures.js';

const team = { passphrase: 'a team passphrase for the mission', scryptWorkFactor: 10 };

/** Sends what `from` has not yet sent to `to`, through a bundle file addressed to `to`. */
async function send(from: Archive, to: Archive, options: { all?: boolean } = {}) {
  const out = join(tempDir(), 'b.vigil');
  await exportBundle(from, { out, peer: to.deviceId, to: [(await bundleIdentity(to)).recipient], ...options });
  return { out, summary: await importBundle(to, out) };
}

function blobOf(archive: Archive, sha256: string) {
  return archive.db.prepare('SELECT count(*) FROM blobs WHERE sha256 = ?').pluck().get(sha256);
}

async function expectUnchanged(archive: Archive, dir: string, attempt: () => Promise<unknown>, code: string, message: RegExp) {
  archive.db.pragma('wal_checkpoint(TRUNCATE)');
  const before = snapshotFolder(dir);
  await expect(attempt()).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  expect(archive.db.inTransaction).toBe(false);
  expect(expectSameFiles(before, snapshotFolder(dir))).toEqual([]);
}

describe('bundles between archives', () => {
  it('carries records and attachments to another archive, which finds them by search; the same bundle again changes nothing', async () => {
    const a = await newArchive();
    const b = await newArchive();
    const detainee = a.archive.records.create('detainee', { title: 'Руслан Жаксыбеков', status: 'detained', tags: ['aktau'] });
    const file = join(tempDir(), 'protocol.pdf');
    writeFileSync(file, Buffer.from('%PDF-1.4 detention protocol '.repeat(40_000)));
    const blob = await a.archive.attachments.putFile(file);
    a.archive.records.attach(detainee.id, { sha256: blob.sha256, name: 'protocol.pdf', size: blob.size });

    const out = join(tempDir(), 'mission.vigil');
    const written = await exportBundle(a.archive, { out, ...team });
    expect(written).toMatchObject({ revisions: 2, blobs: 1, peer: 'team' });
    const summary = await importBundle(b.archive, out, { passphrase: team.passphrase });
    expect(summary).toMatchObject({ new: 1, updated: 0, conflicts: 0, device: a.archive.deviceId, newDevice: true, revisions: { added: 2 }, blobs: { added: 1 } });
    expect(b.archive.records.get(detainee.id).data).toEqual(a.archive.records.get(detainee.id).data);
    const copied: Buffer[] = [];
    for await (const chunk of b.archive.attachments.read(blob.sha256)) copied.push(chunk);
    expect(Buffer.concat(copied)).toEqual(readFileSync(file));
    expect(b.archive.search.search({ query: 'Zhaksybekov' }).hits[0]?.id).toBe(detainee.id);
    expect(b.archive.audit.list().filter((e) => e.action === 'bundle.import')).toHaveLength(1);
    expect(a.archive.audit.list().filter((e) => e.action === 'bundle.export')).toHaveLength(1);

    await expectUnchangedOnSuccess(b.archive, b.dir, async () => {
      expect(await importBundle(b.archive, out, { passphrase: team.passphrase })).toMatchObject({ new: 0, updated: 0, unchanged: 1, newDevice: false, revisions: { added: 0 } });
    });
    expect(verifyArchive(b.archive)).toMatchObject({ ok: true });
  });

  it('carries a long report whose one line spans many chunks of the bundle', async () => {
    const a = await newArchive();
    const b = await newArchive();
    const body = Array.from({ length: 12_000 }, (_, i) => `Paragraph ${i}: the hearing in Aktau resumed; защита заявила ходатайство.`).join('\n\n');
    const report = a.archive.records.create('report', { title: 'Long shadow report', body });
    expect(body.length).toBeGreaterThan(800_000);
    expect((await send(a.archive, b.archive)).summary).toMatchObject({ new: 1 });
    expect(viewOfType(b.archive.records.get(report.id), 'report').data.body).toBe(body);
  });

  it('is incremental per peer: a second bundle holds only what is new, --all holds everything', async () => {
    const a = await newArchive();
    const b = await newArchive();
    a.archive.records.create('event', { title: 'Hearing postponed' });
    expect((await send(a.archive, b.archive)).summary).toMatchObject({ new: 1 });
    const second = a.archive.records.create('event', { title: 'Verdict announced' });
    const again = await send(a.archive, b.archive);
    expect(again.summary).toMatchObject({ new: 1, revisions: { received: 1 } });
    expect(b.archive.records.get(second.id).data.title).toBe('Verdict announced');
    expect((await send(a.archive, b.archive)).summary.revisions.received).toBe(0);
    expect((await send(a.archive, b.archive, { all: true })).summary).toMatchObject({ unchanged: 2, revisions: { received: 2, added: 0 } });
  });

  it('relays A → B → C with A still proven the author of what A wrote', async () => {
    const [a, b, c] = await Promise.all([newArchive(), newArchive(), newArchive()]);
    const note = a.archive.records.create('note', { title: 'Defendant says he was beaten', text: 'Said in court on day two.' });
    await send(a.archive, b.archive);
    const relayed = await send(b.archive, c.archive);
    expect(relayed.summary).toMatchObject({ new: 1, device: b.archive.deviceId });
    expect(c.archive.records.history(note.id)[0]).toMatchObject({ device: a.archive.deviceId });
    expect(c.archive.db.prepare('SELECT count(*) FROM devices WHERE device_id = ?').pluck().get(a.archive.deviceId)).toBe(1);
    expect(verifyArchive(c.archive)).toMatchObject({ ok: true });
  });

  it('gives concurrent edits the same conflict and value on both sides; a resolution travels and closes it; an edit survives a concurrent delete', async () => {
    const a = await newArchive();
    const b = await newArchive();
    const trial = a.archive.records.create('trial', { title: 'Trial of the Zhanaozen oil workers' });
    const doomed = a.archive.records.create('event', { title: 'Strike begins' });
    await send(a.archive, b.archive);
    a.archive.records.update(trial.id, { title: 'Trial of 37 oil workers' });
    b.archive.records.update(trial.id, { title: 'Zhanaozen trial (37 defendants)' });
    a.archive.records.delete(doomed.id);
    b.archive.records.update(doomed.id, { title: 'Strike begins, 16 May 2011' });
    await send(a.archive, b.archive);
    await send(b.archive, a.archive);
    expect(a.archive.records.conflicts().map((c) => c.id)).toEqual([trial.id]);
    expect(replicaState(a.archive)).toEqual(replicaState(b.archive));
    expect(a.archive.records.get(doomed.id).data.title).toBe('Strike begins, 16 May 2011');

    const [leaf] = a.archive.records.conflicts()[0]!.leaves;
    a.archive.records.resolve(trial.id, { pick: leaf!.id });
    await send(a.archive, b.archive);
    expect(b.archive.records.conflicts()).toEqual([]);
    expect(replicaState(a.archive)).toEqual(replicaState(b.archive));
  });

  it('stores an attachment once however many bundles carry it', async () => {
    const a = await newArchive();
    const b = await newArchive();
    const file = join(tempDir(), 'photo.jpg');
    writeFileSync(file, Buffer.alloc(700_000, 3));
    const blob = await a.archive.attachments.putFile(file);
    for (const title of ['First detainee', 'Second detainee']) {
      const r = a.archive.records.create('detainee', { title });
      a.archive.records.attach(r.id, { sha256: blob.sha256, name: 'photo.jpg', size: blob.size });
    }
    expect((await send(a.archive, b.archive, { all: true })).summary.blobs).toEqual({ received: 1, added: 1 });
    expect((await send(a.archive, b.archive, { all: true })).summary.blobs).toEqual({ received: 1, added: 0 });
    expect(blobOf(b.archive, blob.sha256)).toBe(1);
  });

  it('keeps filtered records off a bundle: types, tags and sensitivity', async () => {
    const a = await newArchive();
    const b = await newArchive();
    const open = a.archive.records.create('detainee', { title: 'Public case', sensitivity: 'public', tags: ['mission'] });
    const secret = a.archive.records.create('detainee', { title: 'Witness who fears reprisal', sensitivity: 'confidential', tags: ['mission'] });
    const untagged = a.archive.records.create('detainee', { title: 'Other region', sensitivity: 'public' });
    const report = a.archive.records.create('report', { title: 'Shadow report', sensitivity: 'public', tags: ['mission'] });
    const out = join(tempDir(), 'field.vigil');
    await exportBundle(a.archive, { out, types: ['detainee'], tags: ['mission'], maxSensitivity: 'restricted', to: [(await bundleIdentity(b.archive)).recipient] });
    await importBundle(b.archive, out);
    expect(b.archive.records.list().map((r) => r.id)).toEqual([open.id]);
    for (const id of [secret.id, untagged.id, report.id]) expect(() => b.archive.records.get(id)).toThrow();
  });

  it('carries definitions with the records that use them, however narrowed, and keeps back a record holding a value more sensitive than the bundle', async () => {
    const a = await newArchive();
    const b = await newArchive();
    applyTemplate(a.archive, {
      ...prisonVisitTemplate,
      fields: [...prisonVisitTemplate.fields, { type: 'detainee', key: 'informant', kind: 'text', labels: { en: 'Informant' }, valueSensitivity: 'confidential' }],
    });
    const visit = a.archive.records.create('prison-visit' as never, { title: 'Visit to LA-155/14', tags: ['mission'], defined: { facility: 'LA-155/14', conditions: ['no-bed'] } });
    const plain = a.archive.records.create('detainee', { title: 'Akhmetov', tags: ['mission'], defined: { ethnicity: 'Kazakh' } });
    const named = a.archive.records.create('detainee', { title: 'Serikbayev', tags: ['mission'], defined: { informant: 'a guard on the night shift' } });
    const out = join(tempDir(), 'narrow.vigil');
    await exportBundle(a.archive, {
      out,
      types: ['prison-visit' as never, 'detainee'],
      tags: ['mission'],
      maxSensitivity: 'restricted',
      to: [(await bundleIdentity(b.archive)).recipient],
    });
    await importBundle(b.archive, out);
    // The receiver searches and filters the visit by fields it never defined itself.
    expect(b.archive.records.get(visit.id).data).toEqual(a.archive.records.get(visit.id).data);
    expect(b.archive.search.search({ query: 'conditions:overcrowding' }).hits.map((h) => h.id)).toEqual([visit.id]);
    expect(b.archive.records.get(plain.id).data.defined).toEqual({ ethnicity: 'Kazakh' });
    expect(() => b.archive.records.get(named.id)).toThrow();
    expect(JSON.stringify(b.archive.records.list().map((r) => b.archive.records.get(r.id).data))).not.toContain('night shift');
    // Allowed confidential, it travels.
    const all = join(tempDir(), 'all.vigil');
    await exportBundle(a.archive, { out: all, all: true, maxSensitivity: 'confidential', to: [(await bundleIdentity(b.archive)).recipient] });
    await importBundle(b.archive, all);
    expect(b.archive.records.get(named.id).data.defined).toEqual({ informant: 'a guard on the night shift' });
  });

  it('opens a bundle addressed to its own recipient without a passphrase, and refuses one addressed to others', async () => {
    const [a, b, c] = await Promise.all([newArchive(), newArchive(), newArchive()]);
    a.archive.records.create('event', { title: 'Observers turned away' });
    const out = join(tempDir(), 'for-b.vigil');
    await exportBundle(a.archive, { out, to: [(await bundleIdentity(b.archive)).recipient] });
    expect(await importBundle(b.archive, out)).toMatchObject({ new: 1 });
    await expectUnchanged(c.archive, c.dir, () => importBundle(c.archive, out), 'invalid_argument', /addressed to other recipients/);
    expect(await bundleIdentity(b.archive)).toEqual({
      deviceId: b.archive.deviceId,
      fingerprint: expect.stringMatching(/^([0-9A-F]{4}-){7}[0-9A-F]{4}$/),
      recipient: expect.stringMatching(/^age1[0-9a-z]{58}$/),
    });
  });

  it('meets the team in a shared folder: each device writes its own bundle and reads the others', async () => {
    const [a, b, c] = await Promise.all([newArchive(), newArchive(), newArchive()]);
    const folder = tempDir('vigil-stick-');
    const fromA = a.archive.records.create('event', { title: 'Recorded by A' });
    const fromC = c.archive.records.create('event', { title: 'Recorded by C' });
    expect((await syncFolder(a.archive, folder, team)).wrote).toMatchObject({ revisions: 1 });
    await syncFolder(b.archive, folder, team);
    await syncFolder(c.archive, folder, team);
    const again = await syncFolder(a.archive, folder, team);
    expect(again.imported.map((i) => i.device).sort()).toEqual([b.archive.deviceId, c.archive.deviceId].sort());
    await syncFolder(b.archive, folder, team);
    expect(b.archive.records.get(fromC.id).data.title).toBe('Recorded by C');
    expect(a.archive.records.get(fromC.id).data.title).toBe('Recorded by C');
    expect((await syncFolder(a.archive, folder, team)).wrote).toBeNull();
    expect(c.archive.records.get(fromA.id).data.title).toBe('Recorded by A');

    // Another team's bundle in the same folder is listed as refused; the rest goes on.
    const stranger = await newArchive();
    stranger.archive.records.create('event', { title: 'Another team' });
    const theirs = tempDir('vigil-stick-');
    await syncFolder(stranger.archive, theirs, { ...team, passphrase: 'another team passphrase' });
    copyFileSync(join(theirs, `${stranger.archive.deviceId}.vigil`), join(folder, `${stranger.archive.deviceId}.vigil`));
    a.archive.records.create('event', { title: 'Recorded by A, later' });
    const mixed = await syncFolder(a.archive, folder, team);
    expect(mixed.rejected).toEqual([{ file: `${stranger.archive.deviceId}.vigil`, error: 'wrong bundle passphrase' }]);
    expect(mixed.wrote).toMatchObject({ revisions: 3 });
    // A mistyped passphrase opens nothing: this device's bundle is not rewritten under it.
    const lone = tempDir('vigil-stick-');
    await syncFolder(b.archive, lone, team);
    await expect(syncFolder(c.archive, lone, { ...team, passphrase: 'a mistyped team passphrase' })).rejects.toMatchObject({ code: 'auth_failed' });
    expect(readdirSync(lone)).toEqual([`${b.archive.deviceId}.vigil`]);
  });

  it('skips a damaged bundle, remembered by its content, reads it once whole, and still syncs the rest', async () => {
    const [a, b, c] = await Promise.all([newArchive(), newArchive(), newArchive()]);
    const folder = tempDir('vigil-stick-');
    const fromA = a.archive.records.create('event', { title: 'Recorded by A' });
    const fromC = c.archive.records.create('event', { title: 'Recorded by C' });
    await syncFolder(a.archive, folder, team);
    await syncFolder(c.archive, folder, team);
    const fileOfA = join(folder, `${a.archive.deviceId}.vigil`);
    const whole = readFileSync(fileOfA);
    writeFileSync(fileOfA, whole.subarray(0, whole.length - 1000));

    const first = await syncFolder(b.archive, folder, team);
    expect(first.rejected).toEqual([{ file: `${a.archive.deviceId}.vigil`, error: expect.stringMatching(/damaged/) }]);
    expect(first.imported.map((i) => i.device)).toEqual([c.archive.deviceId]);
    // A's work still arrives, through C's bundle.
    expect(first.wrote).toMatchObject({ revisions: 2 });
    expect(b.archive.records.get(fromC.id).data.title).toBe('Recorded by C');
    expect(b.archive.records.get(fromA.id).data.title).toBe('Recorded by A');

    // Touched but the same bytes: not read again, reported as still damaged.
    const { utimesSync } = await import('node:fs');
    utimesSync(fileOfA, new Date(), new Date(Date.now() + 5000));
    const merged = b.archive.db.prepare('SELECT count(*) FROM bundles_received').pluck();
    const receivedBefore = merged.get();
    const second = await syncFolder(b.archive, folder, team);
    expect(second).toMatchObject({ rejected: [], imported: [], stillDamaged: [{ file: `${a.archive.deviceId}.vigil`, error: first.rejected[0]!.error }], wrote: null });
    expect(merged.get()).toBe(receivedBefore);

    // The copy completes: it is read.
    writeFileSync(fileOfA, whole);
    const third = await syncFolder(b.archive, folder, team);
    expect(third.imported.map((i) => i.device)).toEqual([a.archive.deviceId]);
    expect(third.stillDamaged).toEqual([]);
  });

  it('gives each folder what it has not been given, writes its own bundle again when the copy there is damaged, re-locked or gone, and names copies it does not read', async () => {
    const [a, b] = await Promise.all([newArchive(), newArchive()]);
    const stick = tempDir('vigil-stick-');
    const other = tempDir('vigil-stick-');
    a.archive.records.create('event', { title: 'Recorded by A' });
    expect((await syncFolder(a.archive, stick, team)).wrote).toMatchObject({ revisions: 1 });
    expect((await syncFolder(a.archive, stick, team)).wrote).toBeNull();
    // A second stick gets the bundle too, though nothing is new.
    expect((await syncFolder(a.archive, other, team)).wrote).toMatchObject({ revisions: 1 });
    const own = join(stick, `${a.archive.deviceId}.vigil`);
    // A copy cut short by the sync tool, or removed, is written again.
    writeFileSync(own, readFileSync(own).subarray(0, 500));
    expect((await syncFolder(a.archive, stick, team)).wrote).toMatchObject({ revisions: 1 });
    expect((await importBundle(b.archive, own, { passphrase: team.passphrase })).new).toBe(1);
    // The team moves to members' keys: the bundle is written again, locked to them.
    const to = [(await bundleIdentity(b.archive)).recipient];
    expect((await syncFolder(a.archive, stick, { to })).wrote).toMatchObject({ revisions: 1 });
    expect((await syncFolder(a.archive, stick, { to })).wrote).toBeNull();
    expect(readFileSync(own).toString('latin1')).toMatch(/\n-> X25519 /);
    // A conflicted copy is not read, and said so.
    copyFileSync(own, join(stick, `${a.archive.deviceId}.sync-conflict-20261207-101010-ABCDEFG.vigil`));
    copyFileSync(own, join(stick, '.syncthing.half.vigil.tmp'));
    const listed = await syncFolder(b.archive, stick, { to: [(await bundleIdentity(a.archive)).recipient] });
    expect(listed.ignored).toEqual([`${a.archive.deviceId}.sync-conflict-20261207-101010-ABCDEFG.vigil`]);
  });
});

async function expectUnchangedOnSuccess(archive: Archive, dir: string, fn: () => Promise<void>) {
  archive.db.pragma('wal_checkpoint(TRUNCATE)');
  const before = snapshotFolder(dir);
  await fn();
  expect(expectSameFiles(before, snapshotFolder(dir))).toEqual([]);
}

describe('a bundle that cannot be written', () => {
  it('fails cleanly when an attachment is damaged or the folder is missing: no partial file, and the archive stays usable', async () => {
    const a = await newArchive();
    a.archive.records.createMany(Array.from({ length: 1500 }, (_, i) => ({ type: 'event' as const, data: { title: `Event ${i}` } })));
    const file = join(tempDir(), 'scan.bin');
    writeFileSync(file, Buffer.alloc(3_000_000, 9));
    const blob = await a.archive.attachments.putFile(file);
    const r = a.archive.records.create('report', { title: 'Scanned report' });
    a.archive.records.attach(r.id, { sha256: blob.sha256, name: 'scan.bin', size: blob.size });
    a.archive.db.prepare('DELETE FROM blob_chunks WHERE blob_key = ? AND idx = 3').run(blob.sha256);
    const dir = tempDir();
    await expect(exportBundle(a.archive, { out: join(dir, 'x.vigil'), all: true, ...team })).rejects.toMatchObject({
      code: 'damaged',
      message: expect.stringMatching(/missing part 4/),
    });
    expect(readdirSync(dir)).toEqual([]);
    await expect(exportBundle(a.archive, { out: join(dir, 'gone', 'x.vigil'), all: true, ...team })).rejects.toMatchObject({ code: 'not_found' });
    expect(a.archive.records.create('event', { title: 'Still writable' }).data.title).toBe('Still writable');
  });
});

describe('bundles that are refused', () => {
  async function setUp() {
    const a = await newArchive();
    const b = await newArchive();
    const r = a.archive.records.create('detainee', { title: 'Akhmetova', status: 'detained' });
    const file = join(tempDir(), 'letter.txt');
    writeFileSync(file, 'A letter from prison.');
    const blob = await a.archive.attachments.putFile(file);
    a.archive.records.attach(r.id, { sha256: blob.sha256, name: 'letter.txt', size: blob.size });
    const recipient = (await bundleIdentity(b.archive)).recipient;
    const good = join(tempDir(), 'good.vigil');
    await exportBundle(a.archive, { out: good, to: [recipient] });
    const parts = await unpackBundle(good, ageIdentityOf(b.archive));
    const forge = async (entries: BundleEntry[]) => {
      const out = join(tempDir(), 'forged.vigil');
      await packBundle(out, entries, recipient);
      return out;
    };
    const part = (name: string) => parts.find((p) => p.name === name)!.data;
    /** A manifest changed and signed again with A's own key: the bundle's signature is good. */
    const resigned = (change: (m: Record<string, unknown>) => void, revisions = part('revisions.jsonl')) => {
      const manifest = JSON.parse(part('manifest.json').toString()) as Record<string, unknown>;
      change(manifest);
      const bytes = Buffer.from(JSON.stringify(manifest));
      return [
        { name: 'manifest.json', data: bytes },
        { name: 'manifest.sig', data: signAs(a.archive, bytes) },
        { name: 'revisions.jsonl', data: revisions },
        ...parts.filter((p) => p.name.startsWith('blobs/')),
      ];
    };
    return { a, b, good, parts, forge, part, resigned, recipient };
  }

  it('rejects damaged files: truncated, a modified byte, not a bundle, empty; nothing changes', async () => {
    const { b, good } = await setUp();
    const bytes = readFileSync(good);
    const truncated = join(tempDir(), 'truncated.vigil');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    await expectUnchanged(b.archive, b.dir, () => importBundle(b.archive, truncated), 'damaged', /damaged: part of it was altered or cut short/);
    for (const offset of [bytes.length - 30, Math.floor(bytes.length / 2), 300]) {
      const flipped = Buffer.from(bytes);
      flipped[offset]! ^= 0x01;
      const path = join(tempDir(), 'flipped.vigil');
      writeFileSync(path, flipped);
      await expectUnchanged(b.archive, b.dir, () => importBundle(b.archive, path), 'damaged', /damaged|truncated|cannot be opened/);
    }
    const text = join(tempDir(), 'notes.vigil');
    writeFileSync(text, 'just some notes');
    await expectUnchanged(b.archive, b.dir, () => importBundle(b.archive, text), 'damaged', /not a Vigil bundle/);
    const empty = join(tempDir(), 'empty.vigil');
    writeFileSync(empty, '');
    await expectUnchanged(b.archive, b.dir, () => importBundle(b.archive, empty), 'damaged', /empty/);
  });

  it('rejects a wrong passphrase with auth_failed', async () => {
    const { a, b } = await setUp();
    const out = join(tempDir(), 'team.vigil');
    await exportBundle(a.archive, { out, all: true, ...team });
    await expectUnchanged(b.archive, b.dir, () => importBundle(b.archive, out, { passphrase: 'not the team passphrase' }), 'auth_failed', /wrong bundle passphrase/);
  });

  it('locks to a passphrase as age does, both ways; refuses a short one, and a header asking for costlier scrypt than 2^18 before working it', async () => {
    const { a, b } = await setUp();
    const out = join(tempDir(), 'team.vigil');
    await exportBundle(a.archive, { out, all: true, ...team });
    // age-encryption's own scrypt opens what Vigil's native one locked...
    const decrypter = new Decrypter();
    decrypter.addPassphrase(team.passphrase);
    const tarBytes = Buffer.from(await decrypter.decrypt(readFileSync(out)));
    expect(tarBytes.subarray(0, 13).toString()).toBe('manifest.json');
    // ...and Vigil opens what age-encryption locked.
    const byAge = join(tempDir(), 'by-age.vigil');
    const encrypter = new Encrypter();
    encrypter.setPassphrase(team.passphrase);
    encrypter.setScryptWorkFactor(12);
    writeFileSync(byAge, await encrypter.encrypt(tarBytes));
    expect(await importBundle(b.archive, byAge, { passphrase: team.passphrase })).toMatchObject({ new: 1 });

    await expect(exportBundle(a.archive, { out: join(tempDir(), 'short.vigil'), all: true, passphrase: 'short' })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/at least 8 characters/),
    });
    await expect(syncFolder(a.archive, tempDir(), { passphrase: 'short' })).rejects.toMatchObject({ code: 'invalid_argument' });

    // age-encryption will not make one that costly: the header is written by hand.
    const heavy = join(tempDir(), 'heavy.vigil');
    const header = `age-encryption.org/v1\n-> scrypt ${Buffer.alloc(16, 7).toString('base64').replace(/=+$/, '')} 22\n${Buffer.alloc(32).toString('base64').replace(/=+$/, '')}\n--- ${Buffer.alloc(32).toString('base64').replace(/=+$/, '')}\n`;
    writeFileSync(heavy, Buffer.concat([Buffer.from(header), Buffer.alloc(200)]));
    await expectUnchanged(b.archive, b.dir, () => importBundle(b.archive, heavy, { passphrase: team.passphrase }), 'damaged', /asks for 2\^22 scrypt work to open.*at most 2\^18/);
  });

  it('rejects a bad signature, a forged source key, and an unknown device when known devices are required', async () => {
    const { a, b, forge, part, parts } = await setUp();
    const manifest = part('manifest.json');
    const stranger = generateDeviceKeyPair();
    const forgedSig = signMessage(privateKeyFromDer(stranger.privateKeyDer), manifestSignatureMessage(manifest));
    const badSig = await forge(parts.map((p) => (p.name === 'manifest.sig' ? { ...p, data: forgedSig } : p)));
    await expectUnchanged(b.archive, b.dir, () => importBundle(b.archive, badSig), 'damaged', /signature does not match/);
    // The stranger signs a manifest naming the stranger's key as A's: the device id gives it away.
    const claimed = JSON.parse(manifest.toString()) as { source: { publicKey: string } };
    claimed.source.publicKey = stranger.publicKey.toString('base64');
    const claimedBytes = Buffer.from(JSON.stringify(claimed));
    const wrongKey = await forge([
      { name: 'manifest.json', data: claimedBytes },
      { name: 'manifest.sig', data: signMessage(privateKeyFromDer(stranger.privateKeyDer), manifestSignatureMessage(claimedBytes)) },
      ...parts.slice(2),
    ]);
    await expectUnchanged(b.archive, b.dir, () => importBundle(b.archive, wrongKey), 'damaged', /does not belong to its device/);
    const good = await forge(parts);
    await expectUnchanged(b.archive, b.dir, () => importBundle(b.archive, good, { requireKnownDevice: true }), 'damaged', /device this archive does not know/);
    expect(a.archive.deviceId).not.toBe(b.archive.deviceId);
  });

  it('refuses a stranger\u2019s revisions relayed by a known device when known devices are required, and names every new author', async () => {
    const relay = await newArchive();
    const stranger = await newArchive();
    const receiver = await newArchive();
    const to = async (archive: Archive) => [(await bundleIdentity(archive)).recipient];
    // The receiver knows the relay already; the relay has merged the stranger's work.
    relay.archive.records.create('event', { title: 'Hearing in Aktau' });
    const first = join(tempDir(), 'relay-first.vigil');
    await exportBundle(relay.archive, { out: first, all: true, to: await to(receiver.archive) });
    expect((await importBundle(receiver.archive, first)).newDevices.map((d) => d.deviceId)).toEqual([relay.archive.deviceId]);
    stranger.archive.records.create('event', { title: 'Written by a stranger' });
    const fromStranger = join(tempDir(), 'stranger.vigil');
    await exportBundle(stranger.archive, { out: fromStranger, all: true, to: await to(relay.archive) });
    await importBundle(relay.archive, fromStranger);
    const relayed = join(tempDir(), 'relayed.vigil');
    await exportBundle(relay.archive, { out: relayed, all: true, to: await to(receiver.archive) });

    await expectUnchanged(
      receiver.archive,
      receiver.dir,
      () => importBundle(receiver.archive, relayed, { requireKnownDevice: true }),
      'damaged',
      /written by a device this archive does not know \([0-9A-F]{4}(-[0-9A-F]{4}){7}\)/,
    );
    const summary = await importBundle(receiver.archive, relayed);
    expect(summary.newDevice).toBe(false);
    expect(summary.newDevices).toEqual([{ deviceId: stranger.archive.deviceId, fingerprint: (await bundleIdentity(stranger.archive)).fingerprint }]);
    // Now known: the same relay's next bundle passes the check.
    relay.archive.records.create('event', { title: 'Another hearing' });
    const next = join(tempDir(), 'relay-next.vigil');
    await exportBundle(relay.archive, { out: next, all: true, to: await to(receiver.archive) });
    expect(await importBundle(receiver.archive, next, { requireKnownDevice: true })).toMatchObject({ new: 1, newDevices: [] });
  });

  it('rejects a revision whose hash or author signature does not match, even under a good manifest signature', async () => {
    const { b, forge, part, resigned } = await setUp();
    const lines = part('revisions.jsonl').toString().trimEnd().split('\n');
    const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
    const withRevisions = (text: string) => resigned((m) => void (m.revisions = { count: lines.length, bytes: Buffer.byteLength(text), sha256: hashOf(text) }), Buffer.from(text));

    const edited = lines.map((l, i) => (i === 0 ? l.replace('Akhmetova', 'Akhmetov') : l)).join('\n') + '\n';
    await expectUnchanged(b.archive, b.dir, async () => importBundle(b.archive, await forge(withRevisions(edited))), 'damaged', /hash|id/i);

    const first = JSON.parse(lines[0]!) as { signature: string };
    const badSignature = lines.map((l, i) => (i === 0 ? l.replace(first.signature, Buffer.alloc(64, 1).toString('base64')) : l)).join('\n') + '\n';
    await expectUnchanged(b.archive, b.dir, async () => importBundle(b.archive, await forge(withRevisions(badSignature))), 'damaged', /signature/i);

    // revisions.jsonl changed but the manifest left as signed: its hash gives it away.
    await expectUnchanged(b.archive, b.dir, async () => importBundle(b.archive, await forge(resigned(() => undefined, Buffer.from(edited)))), 'damaged', /bytes where|hash/);
  });

  it('rejects an unknown format version, unsafe paths, duplicate and unexpected entries, sizes past the limits, and missing parts', async () => {
    const { b, forge, part, parts, resigned } = await setUp();
    await expectUnchanged(b.archive, b.dir, async () => importBundle(b.archive, await forge(resigned((m) => void (m.version = 2)))), 'damaged', /format version 2/);
    for (const name of ['/etc/cron.d/vigil', '../../outside', 'blobs/../../x']) {
      await expectUnchanged(b.archive, b.dir, async () => importBundle(b.archive, await forge([...parts, { name, data: Buffer.from('x') }])), 'damaged', /unsafe path/);
    }
    await expectUnchanged(
      b.archive,
      b.dir,
      async () => importBundle(b.archive, await forge([...parts, { name: 'link', data: Buffer.alloc(0), type: 'symlink' }])),
      'damaged',
      /not a plain file/,
    );
    await expectUnchanged(b.archive, b.dir, async () => importBundle(b.archive, await forge([...parts, parts.at(-1)!])), 'damaged', /twice/);
    await expectUnchanged(
      b.archive,
      b.dir,
      async () => importBundle(b.archive, await forge([...parts, { name: 'readme.txt', data: Buffer.from('hi') }])),
      'damaged',
      /unexpected entry/,
    );
    await expectUnchanged(b.archive, b.dir, async () => importBundle(b.archive, await forge(parts.slice(1))), 'damaged', /does not begin with manifest/);
    await expectUnchanged(b.archive, b.dir, async () => importBundle(b.archive, await forge(parts.slice(0, -1))), 'damaged', /lacks 1 of the attachments/);
    await expectUnchanged(
      b.archive,
      b.dir,
      async () => importBundle(b.archive, await forge(resigned((m) => void ((m.revisions as { bytes: number }).bytes = 2 ** 40)))),
      'damaged',
      /malformed at revisions.bytes|bytes where/,
    );
    const blob = parts.find((p) => p.name.startsWith('blobs/'))!;
    await expectUnchanged(
      b.archive,
      b.dir,
      async () => importBundle(b.archive, await forge([...parts.slice(0, 3), { name: blob.name, data: Buffer.from('another letter entirely') }])),
      'damaged',
      /bytes where the manifest says|does not match its hash/,
    );
    expect(part('manifest.json').length).toBeGreaterThan(0);
  });

  it('refuses an attachment no revision names, and a line of countless tiny values before parsing it', async () => {
    const { b, forge, part, resigned } = await setUp();
    const extra = Buffer.from('planted file');
    const extraSha = createHash('sha256').update(extra).digest('hex');
    const planted = resigned((m) => void (m.blobs as object[]).push({ sha256: extraSha, size: extra.length }));
    await expectUnchanged(
      b.archive,
      b.dir,
      async () => importBundle(b.archive, await forge([...planted, { name: `blobs/${extraSha}`, data: extra }])),
      'damaged',
      /which none of its revisions names/,
    );
    const bomb = `{"id":"x","body":[${'{},'.repeat(600_000)}{}],"signature":"x"}\n`;
    await expectUnchanged(
      b.archive,
      b.dir,
      async () =>
        importBundle(
          b.archive,
          await forge(resigned((m) => void (m.revisions = { count: 1, bytes: bomb.length, sha256: createHash('sha256').update(bomb).digest('hex') }), Buffer.from(bomb))),
        ),
      'damaged',
      /more nested values than a Vigil bundle ever does/,
    );
    expect(part('revisions.jsonl').length).toBeGreaterThan(0);
  });
});

describe('bundles checked on the compiled worker', () => {
  it('applies a good bundle and refuses one with a forged revision, as the inline checks do', async () => {
    const a = await newArchive();
    const b = await newArchive();
    for (let i = 0; i < 1200; i++) a.archive.records.create('event', { title: `Hearing ${i}` });
    const recipient = (await bundleIdentity(b.archive)).recipient;
    const dir = tempDir();
    const good = join(dir, 'good.vigil');
    await exportBundle(a.archive, { out: good, to: [recipient] });
    const parts = await unpackBundle(good, ageIdentityOf(b.archive));
    const lines = parts
      .find((p) => p.name === 'revisions.jsonl')!
      .data.toString()
      .trimEnd()
      .split('\n');
    const first = JSON.parse(lines[700]!) as { signature: string };
    const text = lines.map((l, i) => (i === 700 ? l.replace(first.signature, Buffer.alloc(64, 7).toString('base64')) : l)).join('\n') + '\n';
    const manifest = JSON.parse(parts[0]!.data.toString()) as { revisions: object };
    manifest.revisions = { count: lines.length, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    const forged = join(dir, 'forged.vigil');
    await packBundle(
      forged,
      [
        { name: 'manifest.json', data: manifestBytes },
        { name: 'manifest.sig', data: signAs(a.archive, manifestBytes) },
        { name: 'revisions.jsonl', data: Buffer.from(text) },
      ],
      recipient,
    );
    b.archive.close();
    const dist = (p: string) => JSON.stringify(join(import.meta.dirname, '..', 'dist', 'db', ...p.split('/')));
    const script = `
      const { openArchive } = await import(${dist('store/archive.js')});
      const { importBundle } = await import(${dist('bundles/read-bundle.js')});
      const { RevisionChecker } = await import(${dist('bundles/revision-checker.js')});
      const archive = await openArchive(${JSON.stringify(b.dir)}, { passphrase: ${JSON.stringify(passphrase)} });
      const forged = await importBundle(archive, ${JSON.stringify(forged)}).then(() => 'imported', (e) => e.code + ': ' + e.message);
      const afterForged = archive.db.prepare('SELECT count(*) FROM records').pluck().get();
      const good = await importBundle(archive, ${JSON.stringify(good)});
      console.log(JSON.stringify({ isolated: new RevisionChecker().isolated, forged, afterForged, good: good.new }));
      archive.close();`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ isolated: true, forged: expect.stringMatching(/^damaged: revision [0-9a-f]{12} has a bad signature$/), afterForged: 0, good: 1200 });
  });
});

describe('bundles and the age tool', () => {
  it.skipIf(skipWithout('age', haveCommand('age')))('decrypts with `age`, lists with `tar`, and a bundle assembled by hand with age and tar imports', async () => {
    const a = await newArchive();
    const b = await newArchive();
    a.archive.records.create('event', { title: 'Interop check' });
    const recipient = (await bundleIdentity(b.archive)).recipient;
    const identity = ageIdentityOf(b.archive);
    const work = tempDir('vigil-age-');
    const out = join(work, 'a.vigil');
    await exportBundle(a.archive, { out, to: [recipient] });
    writeFileSync(join(work, 'key.txt'), `${identity}\n`, { mode: 0o600 });
    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { cwd: work, encoding: 'utf8' });
      expect(r.status, `${cmd} ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    run('age', ['-d', '-i', 'key.txt', '-o', 'a.tar', 'a.vigil']);
    expect(run('tar', ['-tf', 'a.tar']).trim().split('\n')).toEqual(['manifest.json', 'manifest.sig', 'revisions.jsonl']);
    mkdirSync(join(work, 'parts'));
    run('tar', ['-xf', 'a.tar', '-C', 'parts']);
    run('tar', ['-cf', 'hand.tar', '-C', 'parts', 'manifest.json', 'manifest.sig', 'revisions.jsonl']);
    run('age', ['-r', recipient, '-o', 'hand.vigil', 'hand.tar']);
    expect(await importBundle(b.archive, join(work, 'hand.vigil'))).toMatchObject({ new: 1, device: a.archive.deviceId });
  });
});
