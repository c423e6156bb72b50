import { describe, expect, it } from 'vitest';
import type { WireRevision } from '../db/records/rows.js';
import { verifyArchive } from '../db/verify-archive.js';
import { replicaState, syncAll } from './support/replicas.js';
import { newArchive } from './support/temp-archive.js';
import { thrown } from './support/vigil-errors.js';

async function two() {
  const a = await newArchive();
  const b = await newArchive();
  return { a: a.archive, b: b.archive };
}

describe('revisions across archives', () => {
  it('copies records with their history, and merging again changes nothing', async () => {
    const { a, b } = await two();
    const rec = a.records.create('detainee', { title: 'Zhaksybekov' });
    a.records.update(rec.id, { status: 'detained' });
    const first = syncAll(a, b);
    expect(first.revisions).toEqual({ received: 2, added: 2, alreadyPresent: 0 });
    expect(first.records).toEqual({ new: 1, updated: 0, unchanged: 0, conflicts: 0 });
    expect(first.devices.new).toEqual([a.deviceId]);
    expect(b.records.get(rec.id)).toEqual(a.records.get(rec.id));
    const auditBefore = b.audit.list().length;
    const again = syncAll(a, b);
    expect(again.revisions).toEqual({ received: 2, added: 0, alreadyPresent: 2 });
    expect(b.audit.list().length).toBe(auditBefore);
    expect(verifyArchive(b).ok).toBe(true);
  });

  it('concurrent edits become the same conflict with the same current value on both sides; a resolution closes it everywhere', async () => {
    const { a, b } = await two();
    const rec = a.records.create('trial', { title: 'Case 1' });
    syncAll(a, b);
    a.records.update(rec.id, { status: 'ongoing' });
    b.records.update(rec.id, { status: 'verdict' });
    syncAll(a, b);
    syncAll(b, a);
    expect(replicaState(a)).toEqual(replicaState(b));
    const conflicts = a.records.conflicts();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.leaves.map((l) => l.data?.status).sort()).toEqual(['ongoing', 'verdict']);
    expect(a.records.get(rec.id).conflict).toBe(true);

    const pick = conflicts[0]!.leaves.find((l) => l.data?.status === 'verdict')!;
    const resolved = b.records.resolve(rec.id, { pick: pick.id.slice(0, 10) });
    expect(resolved).toMatchObject({ conflict: false, data: { status: 'verdict' } });
    expect(b.records.history(rec.id).at(-1)!.parents.sort()).toEqual(conflicts[0]!.leaves.map((l) => l.id).sort());
    syncAll(b, a);
    expect(a.records.conflicts()).toEqual([]);
    expect(replicaState(a)).toEqual(replicaState(b));
    expect(a.audit.list().some((e) => e.action === 'revisions.merge')).toBe(true);
    expect(b.audit.list().some((e) => e.action === 'record.resolve')).toBe(true);
  });

  it('resolves with a merged value, validated like any edit', async () => {
    const { a, b } = await two();
    const rec = a.records.create('detainee', { title: 'Person' });
    syncAll(a, b);
    a.records.update(rec.id, { status: 'released' });
    b.records.update(rec.id, { occupation: 'journalist' });
    syncAll(b, a);
    expect(thrown(() => a.records.resolve(rec.id, { data: { title: 'Person', status: 'gone' } })).code).toBe('invalid_record');
    expect(thrown(() => a.records.resolve(rec.id, { pick: 'ffffffffff' })).code).toBe('not_found');
    const merged = a.records.resolve(rec.id, { data: { title: 'Person', status: 'released', occupation: 'journalist' } });
    expect(merged).toMatchObject({ conflict: false, data: { status: 'released', occupation: 'journalist' } });
    expect(thrown(() => a.records.resolve(rec.id, { data: { title: 'again' } })).message).toMatch(/no conflict/);
  });

  it('an edit survives a concurrent delete', async () => {
    const { a, b } = await two();
    const rec = a.records.create('note', { title: 'Court closed to public' });
    syncAll(a, b);
    a.records.delete(rec.id);
    b.records.update(rec.id, { text: 'Observers refused entry at 10:05' });
    syncAll(a, b);
    syncAll(b, a);
    for (const side of [a, b]) {
      expect(side.records.get(rec.id)).toMatchObject({ conflict: false, data: { text: 'Observers refused entry at 10:05' } });
    }
    expect(replicaState(a)).toEqual(replicaState(b));
  });

  it('accepts revisions out of order: a child before its parent', async () => {
    const { a, b } = await two();
    const rec = a.records.create('event', { title: 'v1' });
    a.records.update(rec.id, { title: 'v2' });
    const { revisions, devices } = a.records.exportRevisions();
    b.records.mergeRevisions({ revisions: [revisions[1]!], devices });
    expect(b.records.get(rec.id).data.title).toBe('v2');
    b.records.mergeRevisions({ revisions: [revisions[0]!], devices });
    expect(b.records.get(rec.id).data.title).toBe('v2');
    expect(replicaState(a)).toEqual(replicaState(b));
    expect(verifyArchive(b).ok).toBe(true);
  });

  it('a relayed revision keeps its author: A to B to C verifies as written by A', async () => {
    const { a, b } = await two();
    const c = (await newArchive()).archive;
    const rec = a.records.create('report', { title: 'Shadow report' });
    syncAll(a, b);
    syncAll(b, c);
    expect(c.records.history(rec.id)[0]!.device).toBe(a.deviceId);
    expect(verifyArchive(c).ok).toBe(true);
  });

  it('rejects a tampered, forged or foreign batch whole and writes nothing', async () => {
    const { a, b } = await two();
    const rec = a.records.create('detainee', { title: 'Original' });
    a.records.update(rec.id, { status: 'detained' });
    const good = a.records.exportRevisions();
    const before = replicaState(b);
    const auditBefore = b.audit.list().length;
    const mutate = (fn: (r: WireRevision) => WireRevision) => ({ revisions: [good.revisions[0]!, fn(structuredClone(good.revisions[1]!))], devices: good.devices });
    const attempts: [string, () => unknown, RegExp][] = [
      ['edited data', () => b.records.mergeRevisions(mutate((r) => ({ ...r, body: { ...r.body, data: { ...r.body.data, title: 'Forged' } } }))), /does not match its content/],
      ['bad signature', () => b.records.mergeRevisions(mutate((r) => ({ ...r, signature: Buffer.alloc(64, 1).toString('base64') }))), /bad signature/],
      ['unknown author', () => b.records.mergeRevisions({ revisions: good.revisions, devices: [] }), /unknown device/],
      [
        'a key that is not the author\u2019s',
        () => b.records.mergeRevisions({ revisions: good.revisions, devices: [{ deviceId: a.deviceId, publicKey: Buffer.alloc(32, 9).toString('base64') }] }),
        /does not belong/,
      ],
      ['malformed body', () => b.records.mergeRevisions(mutate((r) => ({ ...r, body: { ...r.body, op: 'explode' } as never }))), /malformed/],
    ];
    for (const [what, attempt, message] of attempts) {
      const err = thrown(attempt);
      expect(err.code, what).toBe('damaged');
      expect(err.message, what).toMatch(message);
    }
    expect(replicaState(b)).toEqual(before);
    expect(b.audit.list().length).toBe(auditBefore);
  });

  it('rejects a revision that would change a record\u2019s type', async () => {
    const { a, b } = await two();
    const rec = b.records.create('note', { title: 'n' });
    const forgedOnA = a.records.create('report', { title: 'r' });
    const wire = a.records.exportRevisions();
    // Re-sign a report revision claiming b's record id, as a buggy or hostile peer could.
    const { sealRevision } = await import('../db/records/revision.js');
    const { privateKeyFromDer } = await import('../db/records/device-identity.js');
    const der = a.db.prepare('SELECT private_key FROM device_keys').pluck().get() as Buffer;
    const forged = sealRevision(
      { record: rec.id, type: 'report', op: 'put', parents: [], hlc: { time: 1, count: 0 }, device: a.deviceId, data: { title: 'x' } },
      privateKeyFromDer(der),
    );
    expect(forgedOnA.id).not.toBe(rec.id);
    const err = thrown(() =>
      b.records.mergeRevisions({ revisions: [{ id: forged.id, body: forged.body, signature: forged.signature.toString('base64') }], devices: wire.devices }),
    );
    expect(err.message).toMatch(/changes record .* from note to report/);
  });
});

describe('revisions from a careless or hostile peer', () => {
  async function signerOf(archive: Awaited<ReturnType<typeof newArchive>>['archive']) {
    const { sealRevision } = await import('../db/records/revision.js');
    const { privateKeyFromDer } = await import('../db/records/device-identity.js');
    const key = privateKeyFromDer(archive.db.prepare('SELECT private_key FROM device_keys').pluck().get() as Buffer);
    return (fields: { record: string; type: string; parents: string[]; hlc: { time: number; count: number }; data: Record<string, unknown> }) => {
      const rev = sealRevision({ ...fields, op: 'put', device: archive.deviceId }, key);
      return { id: rev.id, body: rev.body, signature: rev.signature.toString('base64') };
    };
  }

  function deviceOf(archive: Awaited<ReturnType<typeof newArchive>>['archive']) {
    const key = archive.db.prepare('SELECT public_key FROM devices WHERE device_id = ?').pluck().get(archive.deviceId) as Buffer;
    return [{ deviceId: archive.deviceId, publicKey: key.toString('base64') }];
  }

  it('a parent link into another record changes nothing there, in whatever order revisions arrive', async () => {
    const { archive: x } = await newArchive();
    const b = x.records.create('detainee', { title: 'B by Aigerim' });
    x.records.update(b.id, { title: 'B by Daniyar' });
    const {
      revisions: [p1, p2],
      devices,
    } = x.records.exportRevisions();
    const forge = await signerOf(x);
    const c = forge({ record: '01a20158-5811-7698-808c-8bcf005cf7ea', type: 'note', parents: [p2!.id], hlc: { time: Date.now(), count: 0 }, data: { title: 'C' } });
    const { archive: y } = await newArchive();
    const { archive: z } = await newArchive();
    y.records.mergeRevisions({ revisions: [p1!, p2!, c], devices });
    z.records.mergeRevisions({ revisions: [c], devices });
    z.records.mergeRevisions({ revisions: [p1!, p2!], devices });
    for (const side of [y, z]) {
      expect(side.records.get(b.id)).toMatchObject({ conflict: false, data: { title: 'B by Daniyar' } });
      expect(verifyArchive(side)).toMatchObject({ ok: true });
    }
    expect(replicaState(y)).toEqual(replicaState(z));
  });

  it('a laptop whose clock says 2099 does not drag this device\u2019s clock, and history still follows parent links', async () => {
    const { archive: wrong } = await newArchive();
    const { archive: here } = await newArchive();
    const forge = await signerOf(wrong);
    const future = Date.UTC(2099, 0, 1);
    const rev = forge({ record: '01a20158-5811-7698-808c-8bcf005cf7eb', type: 'note', parents: [], hlc: { time: future, count: 0 }, data: { title: 'from 2099' } });
    here.records.mergeRevisions({ revisions: [rev], devices: deviceOf(wrong) });
    const edited = here.records.update('01a20158-5811-7698-808c-8bcf005cf7eb', { title: 'edited today' });
    expect(Date.parse(edited.updatedAt)).toBeLessThan(Date.now() + 1000);
    expect(Date.parse(here.records.create('note', { title: 'new today' }).createdAt)).toBeLessThan(Date.now() + 1000);
    expect(here.records.history(edited.id).map((r) => r.data?.title)).toEqual(['from 2099', 'edited today']);
    expect(verifyArchive(here)).toMatchObject({ ok: true });
  });

  it('fields written by a newer Vigil are kept through local edits, while a typo of ours is still refused', async () => {
    const { archive: newer } = await newArchive();
    const { archive: here } = await newArchive();
    const forge = await signerOf(newer);
    const id = '01a20158-5811-7698-808c-8bcf005cf7ec';
    const rev = forge({ record: id, type: 'note', parents: [], hlc: { time: Date.now(), count: 0 }, data: { title: 'from a newer version', mood: 'tense' } });
    here.records.mergeRevisions({ revisions: [rev], devices: deviceOf(newer) });
    expect(here.records.update(id, { reliability: 'probable' }).data).toMatchObject({ mood: 'tense', reliability: 'probable' });
    expect(thrown(() => here.records.update(id, { moood: 'calm' })).message).toMatch(/unknown field moood/);
  });
});

describe('the clock', () => {
  it('rolls its counter over into the next millisecond instead of overflowing', async () => {
    const { tickHlc, maxHlcCount } = await import('../db/records/hlc.js');
    expect(tickHlc({ time: 1000, count: maxHlcCount }, 500)).toEqual({ time: 1001, count: 0 });
    expect(tickHlc({ time: 1000, count: 4 }, 500)).toEqual({ time: 1000, count: 5 });
    expect(tickHlc({ time: 1000, count: 4 }, 2000)).toEqual({ time: 2000, count: 0 });
  });
});
