import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import fc from 'fast-check';
import { importBundle } from '../db/bundles/read-bundle.js';
import { exportBundle } from '../db/bundles/write-bundle.js';
import { addSearchWords, removeSearchWord } from '../db/search/edit-search-words.js';
import { combineWordGroups, type WordChange } from '../db/search/search-words.js';
import { openArchive } from '../db/store/archive.js';
import { verifyArchive } from '../db/verify-archive.js';
import { syncAll } from './support/replicas.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';

describe('the search index follows the records', () => {
  it('creates, edits and deletes are searchable at once, in the same transaction', async () => {
    const { archive } = await newArchive();
    const rec = archive.records.create('note', { text: 'Observers were searched at the entrance of the Aktau court.' });
    expect(archive.search.search({ query: 'Aktau' }).hits.map((h) => h.id)).toEqual([rec.id]);
    archive.records.update(rec.id, { text: 'Observers were searched at the entrance of the Atyrau court.' });
    expect(archive.search.search({ query: 'Aktau' }).total).toBe(0);
    expect(archive.search.search({ query: 'Atyrau' }).total).toBe(1);
    archive.records.delete(rec.id);
    expect(archive.search.search({ query: 'Atyrau' }).total).toBe(0);
    expect(archive.db.prepare('SELECT count(*) FROM search_records WHERE record_id = ?').pluck().get(rec.id)).toBe(0);
    expect(archive.db.prepare('SELECT count(*) FROM passages').pluck().get()).toBe(0);
    expect(verifyArchive(archive)).toMatchObject({ ok: true });
    archive.close();
  });

  it('after many edits and deletions the full-text index holds exactly what a rebuild would', async () => {
    const { archive } = await newArchive();
    // The full-text tables keep no copy of the text: a removal that named other words would leave ghosts.
    // Dates index as terms too (qd…, qm…): removing a passage has to name those again as well.
    const terms = () => ({ folded: archive.db.prepare('SELECT term, doc, cnt FROM passage_terms ORDER BY term').raw().all() });
    const a = archive.records.create('report', {
      title: 'Шымкент: суд над Жақсыбековым',
      body: 'Zhaksybekov was detained in Shym-\nkent on 16 December 2011.\n\nThe hearing was closed.',
    });
    const b = archive.records.create('detainee', { title: 'Aigul Akhmetova', names: [{ name: 'Айгуль Ахметова' }] });
    const c = archive.records.create('note', { text: 'Interpreter absent; the defendant could not follow.' });
    archive.records.update(a.id, { body: 'Жақсыбеков задержан в Шымкенте.\n\nЗаседание закрыли.' });
    archive.records.update(b.id, { names: [{ name: 'Ахметова Айгуль' }, { name: 'Akhmetova Aigul' }] });
    archive.writes.write(() => {
      archive.records.update(c.id, { text: 'Interpreter present on 17.12.2011.' });
      archive.records.update(c.id, { text: 'Interpreter present after the break; torture allegation raised.' });
    });
    archive.records.delete(b.id);
    const incremental = terms();
    expect(incremental.folded.length).toBeGreaterThan(10);
    expect(archive.search.search({ query: 'December 2011' }).total).toBe(0);
    archive.search.rebuild();
    expect(terms()).toEqual(incremental);
    archive.close();
  });

  it('a write that fails leaves no trace in the index', async () => {
    const { archive } = await newArchive();
    expect(() =>
      archive.writes.write(() => {
        archive.records.create('note', { text: 'Kyzylorda hearing postponed' });
        throw new Error('power cut');
      }),
    ).toThrow(/power cut/);
    expect(archive.search.search({ query: 'Kyzylorda' }).total).toBe(0);
    expect(archive.db.prepare('SELECT count(*) FROM passages').pluck().get()).toBe(0);
    archive.close();
  });

  it('revisions merged from another archive are indexed, conflicts and all', async () => {
    const a = (await newArchive()).archive;
    const b = (await newArchive()).archive;
    const rec = a.records.create('detainee', { title: 'Serikzhan Bilash', names: [{ name: 'Серикжан Билаш' }] });
    syncAll(a, b);
    expect(b.search.search({ query: 'Билаш' }).hits.map((h) => h.id)).toEqual([rec.id]);
    a.records.update(rec.id, { occupation: 'activist, Atajurt' });
    syncAll(a, b);
    expect(b.search.search({ query: 'Atajurt' }).total).toBe(1);
    a.close();
    b.close();
  });

  it('reindex rebuilds the same index; an archive indexed under other rules is reindexed when opened', async () => {
    const { dir, archive } = await newArchive();
    archive.records.create('report', { title: 'Report', body: 'Ахметову задержали в Шымкенте.' });
    const before = archive.search.search({ query: 'задержанию' });
    expect(archive.search.rebuild()).toMatchObject({ records: 1 });
    expect(archive.search.search({ query: 'задержанию' }).hits.map((h) => h.id)).toEqual(before.hits.map((h) => h.id));
    archive.db.prepare(`UPDATE meta SET value = '0' WHERE key = 'search_index_version'`).run();
    archive.db.exec(`INSERT INTO passage_folded (passage_folded) VALUES ('delete-all'); DELETE FROM passages; DELETE FROM search_records;`);
    archive.close();
    const reopened = await openArchive(dir, { passphrase });
    expect(reopened.search.search({ query: 'задержанию' }).total).toBe(1);
    reopened.close();
  });

  it('verify names a search index that has fallen out of step', async () => {
    const { archive } = await newArchive();
    const rec = archive.records.create('note', { title: 'x' });
    archive.db.prepare('DELETE FROM search_records WHERE record_id = ?').run(rec.id);
    expect(verifyArchive(archive).problem).toMatch(/search index is out of date .* run vigil reindex/);
    archive.search.rebuild();
    expect(verifyArchive(archive).ok).toBe(true);
    archive.close();
  });
});

describe('quick-find', () => {
  it('finds by prefix across scripts, by number, by alias, forgiving a typo', async () => {
    const { archive } = await newArchive();
    const detainee = archive.records.create('detainee', { title: 'Ruslan Zhaksybekov', names: [{ name: 'Жақсыбеков Руслан' }] });
    const knb = archive.records.create('organisation', { title: 'National Security Committee' });
    const trial = archive.records.create('trial', { title: 'Case of the oil workers', caseNumber: '1-55/2012' });
    const find = (text: string) => archive.search.find(text).map((h) => h.id);
    expect(find('Жаксыб')[0]).toBe(detainee.id);
    expect(find('zhaks')[0]).toBe(detainee.id);
    expect(find('Zhaksybkov')[0]).toBe(detainee.id);
    expect(find('knb')[0]).toBe(knb.id);
    expect(find('1-55')[0]).toBe(trial.id);
    expect(find('oil work')[0]).toBe(trial.id);
    archive.close();
  });

  it('completes a number from two digits and a word from three letters, not from two', async () => {
    const { archive } = await newArchive();
    const trial = archive.records.create('trial', { title: 'Case of the oil workers', caseNumber: '1207/2012' });
    const person = archive.records.create('person', { title: 'Kassym Tokayev' });
    const find = (text: string) => archive.search.find(text).map((h) => h.id);
    expect(find('12')).toEqual([trial.id]);
    expect(find('Tok')).toEqual([person.id]);
    // "To" would complete to most of a large archive; it finds only the word "to" itself.
    expect(find('To')).toEqual([]);
    archive.close();
  });

  it('keeps up with edits, and is saved so that the next unlock does not rebuild it', async () => {
    const { dir, archive } = await newArchive();
    archive.records.create('person', { title: 'Aigerim Tleuzhan' });
    expect(archive.search.find('Tleuzh')).toHaveLength(1);
    const later = archive.records.create('person', { title: 'Aigerim Tleukhan' });
    expect(archive.search.find('Tleukh').map((h) => h.id)).toEqual([later.id]);
    archive.records.delete(later.id);
    expect(archive.search.find('Tleukh').map((h) => h.id)).not.toContain(later.id);
    expect(archive.db.prepare(`SELECT count(*) FROM search_snapshots WHERE name = 'quick-find'`).pluck().get()).toBe(1);
    archive.close();
    const reopened = await openArchive(dir, { passphrase });
    expect(reopened.search.find('Tleuzh')).toHaveLength(1);
    reopened.close();
  });
});

describe('typo vocabulary', () => {
  it('is saved after first use and learns words added later', async () => {
    const { dir, archive } = await newArchive();
    archive.records.create('note', { text: 'The hearing in Kyzylorda was closed.' });
    expect(archive.search.search({ query: 'Kyzylorad' }).corrections[0]?.suggestions).toEqual(['kisilorda']);
    expect(archive.db.prepare(`SELECT count(*) FROM search_snapshots WHERE name = 'typo-vocabulary'`).pluck().get()).toBe(1);
    archive.records.create('note', { text: 'Detainees were moved to Ekibastuz.' });
    expect(archive.search.search({ query: 'Ekibastus' }).total).toBe(1);
    expect(archive.search.search({ query: 'Ekibsatuz' }).corrections[0]?.suggestions).toEqual(['ekibastus']);
    archive.close();
    const reopened = await openArchive(dir, { passphrase });
    expect(reopened.search.search({ query: 'Ekibsatuz' }).total).toBe(1);
    reopened.close();
  });
});

describe('aliases', () => {
  it('ship with a starter set, and can be added and removed', async () => {
    const { archive } = await newArchive();
    expect(archive.search.wordGroups('aliases').some((g) => g.terms.includes('KNB') && g.terms.includes('КНБ'))).toBe(true);
    const rec = archive.records.create('note', { text: 'Held by the police department of Turkestan region.' });
    expect(archive.search.search({ query: 'Туркестан' }).total).toBe(1); // transliteration alone
    expect(archive.search.search({ query: 'ДП' }).total).toBe(0);
    addSearchWords(archive, 'aliases', 'ДП', ['police department', 'МВД']);
    expect(archive.search.search({ query: 'ДП' }).hits.map((h) => h.id)).toEqual([rec.id]);
    expect(removeSearchWord(archive, 'aliases', 'ДП')).toBe(true);
    expect(archive.search.search({ query: 'ДП' }).total).toBe(0);
    archive.close();
  });

  it('adding a term shared by two groups merges them', async () => {
    const { archive } = await newArchive();
    addSearchWords(archive, 'aliases', 'Kazakhstan', ['Казахстан']);
    addSearchWords(archive, 'aliases', 'Qazaqstan', ['Қазақстан']);
    const merged = addSearchWords(archive, 'aliases', 'Казахстан', ['Қазақстан']);
    expect(merged.terms).toEqual(expect.arrayContaining(['Kazakhstan', 'Казахстан', 'Qazaqstan', 'Қазақстан']));
    archive.close();
  });
});

describe('concepts', () => {
  it('start with the shipped set, are the archive’s own to add to and remove from, and what was removed stays removed', async () => {
    const { archive, dir } = await newArchive();
    expect(archive.search.wordGroups('concepts').some((g) => g.terms.includes('death penalty') && g.terms.includes('смертная казнь'))).toBe(true);
    const rec = archive.records.create('note', { text: 'The defendant was kept in a cage in the courtroom throughout the hearing.' });
    expect(archive.search.search({ query: 'glass box' }).total).toBe(0);
    addSearchWords(archive, 'concepts', 'glass box', ['cage', 'клетка', 'тор']);
    const found = archive.search.search({ query: 'glass box' });
    expect(found.hits.map((h) => h.id)).toEqual([rec.id]);
    expect(found.aliases).toEqual([expect.arrayContaining(['cage', 'клетка'])]);
    // A shipped term removed: the question no longer widens to it, also after the archive is opened again.
    expect(removeSearchWord(archive, 'concepts', 'capital punishment')).toBe(true);
    archive.records.create('note', { text: 'Capital punishment remains in the Criminal Code.' });
    archive.close();
    const again = await openArchive(dir, { passphrase });
    expect(again.search.wordGroups('concepts').some((g) => g.terms.includes('capital punishment'))).toBe(false);
    expect(again.search.search({ query: 'death penalty' }).total).toBe(0);
    expect(again.search.search({ query: 'glass box' }).total).toBe(1);
    expect(() => addSearchWords(again, 'concepts', 'cage', [])).toThrow(/a concept needs a term and at least one synonym/);
    again.close();
  });
});

describe('search words as records', () => {
  const team = { passphrase: 'a team passphrase for the mission', scryptWorkFactor: 10 };

  it('travel in a bundle: a concept and an alias added on one laptop, and a shipped term removed, search the same on the other', async () => {
    const a = await newArchive();
    const b = await newArchive();
    addSearchWords(a.archive, 'concepts', 'glass box', ['cage', 'клетка']);
    addSearchWords(a.archive, 'aliases', 'ДП', ['police department', 'МВД']);
    removeSearchWord(a.archive, 'concepts', 'capital punishment');
    const note = b.archive.records.create('note', { text: 'The defendant was kept in a cage; the police department refused. Capital punishment was not sought.' });
    const police = b.archive.records.create('organisation', { title: 'Police department' });
    expect(b.archive.search.search({ query: 'glass box' }).total).toBe(0);
    expect(b.archive.search.find('МВД')).toEqual([]);
    const out = join(tempDir(), 'words.vigil');
    await exportBundle(a.archive, { out, ...team });
    await importBundle(b.archive, out, { passphrase: team.passphrase });
    expect(b.archive.search.wordGroups('concepts')).toEqual(a.archive.search.wordGroups('concepts'));
    expect(b.archive.search.wordGroups('aliases')).toEqual(a.archive.search.wordGroups('aliases'));
    expect(b.archive.search.search({ query: 'glass box' }).hits.map((h) => h.id)).toEqual([note.id]);
    expect(
      b.archive.search
        .search({ query: 'ДП' })
        .hits.map((h) => h.id)
        .sort(),
    ).toEqual([note.id, police.id].sort());
    expect(b.archive.search.search({ query: 'death penalty' }).total).toBe(0);
    // Quick-find's saved index learns the new alias too.
    expect(b.archive.search.find('МВД').map((h) => h.id)).toEqual([police.id]);
    // The words are how to search, not what is found.
    expect(b.archive.search.search({ query: 'клетка' }).hits.every((h) => h.type === 'note')).toBe(true);
    a.archive.close();
    b.archive.close();
  });

  it('made on two laptops before a sync combine: both additions kept, the removal kept, whatever the order', async () => {
    const a = await newArchive();
    const b = await newArchive();
    addSearchWords(a.archive, 'concepts', 'death penalty', ['высшая мера']);
    addSearchWords(b.archive, 'concepts', 'death penalty', ['ең жоғарғы жаза']);
    removeSearchWord(b.archive, 'concepts', 'capital punishment');
    syncAll(a.archive, b.archive);
    syncAll(b.archive, a.archive);
    for (const { archive } of [a, b]) {
      const group = archive.search.wordGroups('concepts').find((g) => g.terms.includes('death penalty'))!;
      expect(group.terms).toEqual(expect.arrayContaining(['высшая мера', 'ең жоғарғы жаза']));
      expect(group.terms).not.toContain('capital punishment');
    }
    expect(a.archive.search.wordGroups('concepts')).toEqual(b.archive.search.wordGroups('concepts'));
    // Adding a removed term back searches it again, on both once synced.
    addSearchWords(a.archive, 'concepts', 'death penalty', ['capital punishment']);
    syncAll(a.archive, b.archive);
    expect(b.archive.search.wordGroups('concepts').find((g) => g.terms.includes('death penalty'))!.terms).toContain('capital punishment');
    a.archive.close();
    b.archive.close();
  });

  it('combine the same whatever order the changes arrive in', () => {
    const words = ['KNB', 'КНБ', 'Astana', 'Астана', 'cage', 'клетка', 'glass box', 'тор', 'Almaty'];
    const change = fc.record({ terms: fc.subarray(words, { maxLength: 4 }), removed: fc.subarray(words, { maxLength: 2 }) });
    const asSets = (changes: WordChange[]) =>
      combineWordGroups(
        [
          ['KNB', 'National Security Committee'],
          ['Astana', 'Nur-Sultan'],
        ],
        changes,
      )
        .map((g) => [...g.terms].sort().join('|'))
        .sort();
    fc.assert(
      fc.property(fc.array(change, { maxLength: 6 }), fc.integer(), (changes, seed) => {
        const shuffled = [...changes].sort((x, y) => ((JSON.stringify(x).length * 31 + seed) % 7) - ((JSON.stringify(y).length * 31 + seed) % 7));
        expect(asSets(shuffled)).toEqual(asSets(changes));
        const removed = new Set(changes.flatMap((c) => c.removed));
        for (const g of combineWordGroups([], changes)) for (const t of g.terms) expect(removed.has(t)).toBe(false);
      }),
    );
  });

  it('refuse a record that is not search words, naming the field, and keep search unchanged', async () => {
    const { archive } = await newArchive();
    const before = archive.search.wordGroups('aliases');
    expect(() => archive.records.create('search-words', { title: 'x', kind: 'synonyms', terms: ['a', 'b'] })).toThrow(/kind/);
    expect(() => archive.records.create('search-words', { title: 'x', kind: 'aliases', terms: ['a', 'x'.repeat(201)] })).toThrow(/200 characters/);
    expect(archive.search.wordGroups('aliases')).toEqual(before);
    archive.close();
  });
});

describe('bulk indexing', () => {
  it('indexes batches of records, each batch in a transaction, and finds them like single changes', async () => {
    const { archive } = await newArchive();
    const batches = [0, 1, 2].map((b) =>
      Array.from({ length: 5 }, (_, i) => ({
        id: `00000000-0000-7000-8000-${String(b * 10 + i).padStart(12, '0')}`,
        type: 'report' as const,
        data: { title: `Bulk report ${b}-${i}`, body: `Ахметову задержали в Шымкенте, batch ${b}.` },
      })),
    );
    expect(await archive.search.indexMany(batches)).toEqual({ records: 15 });
    expect(archive.search.search({ query: 'задержанию', limit: 50 }).total).toBe(15);
    expect(archive.search.search({ query: '"Bulk report 2-4"' }).hits[0]!.id).toBe('00000000-0000-7000-8000-000000000024');
    archive.close();
  });

  it('prepares on a worker thread in the built engine, with the same result as inline', async () => {
    const { spawnSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const { prepareRecord } = await import('../db/search/prepare-record.js');
    const data = { title: 'Жақсыбеков', body: 'Targeted sanctiоns were proposed across Kazakh-\nstan.' };
    const dist = join(import.meta.dirname, '..', 'dist', 'db', 'search', 'record-preparer.js');
    const script = `const { RecordPreparer } = await import(${JSON.stringify(dist)}); const p = new RecordPreparer(); console.log(JSON.stringify(await p.prepare([{ id: 'x', type: 'report', data: ${JSON.stringify(data)} }]))); await p.close();`;
    const child = spawnSync(process.execPath, ['--input-type=module', '--eval', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([prepareRecord('report', data)]);
  });
});
