import { describe, expect, it } from 'vitest';
import { referencesOf } from '../db/records/record-references.js';
import { createEngine } from '../db/service.js';
import { openArchive } from '../db/store/archive.js';
import { syncAll } from './support/replicas.js';
import { expectSameFiles, newArchive, passphrase, snapshotFolder } from './support/temp-archive.js';

async function engineOn(dir: string) {
  const engine = createEngine({ checkResults: true });
  const opened = await engine.call('archive.open', { dir, passphrase });
  if (!opened.ok) throw new Error(opened.error.message);
  const call = async <T>(method: string, args: unknown): Promise<T> => {
    const answer = await engine.call(method as never, args as never);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    return answer.value as T;
  };
  return { engine, call };
}

describe('records that name other records', () => {
  it('finds every reference from the schemas: links by relation, a hearing’s trial, defendants’ records, sources’ reports', () => {
    const ids = ['01930000-0000-7000-8000-000000000001', '01930000-0000-7000-8000-000000000002', '01930000-0000-7000-8000-000000000003'];
    expect(
      referencesOf('trial', {
        title: 'x',
        defendants: [{ name: 'A', detainee: ids[0] }, { name: 'B' }],
        links: [{ rel: 'cites', target: ids[1] }],
        sources: [{ report: ids[2], page: 4 }],
      }),
    ).toEqual([
      { target: ids[2], field: 'sources.report' },
      { target: ids[1], field: 'links:cites' },
      { target: ids[0], field: 'defendants.detainee' },
    ]);
    expect(referencesOf('detainee', { title: 'x', arrests: [{ accounts: [{ by: { kind: 'family' }, source: { report: ids[2] } }] }] })).toEqual([
      { target: ids[2], field: 'arrests.accounts.source.report' },
    ]);
    expect(referencesOf('note', null)).toEqual([]);
  });

  it('refuses a link to a record that is not there, or of a type the link does not take, writing nothing; shows who links to a record', async () => {
    const { dir, archive } = await newArchive();
    const report = archive.records.create('report', { title: 'Shadow report 2022' });
    const detainee = archive.records.create('detainee', { title: 'Max Bokayev' });
    const trial = archive.records.create('trial', { title: 'Trial of Bokayev' });
    archive.close();
    const { engine, call } = await engineOn(dir);
    const before = snapshotFolder(dir);
    const refusals: [string, unknown, RegExp][] = [
      ['hearing', { title: 'Day 1', trial: detainee.id }, /^trial: "Max Bokayev" is a detainee, and this takes a trial$/],
      ['hearing', { title: 'Day 1', trial: '01930000-0000-7000-8000-00000000dead' }, /^trial: there is no record 01930000-0000-7000-8000-00000000dead in this archive$/],
      ['event', { title: 'Rally', links: [{ rel: 'cites', target: detainee.id }] }, /^the link "cites": "Max Bokayev" is a detainee, and this takes a report$/],
      ['trial', { title: 'Retrial', defendants: [{ name: 'X', detainee: report.id }] }, /^defendants\.detainee: "Shadow report 2022" is a report, and this takes a detainee$/],
    ];
    for (const [type, data, message] of refusals) await expect(call('records.create', { type, data })).rejects.toThrow(message);
    await expect(call('records.update', { id: trial.id, patch: { links: [{ rel: 'cites', target: trial.id }] } })).rejects.toThrow(/a record cannot point at itself/);
    // Nothing written: the database and its log are as they were (the shared-memory index aside, which reads touch).
    expect(expectSameFiles(before, snapshotFolder(dir)).filter((change) => !change.includes('-shm'))).toEqual([]);

    const hearing = await call<{ id: string }>('records.create', { type: 'hearing', data: { title: 'Day 1', trial: trial.id } });
    await call('records.update', { id: trial.id, patch: { defendants: [{ name: 'Max Bokayev', detainee: detainee.id }], links: [{ rel: 'cites', target: report.id }] } });
    await call('records.create', { type: 'detainee', data: { title: 'Talgat Ayanov', links: [{ rel: 'defendant-in', target: trial.id }] } });
    expect(await call('records.linkedFrom', { id: trial.id })).toEqual([
      { id: expect.any(String), type: 'detainee', title: 'Talgat Ayanov', field: 'links:defendant-in' },
      { id: hearing.id, type: 'hearing', title: 'Day 1', field: 'trial' },
    ]);
    expect(await call('records.linkedFrom', { id: detainee.id })).toEqual([{ id: trial.id, type: 'trial', title: 'Trial of Bokayev', field: 'defendants.detainee' }]);
    // A deleted record names nobody; a record deleted is described no more.
    await call('records.delete', { id: hearing.id });
    expect((await call<unknown[]>('records.linkedFrom', { id: trial.id })).length).toBe(1);
    expect(await call('records.describe', { ids: [report.id, hearing.id, report.id] })).toEqual([{ id: report.id, type: 'report', title: 'Shadow report 2022' }]);
    engine.shutdown();

    // A teammate's revisions are merged even when they name a record not here yet; its references count once it arrives.
    const mine = await openArchive(dir, { passphrase });
    const { archive: theirs } = await newArchive();
    const stranger = theirs.records.create('report', { title: 'Their report' });
    theirs.records.create('event', { title: 'Their event', links: [{ rel: 'cites', target: stranger.id }] });
    syncAll(theirs, mine);
    expect(mine.records.linkedFrom(stranger.id).map((r) => r.title)).toEqual(['Their event']);
    mine.close();
    theirs.close();
  });

  it('fills the references of an archive written before they were kept, once, when it is opened', async () => {
    const { dir, archive } = await newArchive();
    const trial = archive.records.create('trial', { title: 'Trial' });
    archive.records.create('hearing', { title: 'Day 1', trial: trial.id });
    archive.db.exec("DELETE FROM record_refs; DELETE FROM meta WHERE key = 'record_refs_version'");
    expect(archive.records.linkedFrom(trial.id)).toEqual([]);
    archive.close();
    const reopened = await openArchive(dir, { passphrase });
    expect(reopened.records.linkedFrom(trial.id).map((r) => r.field)).toEqual(['trial']);
    reopened.close();
  });
});
