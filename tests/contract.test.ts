import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeMethods } from '../db/contract.js';
import { contract, createEngine, filesNamedBy, pinArchiveFolder, type Engine, type MethodName } from '../db/service.js';
import type { Archive } from '../db/store/archive.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';

/** An engine (results checked) that has unlocked the archive made in `dir`, once the test's own handle on it is closed. */
async function engineOn(dir: string, archive: Archive): Promise<Engine> {
  archive.close();
  const engine = createEngine({ checkResults: true });
  const opened = await engine.call('archive.open', { dir, passphrase });
  if (!opened.ok) throw new Error(opened.error.message);
  return engine;
}

async function engineWithNewArchive(): Promise<Engine> {
  const { dir, archive } = await newArchive();
  return engineOn(dir, archive);
}

describe('the engine contract', () => {
  it('declares a summary, an argument schema and a result schema for every method', () => {
    const names = Object.keys(contract);
    expect(names).toEqual(
      expect.arrayContaining([
        'archive.open',
        'records.create',
        'records.get',
        'records.list',
        'revisions.merge',
        'attachments.add',
        'audit.list',
        'search.query',
        'search.find',
        'search.reindex',
        'search.aliases.add',
      ]),
    );
    for (const [name, method] of Object.entries(contract)) {
      expect(method.summary, name).toMatch(/\w/);
      expect(typeof method.args.safeParse, name).toBe('function');
      expect(typeof method.result.safeParse, name).toBe('function');
    }
  });

  it('refuses a method name declared twice when the map is merged, and names the files and archive folders each method takes', () => {
    const one = { 'x.get': contract['records.get'] };
    expect(() => mergeMethods(one, { 'x.put': contract['records.create'] }, one)).toThrow('the contract method "x.get" is declared twice');
    expect(filesNamedBy('import.files', { paths: ['/a', '/b'] })).toEqual(['/a', '/b']);
    expect(filesNamedBy('bundle.export', { out: '/x.vigil', all: true })).toEqual(['/x.vigil']);
    expect(filesNamedBy('records.get', { id: 'x' })).toEqual([]);
    expect(pinArchiveFolder('archive.open', { dir: '/elsewhere', passphrase: 'p' }, '/mine')).toEqual({ dir: '/mine', passphrase: 'p' });
    // Only methods that declare an archive folder are pinned: another method's "dir" is its own business.
    expect(pinArchiveFolder('records.get', { dir: '/elsewhere' }, '/mine')).toEqual({ dir: '/elsewhere' });
  });

  it('answers bad arguments, unknown methods and a locked archive with error data, not exceptions', async () => {
    const engine = createEngine({ checkResults: true });
    for (const name of Object.keys(contract) as MethodName[]) {
      const response = await engine.call(name, 42 as never);
      expect(response.ok, name).toBe(false);
      if (!response.ok) {
        expect(['invalid_argument', 'not_open'], name).toContain(response.error.code);
        expect(response.error.message).not.toMatch(/\n/);
      }
    }
    expect(await engine.call('no.such.method' as MethodName, {} as never)).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'unknown method "no.such.method"' } });
    expect(await engine.call('records.get', { id: '01a20158-5811-7698-808c-8bcf005cf7ea' })).toMatchObject({ ok: false, error: { code: 'not_open' } });
    expect(await engine.call('records.create', { type: 'Star Ship!' as never, data: {} })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('runs the whole record lifecycle with every result checked against its schema', async () => {
    const dir = join(tempDir(), 'via-contract');
    const engine = createEngine({ checkResults: true });
    const created = await engine.call('archive.create', { dir, passphrase });
    expect(created).toMatchObject({ ok: true, value: { recoveryCode: expect.any(String) } });
    const rec = await engine.call('records.create', {
      type: 'hearing',
      data: { title: 'Hearing 1', date: '24 April 2012', indicators: [{ indicator: 'public-hearing', value: 'respected' }] },
    });
    if (!rec.ok) throw new Error(rec.error.message);
    const id = rec.value.id;
    expect((await engine.call('records.update', { id, patch: { publicity: 'closed' } })).ok).toBe(true);
    expect(await engine.call('records.list', { type: 'hearing' })).toMatchObject({ ok: true, value: { total: 1 } });
    expect(await engine.call('records.history', { id })).toMatchObject({ ok: true, value: [{ op: 'put' }, { op: 'put' }] });
    const file = join(tempDir(), 'photo.jpg');
    writeFileSync(file, Buffer.alloc(1000, 1));
    expect(await engine.call('attachments.add', { recordId: id, path: file, mime: 'image/jpeg' })).toMatchObject({ ok: true, value: { size: 1000, existed: false } });
    expect(await engine.call('records.conflicts', {})).toEqual({ ok: true, value: [] });
    expect(await engine.call('vocabularies.get', {})).toMatchObject({
      ok: true,
      value: { fairTrialIndicators: expect.arrayContaining([expect.objectContaining({ key: 'interpreter', basis: ['ICCPR 14(3)(f)'] })]) },
    });
    expect(await engine.call('archive.verify', {})).toMatchObject({ ok: true, value: { ok: true } });
    expect(await engine.call('search.query', { query: 'Hearing' })).toMatchObject({ ok: true, value: { total: 1, hits: [{ id }] } });
    expect(await engine.call('search.query', { query: 'tipe:x' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await engine.call('search.find', { text: 'Hear' })).toMatchObject({ ok: true, value: [{ id }] });
    expect(await engine.call('records.delete', { id })).toMatchObject({ ok: true });
    expect(await engine.call('archive.status', {})).toMatchObject({ ok: true, value: { open: true } });
    expect(await engine.call('archive.create', { dir: join(tempDir(), 'second'), passphrase })).toMatchObject({ ok: false, error: { code: 'already_open' } });
    expect(await engine.call('archive.changePassphrase', { currentPassphrase: 'not it at all', newPassphrase: 'new passphrase!' })).toMatchObject({
      ok: false,
      error: { code: 'auth_failed' },
    });
    expect(await engine.call('archive.close', {})).toEqual({ ok: true, value: { closed: true } });
    expect(await engine.call('records.list', {})).toMatchObject({ ok: false, error: { code: 'not_open' } });
    expect(await engine.call('archive.wipe', { dir, confirm: true })).toMatchObject({ ok: true });
  });

  it('records failed unlocks in the audit log at the next successful unlock', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const engine = createEngine({ checkResults: true });
    expect(await engine.call('archive.open', { dir, passphrase: 'guess one' })).toMatchObject({ ok: false, error: { code: 'auth_failed', message: 'wrong passphrase' } });
    expect(await engine.call('archive.open', { dir, passphrase: 'guess two' })).toMatchObject({ ok: false, error: { code: 'auth_failed' } });
    expect((await engine.call('archive.open', { dir, passphrase })).ok).toBe(true);
    const audit = await engine.call('audit.list', {});
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.value.slice(-2).map((e) => [e.action, e.detail])).toEqual([
      ['unlock.failed', { attempts: 2, with: ['passphrase'], first: expect.any(Number), last: expect.any(Number) }],
      ['unlock', { with: 'passphrase' }],
    ]);
    engine.shutdown();
  });

  it('exchanges revisions between two archives through the contract', async () => {
    const a = await newArchive();
    const b = await newArchive();
    a.archive.records.create('person', { title: 'Defence lawyer' });
    a.archive.close();
    b.archive.close();
    const ea = createEngine({ checkResults: true });
    const eb = createEngine({ checkResults: true });
    await ea.call('archive.open', { dir: a.dir, passphrase });
    await eb.call('archive.open', { dir: b.dir, passphrase });
    const exported = await ea.call('revisions.export', {});
    if (!exported.ok) throw new Error(exported.error.message);
    const merged = await eb.call('revisions.merge', { revisions: exported.value.revisions, devices: exported.value.devices });
    expect(merged).toMatchObject({ ok: true, value: { records: { new: 1 } } });
    const forged = { ...exported.value.revisions[0]!, body: { ...exported.value.revisions[0]!.body, type: 'report' } };
    expect(await eb.call('revisions.merge', { revisions: [forged], devices: exported.value.devices })).toMatchObject({ ok: false, error: { code: 'damaged' } });
    ea.shutdown();
    eb.shutdown();
  });

  it("lists a trial's hearings and a hearing's notes, and nothing of other trials or deleted notes", async () => {
    const engine = await engineWithNewArchive();
    const value = async <T>(p: Promise<{ ok: boolean; value?: T }>) => (await p).value as T;
    const trial = await value<{ id: string }>(engine.call('records.create', { type: 'trial', data: { title: 'Trial of A.' } }));
    const other = await value<{ id: string }>(engine.call('records.create', { type: 'trial', data: { title: 'Trial of B.' } }));
    const h1 = await value<{ id: string }>(engine.call('records.create', { type: 'hearing', data: { title: 'Day 1', trial: trial.id } }));
    await engine.call('records.create', { type: 'hearing', data: { title: 'Elsewhere', trial: other.id } });
    const kept = await value<{ id: string }>(engine.call('records.create', { type: 'note', data: { text: 'Judge enters', hearing: h1.id } }));
    const gone = await value<{ id: string }>(engine.call('records.create', { type: 'note', data: { text: 'Typo note', hearing: h1.id } }));
    await engine.call('records.delete', { id: gone.id });
    const hearings = await value<{ data: Record<string, unknown> }[]>(engine.call('records.children', { parent: trial.id, type: 'hearing' }));
    expect(hearings.map((h) => h.data.title)).toEqual(['Day 1']);
    const notes = await value<{ id: string }[]>(engine.call('records.children', { parent: h1.id, type: 'note' }));
    expect(notes.map((n) => n.id)).toEqual([kept.id]);
    expect(await engine.call('records.children', { parent: 'not-an-id', type: 'note' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    engine.shutdown();
  });

  it('keeps a draft inside the archive across a lock and unlock, and forgets it when emptied', async () => {
    const { dir, archive } = await newArchive();
    const engine = await engineOn(dir, archive);
    expect(await engine.call('drafts.get', { key: 'hearing:abc-1' })).toEqual({ ok: true, value: null });
    expect(await engine.call('drafts.put', { key: 'hearing:abc-1', text: 'The prosecutor asks' })).toEqual({ ok: true, value: { kept: true } });
    await engine.call('archive.close', {});
    await engine.call('archive.open', { dir, passphrase });
    expect(await engine.call('drafts.get', { key: 'hearing:abc-1' })).toMatchObject({ ok: true, value: { text: 'The prosecutor asks' } });
    expect(await engine.call('drafts.put', { key: 'hearing:abc-1', text: '' })).toEqual({ ok: true, value: { kept: false } });
    expect(await engine.call('drafts.get', { key: 'hearing:abc-1' })).toEqual({ ok: true, value: null });
    expect(await engine.call('drafts.put', { key: '../etc', text: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    engine.shutdown();
  });

  it('hands out an attachment part by part, which put together is the file, byte for byte', async () => {
    const { dir, archive } = await newArchive();
    const file = join(tempDir(), 'scan.pdf');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 123, 7);
    bytes.write('%PDF-1.7', 0);
    writeFileSync(file, bytes);
    const record = archive.records.create('report', { title: 'Scan' });
    const engine = await engineOn(dir, archive);
    const added = await engine.call('attachments.add', { recordId: record.id, path: file });
    if (!added.ok) throw new Error(added.error.message);
    const parts: Buffer[] = [];
    let count = 1;
    for (let index = 0; index < count; index++) {
      const part = await engine.call('attachments.part', { sha256: added.value.sha256, index });
      if (!part.ok) throw new Error(part.error.message);
      count = part.value.count;
      expect(part.value.size).toBe(bytes.length);
      parts.push(Buffer.from(part.value.data, 'base64'));
    }
    expect(count).toBeGreaterThan(1);
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
    expect(await engine.call('attachments.part', { sha256: added.value.sha256, index: count })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await engine.call('attachments.part', { sha256: 'f'.repeat(64), index: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    engine.shutdown();
  });

  it('keeps team contacts in the archive: added, renamed by recipient, listed by name, removed; bad ones refused', async () => {
    const engine = await engineWithNewArchive();
    const aigerim = 'age1' + 'q'.repeat(58);
    const bolat = 'age1' + 'p'.repeat(58);
    expect(await engine.call('contacts.add', { name: 'Aigerim', recipient: aigerim, fingerprint: '6E7A-10B6-326E-8C86-FDA4-7167-D906-432C' })).toMatchObject({ ok: true });
    await engine.call('contacts.add', { name: 'bolat', recipient: bolat });
    await engine.call('contacts.add', { name: 'Aigerim N.', recipient: aigerim });
    const listed = await engine.call('contacts.list', {});
    expect(listed).toMatchObject({
      ok: true,
      value: [
        { name: 'Aigerim N.', recipient: aigerim, fingerprint: '6E7A-10B6-326E-8C86-FDA4-7167-D906-432C' },
        { name: 'bolat', recipient: bolat },
      ],
    });
    expect(await engine.call('contacts.add', { name: 'X', recipient: 'age1short' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await engine.call('contacts.add', { name: ' ', recipient: bolat })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await engine.call('contacts.remove', { recipient: bolat })).toEqual({ ok: true, value: { removed: true } });
    expect(await engine.call('contacts.remove', { recipient: bolat })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    engine.shutdown();
  });

  it('lists records sorted and filtered by status, country, sensitivity, tag and dates, with the matching total', async () => {
    const { dir, archive } = await newArchive();
    archive.records.create('detainee', { title: 'Beta', status: 'detained', country: 'KZ', tags: ['zhanaozen'], arrests: [{ date: 'December 2011' }] });
    archive.records.create('detainee', { title: 'alpha', status: 'released', country: 'kg', sensitivity: 'confidential', arrests: [{ date: '5 March 2022' }] });
    archive.records.create('detainee', { title: 'Gamma', status: 'detained', country: 'KZ', arrests: [{ date: 'January 2022' }] });
    const engine = await engineOn(dir, archive);
    const titles = async (args: Record<string, unknown>) => {
      const r = await engine.call('records.list', { type: 'detainee', ...args } as never);
      if (!r.ok) throw new Error(r.error.message);
      const v = r.value as { records: { title: string }[]; total: number };
      return [v.records.map((x) => x.title), v.total];
    };
    expect(await titles({ sort: 'title' })).toEqual([['alpha', 'Beta', 'Gamma'], 3]);
    expect(await titles({ sort: 'newest' })).toEqual([['Gamma', 'alpha', 'Beta'], 3]);
    expect(await titles({ status: 'detained', sort: 'title' })).toEqual([['Beta', 'Gamma'], 2]);
    expect(await titles({ country: 'kg' })).toEqual([['alpha'], 1]);
    expect(await titles({ sensitivity: 'confidential' })).toEqual([['alpha'], 1]);
    expect(await titles({ tag: 'zhanaozen' })).toEqual([['Beta'], 1]);
    expect(await titles({ after: '2022-01-01', sort: 'title' })).toEqual([['alpha', 'Gamma'], 2]);
    expect(await titles({ before: '2021-12-31' })).toEqual([['Beta'], 1]);
    expect(await titles({ status: 'detained', limit: 1, offset: 1, sort: 'title' })).toEqual([['Gamma'], 2]);
    // A list fetching its next rows already knows the total: it can leave the count out.
    expect(await engine.call('records.list', { type: 'detainee', status: 'detained', count: false })).toEqual({
      ok: true,
      value: { records: [expect.objectContaining({ title: 'Beta' }), expect.objectContaining({ title: 'Gamma' })] },
    });
    expect(await engine.call('records.list', { after: 'March 2022' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await engine.call('records.list', { sort: 'random' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    engine.shutdown();
  });
});
