import { describe, expect, it } from 'vitest';
import { compareHlc } from '../db/records/hlc.js';
import { recordTypes } from '../db/shared/schemas.js';
import type { Archive } from '../db/store/archive.js';
import { verifyArchive } from '../db/verify-archive.js';
import { detaineeWithDisputedArrest, observedHearings, observedTrial, wgadCommunication } from './support/case-fixtures.js';
import { newArchive } from './support/temp-archive.js';
import { thrown } from './support/vigil-errors.js';
import { viewOfType } from '../db/shared/record-views.js';

describe('records', () => {
  it('every type can be created from a title alone (search words and definitions also need what they define) and read back', async () => {
    const { archive } = await newArchive();
    const needsOf: Partial<Record<string, object>> = {
      'search-words': { kind: 'aliases', terms: ['ДП', 'police department'] },
      vocabulary: { key: 'conditions', labels: { en: 'Conditions' }, terms: [] },
      'record-type': { key: 'prison-visit', labels: { en: 'Prison visit' } },
      field: { of: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnicity' } },
    };
    for (const type of recordTypes) {
      const needs = needsOf[type] ?? {};
      const created = archive.records.create(type, { title: `A ${type}`, summary: 'optional summary', ...needs });
      expect(archive.records.get(created.id)).toMatchObject({ type, data: { title: `A ${type}`, summary: 'optional summary' }, conflict: false });
      expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    }
    expect(archive.records.count()).toBe(recordTypes.length);
    archive.close();
  });

  it('keeps both accounts of a disputed arrest with who asserted each, and reads their dates', async () => {
    const { archive } = await newArchive();
    const detainee = viewOfType(archive.records.create('detainee', detaineeWithDisputedArrest), 'detainee');
    const accounts = (detainee.data.arrests as { accounts: { by: { kind: string }; date: { text: string; start: string; approximate?: boolean } }[] }[])[0]!.accounts;
    expect(accounts.map((a) => [a.by.kind, a.date.text, a.date.start, a.date.approximate ?? false])).toEqual([
      ['source', 'on or around 5 January 2022', '2022-01-05', true],
      ['government', '6 January 2022, at 2.36 p.m.', '2022-01-06', false],
    ]);
    expect((detainee.data.birth as { date: { start: string; end: string } }).date).toMatchObject({ start: '1965-01-01', end: '1965-12-31' });
    archive.close();
  });

  it('holds a UN communication with findings by category, and a trial with two observed hearings', async () => {
    const { archive } = await newArchive();
    const detainee = archive.records.create('detainee', detaineeWithDisputedArrest);
    const unCase = viewOfType(archive.records.create('case', { ...wgadCommunication, detainees: [detainee.id], links: [{ rel: 'detainee-of', target: detainee.id }] }), 'case');
    expect((unCase.data.findings as { category: string; finding: string }[]).map((f) => `${f.category}:${f.finding}`)).toEqual([
      'I:arbitrary',
      'III:arbitrary',
      'II:not-considered',
    ]);
    const trial = archive.records.create('trial', observedTrial);
    const hearings = observedHearings.map((h) => archive.records.create('hearing', { ...h, trial: trial.id, links: [{ rel: 'observed-at', target: trial.id }] }));
    expect(hearings).toHaveLength(2);
    const note = archive.records.create('note', {
      hearing: hearings[1]!.id,
      text: 'Witness says he was beaten to make him testify.\nJudge did not react.',
      observedAt: '2012-04-25T11:42:00+05:00',
      sourceKind: 'seen-directly',
      indicators: ['torture-evidence-excluded'],
      flags: { reconstructedFromPaper: true },
    });
    expect(note.data.title).toBe('Witness says he was beaten to make him testify.');
    expect(archive.records.list({ type: 'hearing' }).map((h) => h.title)).toEqual(['Hearing of 24 April 2012', 'Hearing of 25 April 2012']);
    archive.close();
  });

  it('rejects invalid data with the path and reason, and writes nothing', async () => {
    const { archive } = await newArchive();
    const revisionsBefore = archive.db.prepare('SELECT count(*) FROM revisions').pluck().get();
    const cases: [string, unknown, RegExp][] = [
      ['detainee', {}, /^detainee: title is required$/],
      ['detainee', { title: '  ' }, /^detainee: title must not be empty$/],
      ['detainee', { title: 'X', titel: 'typo' }, /unknown field titel/],
      [
        'detainee',
        { title: 'X', arrests: [{ accounts: [{ by: { kind: 'source' }, date: { text: 'x', start: '2022-02-01', end: '2022-01-01' } }] }] },
        /arrests\[0\]\.accounts\[0\]\.date: the date range ends/,
      ],
      ['detainee', { title: 'X', country: 'Kazakhstan' }, /country: expected a two-letter country code/],
      ['hearing', { title: 'X', timeZone: 'Mars/Olympus' }, /timeZone: expected an IANA time zone/],
      ['hearing', { title: 'X', indicators: [{ indicator: 'public-hearing', value: 'fine' }] }, /indicators\[0\]\.value/],
      ['case', { title: 'X', findings: [{ category: 'VI', finding: 'arbitrary' }] }, /findings\[0\]\.category/],
      ['note', { title: 'X', observedAt: 'yesterday' }, /observedAt: expected a date and time/],
      ['report', { title: 'X', url: 'javascript:alert(1)' }, /url: expected a web address/],
    ];
    for (const [type, data, message] of cases) {
      const err = thrown(() => archive.records.create(type as 'detainee', data));
      expect(err.code, JSON.stringify(data)).toBe('invalid_record');
      expect(err.message).toMatch(message);
    }
    expect(archive.db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(revisionsBefore);
    archive.close();
  });

  it('keeps an explicit "approximate: false" over its own reading of "on or around"', async () => {
    const { archive } = await newArchive();
    const rec = viewOfType(archive.records.create('event', { title: 'Arrest', date: { text: 'on or around 5 January 2022', approximate: false } }), 'event');
    expect(rec.data.date).toEqual({ text: 'on or around 5 January 2022', start: '2022-01-05', end: '2022-01-05', approximate: false });
    archive.close();
  });

  it('updates with a merge patch as a new revision; an empty change writes nothing; a stale base is refused', async () => {
    const { archive } = await newArchive();
    const created = archive.records.create('detainee', { title: 'Mukhtar Ablyazov', tags: ['banker'], birth: { date: '1963', place: 'Galkino' } });
    const updated = viewOfType(archive.records.update(created.id, { tags: ['banker', 'exile'], birth: { place: null }, status: 'exiled' }), 'detainee');
    expect(updated.data).toMatchObject({ tags: ['banker', 'exile'], status: 'exiled', birth: { date: { text: '1963' } } });
    expect((updated.data.birth as Record<string, unknown>).place).toBeUndefined();
    expect(updated.revision).not.toBe(created.revision);
    expect(archive.records.update(created.id, { status: 'exiled' }).revision).toBe(updated.revision);
    expect(thrown(() => archive.records.update(created.id, { status: 'released' }, { baseRevision: created.revision })).code).toBe('stale');
    expect(thrown(() => archive.records.update(created.id, { status: 'nonsense' })).code).toBe('invalid_record');
    const history = archive.records.history(created.id);
    expect(history.map((r) => r.id)).toEqual([created.revision, updated.revision]);
    expect(history[1]!.parents).toEqual([created.revision]);
    archive.close();
  });

  it('deletes with a tombstone: the record is gone from get and list, its history stays', async () => {
    const { archive } = await newArchive();
    const created = archive.records.create('person', { title: 'Lawyer A' });
    archive.records.delete(created.id);
    expect(thrown(() => archive.records.get(created.id)).code).toBe('not_found');
    expect(thrown(() => archive.records.delete(created.id)).code).toBe('not_found');
    expect(archive.records.list()).toEqual([]);
    expect(archive.records.history(created.id).map((r) => r.op)).toEqual(['put', 'delete']);
    expect(thrown(() => archive.records.get('01a20158-5811-7698-808c-8bcf005cf7ea')).code).toBe('not_found');
    archive.close();
  });

  it('restores a deleted record with its value from before, after the tombstone in its history; a live record or unknown id is refused', async () => {
    const { archive } = await newArchive();
    const created = archive.records.create('note', { title: 'Wrong hearing', text: 'Wrong hearing', indicators: ['interpreter'] });
    const edited = archive.records.update(created.id, { text: 'Interpreter absent' });
    archive.records.delete(created.id);
    const restored = archive.records.restore(created.id);
    expect(restored.data).toEqual(edited.data);
    expect(archive.records.list().map((r) => r.id)).toEqual([created.id]);
    expect(archive.records.history(created.id).map((r) => r.op)).toEqual(['put', 'put', 'delete', 'put']);
    expect(thrown(() => archive.records.restore(created.id))).toMatchObject({ code: 'invalid_argument', message: 'Interpreter absent is not deleted' });
    expect(thrown(() => archive.records.restore('01a20158-5811-7698-808c-8bcf005cf7ea')).code).toBe('not_found');
    expect(archive.audit.list().map((e) => e.action)).toContain('record.restore');
    archive.close();
  });

  it('lists by type, with limit and offset, oldest first', async () => {
    const { archive } = await newArchive();
    const ids = Array.from({ length: 5 }, (_, i) => archive.records.create('note', { title: `note ${i}` }).id);
    archive.records.create('report', { title: 'a report', body: 'text' });
    expect(archive.records.list({ type: 'note' }).map((r) => r.id)).toEqual(ids);
    expect(archive.records.list({ type: 'note', limit: 2, offset: 1 }).map((r) => r.id)).toEqual(ids.slice(1, 3));
    expect(archive.records.count('report')).toBe(1);
    archive.close();
  });

  it('records every change in the audit log', async () => {
    const { archive } = await newArchive();
    const a = archive.records.create('event', { title: 'Protest in Almaty', date: '5 January 2022' });
    archive.records.update(a.id, { place: 'Almaty' });
    archive.records.delete(a.id);
    expect(archive.audit.list().map((e) => e.action)).toEqual(['archive.create', 'record.create', 'record.update', 'record.delete']);
    archive.close();
  });
});

describe('creating in a batch', () => {
  it('writes all records in one transaction, or none when one is invalid', async () => {
    const { archive } = await newArchive();
    const created = archive.records.createMany([
      { type: 'person', data: { title: 'Judge A' } },
      { type: 'organisation', data: { title: 'National Security Committee', names: [{ name: 'КНБ', script: 'cyrillic' }] } },
    ]);
    expect(created.map((c) => archive.records.get(c.id).data.title)).toEqual(['Judge A', 'National Security Committee']);
    const err = thrown(() =>
      archive.records.createMany([
        { type: 'person', data: { title: 'fine' } },
        { type: 'person', data: { title: '' } },
      ]),
    );
    expect(err.message).toMatch(/^item 2: person: title must not be empty/);
    expect(archive.records.count()).toBe(2);
    archive.close();
  });
});

describe('revisions sealed ahead of writing (bulk imports)', () => {
  const items = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ type: 'person' as const, data: { title: `Witness ${from + i}` } }));
  const stamps = (archive: Archive) => archive.db.prepare('SELECT hlc_time, hlc_count FROM revisions ORDER BY hlc_time, hlc_count').raw().all() as [number, number][];

  it('are written as sealed, signed and stamped in order, and verify', async () => {
    const { archive } = await newArchive();
    const first = items(300);
    const second = items(300, 300);
    const sealedFirst = await archive.records.sealCreates(first);
    const sealedSecond = await archive.records.sealCreates(second);
    const created = archive.writes.write(() => [
      ...archive.records.createMany(first, { validated: true, sealed: sealedFirst }),
      ...archive.records.createMany(second, { validated: true, sealed: sealedSecond }),
    ]);
    expect(created.map((c) => c.revision)).toEqual([...sealedFirst, ...sealedSecond].map((r) => r.id));
    expect(archive.records.get(created[299]!.id).data.title).toBe('Witness 299');
    const hlc = stamps(archive);
    expect(new Set(hlc.map(([t, c]) => `${t}#${c}`)).size).toBe(600);
    expect(verifyArchive(archive)).toMatchObject({ ok: true });
    archive.close();
  });

  it('are sealed again when another write came in between, or when they are not of these values', async () => {
    const { archive } = await newArchive();
    const batch = items(3);
    const sealed = await archive.records.sealCreates(batch);
    // The interleaved edit is stamped after the reserved stamps, so the sealed ones are now too early.
    const between = archive.records.create('note', { text: 'Hearing adjourned' });
    const created = archive.records.createMany(batch, { validated: true, sealed });
    expect(created.map((c) => c.revision)).not.toContain(sealed[0]!.id);
    const betweenStamp = archive.records.history(between.id)[0]!.hlc;
    for (const c of created) expect(compareHlc(archive.records.history(c.id)[0]!.hlc, betweenStamp)).toBeGreaterThan(0);

    const other = items(3, 10);
    const sealedOther = await archive.records.sealCreates(other);
    const mismatched = archive.records.createMany(items(3, 20), { validated: true, sealed: sealedOther });
    expect(mismatched.map((c) => c.revision)).not.toContain(sealedOther[0]!.id);
    expect(archive.records.get(mismatched[0]!.id).data.title).toBe('Witness 20');
    expect(() => archive.records.createMany(items(2), { validated: true, sealed: sealedOther })).toThrow(/one sealed revision is needed per item/);
    expect(verifyArchive(archive)).toMatchObject({ ok: true });
    archive.close();
  });
});

describe('notes', () => {
  it('a title made from the text follows the text; a typed title stays', async () => {
    const { archive } = await newArchive();
    const derived = archive.records.create('note', { text: 'Judge entered at 10:05\nmore detail' });
    expect(archive.records.update(derived.id, { text: 'Judge entered at 10:07' }).data.title).toBe('Judge entered at 10:07');
    const typed = archive.records.create('note', { title: 'Opening', text: 'Judge entered' });
    expect(archive.records.update(typed.id, { text: 'Judge entered late' }).data.title).toBe('Opening');
    archive.close();
  });
});
