import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportRecords } from '../db/exports/export-records.js';
import { bundleIdentity } from '../db/bundles/bundle-identity.js';
import { importBundle } from '../db/bundles/read-bundle.js';
import { exportBundle } from '../db/bundles/write-bundle.js';
import { archiveTemplates } from '../db/templates/archive-templates.js';
import { importUwaziCsv, safeName, uwaziRecordId } from '../db/uwazi/import-uwazi.js';
import { importVocabularyCsv, vocabularyCsv } from '../db/uwazi/thesaurus-csv.js';
import { applyTemplate } from '../db/templates/apply-template.js';
import type { Archive } from '../db/store/archive.js';
import { newArchive, tempDir } from './support/temp-archive.js';
import { uwaziExportCsv, uwaziTemplates, uwaziThesauri } from './support/uwazi-fixtures.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const withTemplate = {
  template: { text: JSON.stringify(uwaziTemplates), file: 'templates.json' },
  thesauri: { text: JSON.stringify(uwaziThesauri), file: 'thesauri.json' },
};
const defined = (archive: Archive, title: string) =>
  (archive.records.list({ type: 'incident' as never }).find((r) => r.title === title) as { defined?: Record<string, unknown> } | undefined)?.defined;
const counts = (archive: Archive) => ({
  records: archive.db.prepare('SELECT count(*) FROM records').pluck().get(),
  revisions: archive.db.prepare('SELECT count(*) FROM revisions').pluck().get(),
});

describe('Uwazi CSV in', () => {
  it("reads Uwazi's export with its template: properties become fields, thesauri vocabularies with Uwazi's ids, cells values", async () => {
    const { archive } = await newArchive();
    const outcome = await importUwaziCsv(archive, bytes(uwaziExportCsv), 'incidents.csv', { type: 'incident', ...withTemplate });
    expect(outcome).toMatchObject({ rows: 2, created: 2, updated: 0, definitions: { types: 1, fields: 10, terms: 4 } });
    // The template named like the type is the one read, among all /api/templates gives.
    const templates = archiveTemplates(archive.db);
    expect(templates.types.get('incident')?.labels).toEqual({ en: 'Incident' });
    expect(Object.fromEntries(templates.fieldsOf('incident').map((f) => [f.key, [f.kind, f.uwazi, f.multiple ?? false]]))).toEqual({
      description: ['long-text', 'markdown', false],
      victims: ['number', 'numeric', false],
      date: ['date', 'date', false],
      period: ['date', 'daterange', false],
      hearings: ['group', 'multidate', false],
      location_geolocation: ['place', 'geolocation', false],
      violations: ['choice', 'multiselect', true],
      related_incidents: ['link', 'relationship', true],
      source: ['group', 'link', false],
      case_id: ['text', 'generatedid', false],
    });
    expect(templates.field('incident', 'related_incidents')?.linkTypes).toEqual(['incident']);
    // Terms keep Uwazi's ids, the group's children under it.
    expect(templates.terms('uwazi-violations').get('b3x0lq2s7ad')).toMatchObject({ parent: 'k9vqx1bkkso', term: { labels: { en: 'Beating' } } });
    expect(outcome.notes).toEqual(['property "Old table" (nested) left out: Vigil keeps no nested values']);
    expect(outcome.columns.filter((c) => !c.field).map((c) => [c.header, c.why])).toEqual(
      ['Template', 'Documents', 'Attachments', 'Published'].map((h) => [h, "Uwazi's own column, not a property"]),
    );
    expect(outcome.columns.find((c) => c.header === 'Location')?.field).toBe('location_geolocation');

    const aktauId = uwaziRecordId('incident', 'Aktau detentions\u00002021-03-02');
    const zhanaozen = defined(archive, 'Zhanaozen, 16 December')!;
    expect(zhanaozen).toEqual({
      description: 'Police fired on striking oil workers.\nAt least 14 were killed.',
      victims: 14,
      date: { text: '2011-12-16', start: '2011-12-16', end: '2011-12-16' },
      period: { text: '2011-12-16 – 2011-12-17', start: '2011-12-16', end: '2011-12-17' },
      hearings: [{ date: { text: '2012-03-27', start: '2012-03-27', end: '2012-03-27' } }, { date: { text: '2012-06-04', start: '2012-06-04', end: '2012-06-04' } }],
      location_geolocation: { name: '43.34, 52.86', lat: 43.34, lon: 52.86 },
      violations: ['b3x0lq2s7ad', 'm1c8d4r6tyu'],
      related_incidents: [aktauId],
      source: [{ label: 'HRW report', url: 'https://www.hrw.org/report/2012/09/10/striking-oil' }],
      case_id: 'ABC-1234-5678',
    });
    // Uwazi's export writes an open range's end as 1970-01-01: read as open.
    expect(defined(archive, 'Aktau detentions')!.period).toEqual({ text: '2011-12-20 – …', start: '2011-12-20' });
    expect(archive.records.get(aktauId).data.title).toBe('Aktau detentions');

    // Found by filter (a group term finds its child) and by words.
    const titles = (query: string) => archive.search.search({ query }).hits.map((h) => h.title);
    expect(titles('violations:torture')).toEqual(['Zhanaozen, 16 December']);
    // Uwazi's country is the record's own country: lists show it, filters take it by code or name.
    expect(archive.records.get(aktauId).data.country).toBe('KZ');
    expect(titles('country:kazakhstan').sort()).toEqual(['Aktau detentions', 'Zhanaozen, 16 December']);
    expect(titles('country:KZ type:incident')).toHaveLength(2);
    expect(titles('strikers held')).toEqual(['Aktau detentions']);
    archive.close();
  });

  it('importing the same file again updates rather than duplicates; a changed cell is a new revision of the same record; an empty cell clears nothing', async () => {
    const { archive } = await newArchive();
    await importUwaziCsv(archive, bytes(uwaziExportCsv), 'incidents.csv', { type: 'incident', ...withTemplate });
    const before = counts(archive);
    const ids = archive.records.list({ type: 'incident' as never }).map((r) => r.id);
    const again = await importUwaziCsv(archive, bytes(uwaziExportCsv), 'incidents.csv', { type: 'incident', ...withTemplate });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, definitions: { types: 0, fields: 0, terms: 0 } });
    expect(counts(archive)).toEqual(before);
    // Uwazi's import shape: property names, an id column (Uwazi's shared id), only some columns.
    const changed = uwaziExportCsv.replace(',14,2011-12-16,', ',15,2011-12-16,').replace('Strikers held without charge.', '');
    const third = await importUwaziCsv(archive, bytes(changed), 'incidents.csv', { type: 'incident' });
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(archive.records.list({ type: 'incident' as never }).map((r) => r.id)).toEqual(ids);
    expect(defined(archive, 'Zhanaozen, 16 December')!.victims).toBe(15);
    expect(defined(archive, 'Aktau detentions')!.description).toBe('Strikers held without charge.');
    // A field removed here takes no values from a file: its column is left out, and said so.
    applyTemplate(archive, { fields: [{ type: 'incident', key: 'victims', kind: 'number', labels: { en: 'Victims' }, uwazi: 'numeric', hidden: true }] });
    const removed = await importUwaziCsv(archive, bytes(changed.replace(',15,', ',16,')), 'incidents.csv', { type: 'incident' });
    expect(removed.columns.find((c) => c.header === 'Victims')).toMatchObject({ field: null, why: 'the field was removed here (Settings brings it back)' });
    expect(defined(archive, 'Zhanaozen, 16 December')!.victims).toBe(15);
    const withIds = ['id,title,case_id', 'sh4r3d1d,Entity with an id,X-1'].join('\n');
    await importUwaziCsv(archive, bytes(withIds), 'ids.csv', { type: 'incident' });
    await importUwaziCsv(archive, bytes(withIds.replace('Entity with an id', 'Renamed in Uwazi')), 'ids.csv', { type: 'incident' });
    expect(archive.records.get(uwaziRecordId('incident', 'sh4r3d1d')).data.title).toBe('Renamed in Uwazi');
    archive.close();
  });

  it("without Uwazi's thesauri, labels become terms (Parent::Child nested), and a re-import finds them again", async () => {
    const { archive } = await newArchive();
    const template = { text: JSON.stringify(uwaziTemplates.rows[1]), file: 'incident.json' };
    const csv = ['title,violations,country', 'A,"Torture::Beating|Arbitrary detention",Kazakhstan', 'B,Beating|torture,Казахстан'].join('\n');
    const first = await importUwaziCsv(archive, bytes(csv), 'a.csv', { type: 'incident', template, name: 'Incidents in Kazakhstan' });
    expect(first.definitions.terms).toBe(3);
    expect(archiveTemplates(archive.db).types.get('incident')?.labels).toEqual({ en: 'Incidents in Kazakhstan' });
    const terms = archiveTemplates(archive.db).terms('uwazi-violations');
    expect(terms.get('beating')).toMatchObject({ parent: 'torture' });
    // "Beating" alone is the only term so named, under Torture; "torture" in any case is the top term; Russian labels are filed as Russian.
    expect(defined(archive, 'B')).toEqual({ violations: ['beating', 'torture'] });
    expect(archive.records.list({ type: 'incident' as never }).map((r) => archive.records.get(r.id).data.country)).toEqual(['KZ', 'KZ']);
    await expect(importUwaziCsv(archive, bytes('title,country\nC,Atlantis'), 'c.csv', { type: 'incident' })).rejects.toThrow(
      'c.csv, row 2, column "country": "Atlantis" is not a country Vigil knows',
    );
    const again = await importUwaziCsv(archive, bytes(csv), 'a.csv', { type: 'incident', template });
    expect(again).toMatchObject({ created: 0, unchanged: 2, definitions: { terms: 0 } });
    // A relationship to any template names records here by title; a title found nowhere is left out, said by the field's label.
    const anyTemplate = { text: JSON.stringify({ name: 'Case', properties: [{ name: 'about', label: 'About', type: 'relationship' }] }), file: 'case.json' };
    const cases = await importUwaziCsv(archive, bytes('title,about\nCase 1,A|Nobody known'), 'cases.csv', { type: 'case-file', template: anyTemplate });
    expect(cases.notes).toEqual(['row 2: "Nobody known" (About) names no record here; left out']);
    expect(archive.records.list({ type: 'case-file' as never }).map((r) => archive.records.get(r.id).data.defined)).toEqual([
      { about: [archive.records.list({ type: 'incident' as never }).find((r) => r.title === 'A')!.id] },
    ]);
    archive.close();
  });

  it('refuses what it cannot read, naming the row, and writes nothing; hostile template files are refused', async () => {
    const { archive } = await newArchive();
    await importUwaziCsv(archive, bytes(uwaziExportCsv), 'incidents.csv', { type: 'incident', ...withTemplate });
    const before = counts(archive);
    const bad = uwaziExportCsv.replace(',7,2011-12-20,', ',seven,2011-12-20,');
    await expect(importUwaziCsv(archive, bytes(bad), 'bad.csv', { type: 'incident' })).rejects.toThrow('bad.csv, row 4, column "Victims": "seven" is not a number');
    const badPlace = ['title,location_geolocation', 'X,91|10'].join('\n');
    await expect(importUwaziCsv(archive, bytes(badPlace), 'p.csv', { type: 'incident' })).rejects.toThrow(/row 2, column "location_geolocation": "91\|10" is not a location/);
    await expect(importUwaziCsv(archive, bytes('victims\n3'), 'n.csv', { type: 'incident' })).rejects.toThrow('n.csv has no title column');
    await expect(importUwaziCsv(archive, bytes('title\nX'), 'n.csv', { type: 'protest' })).rejects.toThrow(/no record type "protest": give Uwazi's template/);
    const hostile = '{"rows":[{"name":"Incident","properties":[],"__proto__":{"polluted":1}}]}';
    await expect(importUwaziCsv(archive, bytes('title\nX'), 'h.csv', { type: 'incident', template: { text: hostile, file: 't.json' } })).rejects.toThrow(
      /the Uwazi template file t.json holds a field named "__proto__"/,
    );
    await expect(
      importUwaziCsv(archive, bytes('title\nX'), 'h.csv', { type: 'other', template: { text: '{"rows":[{"name":"A"},{"name":"B"}]}', file: 't.json' } }),
    ).rejects.toThrow('the Uwazi template file t.json holds 2 templates and none is named "other": A, B');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(counts(archive)).toEqual(before);
    archive.close();
  });
});

describe('Uwazi CSV out', () => {
  it("writes what Uwazi's CSV import reads for the same template, and reads back to the same values", async () => {
    const { archive } = await newArchive();
    await importUwaziCsv(archive, bytes(uwaziExportCsv), 'incidents.csv', { type: 'incident', ...withTemplate });
    const out = join(tempDir(), 'incidents-for-uwazi.csv');
    const result = await exportRecords(archive, { format: 'uwazi-csv', out, types: ['incident' as never] });
    expect(result.records).toBe(2);
    const text = readFileSync(out, 'utf8');
    const [header, ...rows] = parse(text) as string[][];
    // Headers are the template's property names (Uwazi matches safe names); no id column, which Uwazi takes for its own ids.
    const template = uwaziTemplates.rows[1]!;
    expect(header).toEqual(['title', 'country', ...template.properties.filter((p) => p.type !== 'nested' && p.name !== 'country').map((p) => p.name)]);
    for (const h of header!) expect(safeName(h)).toBe(h);
    const row = Object.fromEntries(header!.map((h, i) => [h, rows.find((r) => r[0] === 'Zhanaozen, 16 December')![i]]));
    expect(row).toEqual({
      title: 'Zhanaozen, 16 December',
      description: 'Police fired on striking oil workers.\nAt least 14 were killed.',
      victims: '14',
      date: '2011-12-16',
      period: '2011-12-16:2011-12-17',
      hearings: '2012-03-27|2012-06-04',
      location_geolocation: '43.34|52.86',
      violations: 'Torture::Beating|Arbitrary detention',
      country: 'Kazakhstan',
      related_incidents: 'Aktau detentions',
      source: 'HRW report|https://www.hrw.org/report/2012/09/10/striking-oil',
      case_id: 'ABC-1234-5678',
    });
    // An open range as Uwazi's importer reads one: an empty end.
    expect(rows.find((r) => r[0] === 'Aktau detentions')![header!.indexOf('period')]).toBe('2011-12-20:');

    // A second archive, given the same template, reads the file to the same values.
    const { archive: second } = await newArchive();
    await importUwaziCsv(second, bytes(text), 'incidents-for-uwazi.csv', { type: 'incident', ...withTemplate });
    for (const title of ['Zhanaozen, 16 December', 'Aktau detentions']) {
      const strip = (d: Record<string, unknown> | undefined) => ({ ...d, related_incidents: undefined });
      expect(strip(defined(second, title))).toEqual(strip(defined(archive, title)));
    }
    expect(second.records.get(defined(second, 'Zhanaozen, 16 December')!.related_incidents as never as string).data.title).toBe('Aktau detentions');
    archive.close();
    second.close();
  });

  it('carries the imported type, its fields and thesauri to a second archive in a bundle, which then writes the same CSV for Uwazi', async () => {
    const { archive } = await newArchive();
    const { archive: second } = await newArchive();
    await importUwaziCsv(archive, bytes(uwaziExportCsv), 'incidents.csv', { type: 'incident', ...withTemplate });
    const bundle = join(tempDir(), 'incidents.vigil');
    await exportBundle(archive, { out: bundle, types: ['incident' as never], to: [(await bundleIdentity(second)).recipient] });
    await importBundle(second, bundle);
    expect(
      archiveTemplates(second.db)
        .fieldsOf('incident')
        .map((f) => f.key),
    ).toEqual(
      archiveTemplates(archive.db)
        .fieldsOf('incident')
        .map((f) => f.key),
    );
    expect(second.search.search({ query: 'violations:torture' }).hits.map((h) => h.title)).toEqual(['Zhanaozen, 16 December']);
    const written = async (from: Archive) => {
      const out = join(tempDir(), 'uwazi.csv');
      await exportRecords(from, { format: 'uwazi-csv', out, types: ['incident' as never] });
      return readFileSync(out, 'utf8');
    };
    expect(await written(second)).toBe(await written(archive));
    // And Uwazi's file read again on the second laptop updates the records the bundle brought.
    expect(await importUwaziCsv(second, bytes(uwaziExportCsv), 'incidents.csv', { type: 'incident' })).toMatchObject({ created: 0, unchanged: 2 });
    archive.close();
    second.close();
  });

  it('names fields defined in Vigil as Uwazi names properties, and keeps spreadsheets from running cells as formulas', async () => {
    const { archive } = await newArchive();
    applyTemplate(archive, {
      types: [
        {
          key: 'prison-visit',
          labels: { en: 'Prison visit' },
          fields: [
            { key: 'facility-name', kind: 'text', labels: { en: 'Facility' } },
            { key: 'place', kind: 'place', labels: { en: 'Place' } },
          ],
        },
      ],
    });
    archive.records.create('prison-visit' as never, { title: '=HYPERLINK("http://x")', defined: { 'facility-name': '-2+3', place: { name: 'Aktau', lat: -43.5, lon: 51.2 } } });
    const out = join(tempDir(), 'visits.csv');
    await exportRecords(archive, { format: 'uwazi-csv', out, types: ['prison-visit' as never] });
    const [header, row] = parse(readFileSync(out, 'utf8')) as string[][];
    expect(header).toEqual(['title', 'facility_name', 'place_geolocation']);
    expect(row).toEqual(['\'=HYPERLINK("http://x")', "'-2+3", '-43.5|51.2']);
    await expect(exportRecords(archive, { format: 'uwazi-csv', out, types: ['prison-visit' as never, 'detainee'] })).rejects.toThrow(/one type/);
    archive.close();
  });
});

describe("vocabularies as Uwazi's thesaurus CSV", () => {
  it('writes a column per language and children marked "- ", a term deeper than Uwazi\'s two levels under its top term; reads it back without duplicating', async () => {
    const { archive } = await newArchive();
    applyTemplate(archive, {
      vocabularies: [
        {
          key: 'conditions',
          labels: { en: 'Conditions' },
          terms: [
            {
              key: 'overcrowding',
              labels: { en: 'Overcrowding', ru: 'Переполненность' },
              children: [{ key: 'no-bed', labels: { en: 'No bed', ru: 'Нет спального места' }, children: [{ key: 'floor', labels: { en: 'Sleeping on the floor' } }] }],
            },
            { key: 'no-daylight', labels: { en: 'No daylight' } },
          ],
        },
      ],
    });
    const { text, terms } = vocabularyCsv(archive, 'conditions');
    expect(terms).toBe(4);
    expect(parse(text)).toEqual([
      ['English', 'Russian'],
      ['Overcrowding', 'Переполненность'],
      ['- No bed', '- Нет спального места'],
      ['- Sleeping on the floor', ''],
      ['No daylight', ''],
    ]);
    const before = archive.db.prepare('SELECT count(*) FROM revisions').pluck().get();
    expect(importVocabularyCsv(archive, bytes(text), 'conditions.csv', { key: 'conditions' })).toMatchObject({ terms: 4, vocabularies: { added: 0, changed: 0 } });
    expect(archive.db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(before);
    // A second archive reads it as a new vocabulary with Uwazi's two levels.
    const { archive: second } = await newArchive();
    expect(importVocabularyCsv(second, bytes(text), 'conditions.csv', { key: 'conditions', name: 'Conditions' })).toMatchObject({ vocabularies: { added: 1 } });
    const read = archiveTemplates(second.db).terms('conditions');
    expect(read.get('overcrowding')?.descendants).toEqual(['no-bed', 'sleeping-on-the-floor']);
    expect(read.get('no-bed')?.term.labels).toEqual({ en: 'No bed', ru: 'Нет спального места' });
    archive.close();
    second.close();
  });

  it('reads HURIDOCS\' shape (semicolons, language names, deeper "- - " levels, labels added to terms already there) and refuses a child with no term above', async () => {
    const { archive } = await newArchive();
    const file = ['English;Russian;Spanish', 'Torture;Пытки;Tortura', '- Beating;- Избиение;- Golpes', '- - With batons;- - Дубинками;', 'Overcrowding;;'].join('\r\n');
    expect(importVocabularyCsv(archive, bytes(file), 'v.csv', { key: 'ill-treatment', name: 'Ill-treatment' })).toMatchObject({ terms: 4 });
    const terms = archiveTemplates(archive.db).terms('ill-treatment');
    expect(terms.get('with-batons')).toMatchObject({ parent: 'beating', term: { labels: { en: 'With batons', ru: 'Дубинками' } } });
    // The same terms by their Russian labels only, one gaining a Kazakh label: no duplicate.
    importVocabularyCsv(archive, bytes(['Russian,Kazakh', 'Пытки,Азаптау'].join('\n')), 'kk.csv', { key: 'ill-treatment' });
    expect(archiveTemplates(archive.db).terms('ill-treatment').get('torture')?.term.labels).toEqual({ en: 'Torture', ru: 'Пытки', kk: 'Азаптау' });
    expect(archiveTemplates(archive.db).terms('ill-treatment').size).toBe(4);
    const revisions = archive.db.prepare('SELECT count(*) FROM revisions').pluck().get();
    expect(() => importVocabularyCsv(archive, bytes('English\n- Orphan'), 'bad.csv', { key: 'ill-treatment' })).toThrow('bad.csv, row 2: a term marked "-" needs a term above it');
    expect(() => importVocabularyCsv(archive, bytes('English'), 'empty.csv', { key: 'x' })).toThrow(/holds no terms/);
    expect(archive.db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(revisions);
    archive.close();
  });
});
