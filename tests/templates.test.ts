import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { templateFileJsonSchema } from '../db/templates/template-schema.js';
import { applyTemplate, mergeTerms, showTemplates } from '../db/templates/apply-template.js';
import { archiveTemplates } from '../db/templates/archive-templates.js';
import { createEngine } from '../db/service.js';
import { syncAll } from './support/replicas.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';
import { importFiles } from '../db/import/import-files.js';
import { openArchive } from '../db/store/archive.js';
import { prisonVisitTemplate } from './support/template-fixtures.js';

describe('template definitions', () => {
  it('applies the documented file shape: vocabularies, types with fields, fields on a built-in type; applying it again changes nothing', async () => {
    const { archive } = await newArchive();
    expect(applyTemplate(archive, prisonVisitTemplate)).toEqual({ vocabularies: { added: 1, changed: 0 }, types: { added: 1, changed: 0 }, fields: { added: 3, changed: 0 } });
    const templates = archiveTemplates(archive.db);
    expect(templates.isType('prison-visit')).toBe(true);
    expect(templates.fieldsOf('prison-visit').map((f) => f.key)).toEqual(['facility', 'conditions']);
    expect(templates.terms('conditions').get('overcrowding')?.descendants).toEqual(['no-bed']);
    expect(templates.terms('conditions').get('no-bed')?.parent).toBe('overcrowding');
    const revisions = archive.db.prepare('SELECT count(*) FROM revisions').pluck().get();
    expect(applyTemplate(archive, prisonVisitTemplate)).toEqual({ vocabularies: { added: 0, changed: 0 }, types: { added: 0, changed: 0 }, fields: { added: 0, changed: 0 } });
    expect(archive.db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(revisions);
    // What show prints, apply reads back as it was.
    const shown = showTemplates(archive);
    expect(shown.types?.[0]).toMatchObject({
      key: 'prison-visit',
      fields: [
        { key: 'facility', kind: 'text' },
        { key: 'conditions', kind: 'choice', vocabulary: 'conditions', multiple: true },
      ],
    });
    expect(shown.fields).toEqual([{ type: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnicity' } }]);
    expect(applyTemplate(archive, shown)).toEqual({ vocabularies: { added: 0, changed: 0 }, types: { added: 0, changed: 0 }, fields: { added: 0, changed: 0 } });
    archive.close();
  });

  it('is described by the published JSON Schema, which accepts the documented shape and what show prints, and refuses what apply refuses', async () => {
    const published = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'docs', 'template.schema.json'), 'utf8')) as object;
    expect(published).toEqual(templateFileJsonSchema());
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(published);
    expect(validate(prisonVisitTemplate), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const { archive } = await newArchive();
    applyTemplate(archive, prisonVisitTemplate);
    expect(validate(JSON.parse(JSON.stringify(showTemplates(archive))))).toBe(true);
    expect(validate({ types: [{ key: 'Prison Visit', labels: { en: 'x' } }] })).toBe(false);
    expect(validate({ fields: [{ type: 'detainee', key: 'x', kind: 'colour', labels: { en: 'x' } }] })).toBe(false);
    archive.close();
  });

  it('refuses a bad file whole, in one line, changing nothing', async () => {
    const { archive } = await newArchive();
    const before = archive.db.prepare('SELECT count(*) FROM revisions').pluck().get();
    const refused = (file: unknown, message: RegExp) => expect(() => applyTemplate(archive, file)).toThrow(message);
    refused({ types: [{ key: 'detainee', labels: { en: 'x' } }] }, /"detainee" is a built-in record type/);
    refused({ fields: [{ type: 'prison-visit', key: 'a', kind: 'text', labels: { en: 'A' } }] }, /no record type "prison-visit"/);
    refused({ fields: [{ type: 'detainee', key: 'c', kind: 'choice', vocabulary: 'nowhere', labels: { en: 'C' } }] }, /no vocabulary "nowhere"/);
    refused({ fields: [{ type: 'detainee', key: 'c', kind: 'choice', labels: { en: 'C' } }] }, /names the vocabulary/);
    refused({ fields: [{ type: 'detainee', key: 'g', kind: 'group', labels: { en: 'G' } }] }, /lists its fields/);
    refused({ fields: [{ type: 'detainee', key: 'Bad Key', kind: 'text', labels: { en: 'B' } }] }, /expected a key of lower-case letters/);
    refused({ fields: [{ type: 'detainee', key: 'n', kind: 'text', labels: {} }] }, /needs a label/);
    refused({ version: 2 }, /reads template files of version 1/);
    refused({ extra: true }, /template file: .*extra/i);
    refused(JSON.parse('{"fields":[{"__proto__":{"polluted":true}}]}'), /"__proto__"/);
    const tooDeep = (depth: number): object => ({ key: `t${depth}`, labels: { en: `T${depth}` }, ...(depth < 10 ? { children: [tooDeep(depth + 1)] } : {}) });
    refused({ vocabularies: [{ key: 'deep', labels: { en: 'Deep' }, terms: [tooDeep(1)] }] }, /nest at most 8 levels/);
    // A good vocabulary and type before a bad field: the whole file is refused.
    refused({ ...prisonVisitTemplate, fields: [{ type: 'nowhere', key: 'x', kind: 'text', labels: { en: 'X' } }] }, /no record type "nowhere"/);
    expect(archive.db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    archive.close();
  });

  it('merges vocabulary terms by key: new terms added where the file puts them, labels changed, terms it leaves out kept', () => {
    const existing = [
      { key: 'a', labels: { en: 'A' }, children: [{ key: 'a1', labels: { en: 'A1' } }] },
      { key: 'b', labels: { en: 'B' } },
    ];
    expect(
      mergeTerms(existing, [
        { key: 'a', labels: { en: 'A!' }, children: [{ key: 'a2', labels: { en: 'A2' } }] },
        { key: 'c', labels: { en: 'C' } },
      ]),
    ).toEqual([
      {
        key: 'a',
        labels: { en: 'A!' },
        children: [
          { key: 'a1', labels: { en: 'A1' } },
          { key: 'a2', labels: { en: 'A2' } },
        ],
      },
      { key: 'b', labels: { en: 'B' } },
      { key: 'c', labels: { en: 'C' } },
    ]);
    // A term named at another depth than it stands is relabelled where it is, not added twice.
    expect(mergeTerms(existing, [{ key: 'a1', labels: { en: 'A one' } }])[0]!.children).toEqual([{ key: 'a1', labels: { en: 'A one' } }]);
  });

  it('extends a shipped vocabulary, keeping its terms', async () => {
    const { archive } = await newArchive();
    applyTemplate(archive, {
      vocabularies: [{ key: 'detention-places', labels: { en: 'Kinds of places of detention' }, terms: [{ key: 'filtration-camp', labels: { en: 'Filtration camp' } }] }],
    });
    const terms = archiveTemplates(archive.db).terms('detention-places');
    expect(terms.has('prison')).toBe(true);
    expect(terms.has('filtration-camp')).toBe(true);
    archive.close();
  });
});

describe('values of defined fields', () => {
  async function withTemplate() {
    const made = await newArchive();
    applyTemplate(made.archive, {
      ...prisonVisitTemplate,
      fields: [
        ...prisonVisitTemplate.fields,
        { type: 'detainee', key: 'violations', kind: 'choice', vocabulary: 'violations', multiple: true, labels: { en: 'Violations', ru: 'Нарушения' } },
        { type: 'detainee', key: 'held-at', kind: 'place', labels: { en: 'Held at' } },
        { type: 'detainee', key: 'arrested', kind: 'date', labels: { en: 'Arrested' } },
        { type: 'detainee', key: 'minor', kind: 'yes-no', labels: { en: 'Minor' } },
        { type: 'detainee', key: 'cellmates', kind: 'number', labels: { en: 'Cellmates' } },
        { type: 'detainee', key: 'trial', kind: 'link', linkTypes: ['trial'], labels: { en: 'Trial' } },
        {
          type: 'detainee',
          key: 'visits',
          kind: 'group',
          labels: { en: 'Visits' },
          fields: [
            { key: 'by', kind: 'text', labels: { en: 'By' }, required: true },
            { key: 'conditions', kind: 'choice', vocabulary: 'conditions', multiple: true, labels: { en: 'Conditions' } },
          ],
        },
      ],
    });
    return made;
  }

  it('are checked at the engine boundary like built-in fields, and kept normalised', async () => {
    const { archive } = await withTemplate();
    const trial = archive.records.create('trial', { title: 'The Zhanaozen trial' });
    const event = archive.records.create('event', { title: 'Strike' });
    const ok = archive.records.create('detainee', {
      title: 'Ruslan Zhaksybekov',
      defined: {
        ethnicity: '  Kazakh ',
        violations: ['torture', 'arbitrary-detention'],
        'held-at': { name: 'LA-155/14, Aktau', lat: 43.65, lon: 51.16 },
        arrested: 'on or about 16 December 2011',
        minor: false,
        cellmates: 11,
        trial: trial.id,
        visits: [{ by: 'Lawyer', conditions: ['no-bed'] }],
      },
    });
    expect(ok.data.defined).toMatchObject({ ethnicity: 'Kazakh', arrested: { text: 'on or about 16 December 2011', start: '2011-12-16', approximate: true } });
    const refused = (defined: unknown, message: RegExp) => expect(() => archive.records.create('detainee', { title: 'X', defined })).toThrow(message);
    refused({ ethnic: 'Kazakh' }, /"ethnic" is not a field defined for detainee; its defined fields are ethnicity, violations/);
    refused({ ethnicity: 5 }, /defined\.ethnicity must be text/);
    refused({ violations: ['beating'] }, /defined\.violations\[0\]: "beating" is not a term of the vocabulary violations/);
    refused({ violations: ['torture', 'torture'] }, /chosen twice/);
    refused({ 'held-at': { name: 'Aktau', lat: 43 } }, /both a latitude and a longitude/);
    refused({ 'held-at': { name: 'Aktau', lat: 143, lon: 51 } }, /latitude is between -90 and 90/);
    refused({ arrested: 2011 }, /defined\.arrested/);
    refused({ minor: 'no' }, /yes or no/);
    refused({ cellmates: 'eleven' }, /must be a number/);
    refused({ trial: event.id }, /"Strike" is a event; this field takes trial/);
    refused({ trial: '01a251d6-be49-7007-a4a5-f5142a6fbd47' }, /no record 01a251d6-be49-7007-a4a5-f5142a6fbd47/);
    refused({ visits: [{ conditions: ['no-bed'] }] }, /defined\.visits\[0\]\.by is required/);
    refused({ visits: [{ by: 'Lawyer', mood: 'calm' }] }, /mood/);
    refused([], /defined must be an object/);
    expect(archive.records.count('detainee')).toBe(1);
    // An edit is checked the same way.
    expect(() => archive.records.update(ok.id, { defined: { cellmates: -1.5, minor: 'yes' } })).toThrow(/yes or no/);
    expect(archive.records.get(ok.id).data.defined).toMatchObject({ cellmates: 11 });
    archive.close();
  });

  it('a required field must be given; a removed field keeps its values and refuses new ones; a relabelled term or field changes no value', async () => {
    const { archive } = await withTemplate();
    const rec = archive.records.create('detainee', { title: 'A', defined: { ethnicity: 'Uzbek', violations: ['torture'] } });
    applyTemplate(archive, { fields: [{ type: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnic group' }, required: true }] });
    expect(() => archive.records.create('detainee', { title: 'B' })).toThrow(/defined\.ethnicity is required/);
    applyTemplate(archive, { vocabularies: [{ key: 'violations', labels: { en: 'Kinds of violation' }, terms: [{ key: 'torture', labels: { en: 'Torture (renamed)' } }] }] });
    expect(archive.records.get(rec.id).data.defined).toEqual({ ethnicity: 'Uzbek', violations: ['torture'] });
    applyTemplate(archive, { fields: [{ type: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnic group' }, hidden: true }] });
    expect(archive.records.create('detainee', { title: 'B' }).data.defined).toBeUndefined();
    // Editing another field keeps the removed field's value; changing it is refused.
    expect(archive.records.update(rec.id, { defined: { ethnicity: 'Uzbek', violations: [] } }).data.defined).toEqual({ ethnicity: 'Uzbek', violations: [] });
    expect(() => archive.records.update(rec.id, { defined: { ethnicity: 'Tajik' } })).toThrow(/ethnicity was removed from detainee; its values are kept/);
    expect(archive.records.get(rec.id).data.defined).toMatchObject({ ethnicity: 'Uzbek' });
    archive.close();
  });

  it('a change of kind that existing values would not fit is refused, naming how many and which', async () => {
    const { archive } = await withTemplate();
    for (const title of ['Aliya', 'Bolat', 'Dana']) archive.records.create('detainee', { title, defined: { ethnicity: 'Kazakh' } });
    archive.records.create('detainee', { title: 'Erlan' });
    expect(() => applyTemplate(archive, { fields: [{ type: 'detainee', key: 'ethnicity', kind: 'number', labels: { en: 'Ethnicity' } }] })).toThrow(
      /the field "Ethnicity" \(detainee\.ethnicity\) cannot become a number field: 3 existing values would not fit \("Aliya", "Bolat", "Dana"\); change or clear them first/,
    );
    // To a long text, every value fits.
    expect(applyTemplate(archive, { fields: [{ type: 'detainee', key: 'ethnicity', kind: 'long-text', labels: { en: 'Ethnicity' } }] }).fields.changed).toBe(1);
    // A number becomes text as its digits, a date as its words: each holder a new revision.
    applyTemplate(archive, {
      fields: [
        { type: 'detainee', key: 'cell', kind: 'number', labels: { en: 'Cell' } },
        { type: 'detainee', key: 'seen', kind: 'date', labels: { en: 'Seen' } },
      ],
    });
    const held = archive.records.create('detainee', { title: 'Farida', defined: { cell: 14, seen: '16 December 2011' } });
    applyTemplate(archive, {
      fields: [
        { type: 'detainee', key: 'cell', kind: 'text', labels: { en: 'Cell' } },
        { type: 'detainee', key: 'seen', kind: 'long-text', labels: { en: 'Seen' } },
      ],
    });
    expect(archive.records.get(held.id).data.defined).toEqual({ cell: '14', seen: '16 December 2011' });
    archive.close();
  });

  it('through the contract: a definition names what exists and takes a key no other has', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const engine = createEngine();
    const call = (method: string, args: unknown) => engine.call(method as never, args as never);
    await call('archive.open', { dir, passphrase });
    expect(await call('templates.apply', { template: prisonVisitTemplate })).toMatchObject({ ok: true });
    expect(
      await call('records.create', { type: 'field', data: { title: 'Ethnicity', of: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnicity' } } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringMatching(/detainee already has a field "ethnicity"/) },
    });
    expect(await call('records.create', { type: 'field', data: { title: 'X', of: 'nowhere', key: 'x', kind: 'text', labels: { en: 'X' } } })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no record type "nowhere"/) },
    });
    expect(await call('templates.apply', { template: { version: 9 } })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const shown = (await call('templates.show', {})) as { ok: true; value: { shippedVocabularies: string[] } };
    expect(shown.value.shippedVocabularies).toEqual(['wgad-categories', 'iccpr-articles', 'fair-trial-indicators', 'violations', 'detention-places']);
    await call('archive.close', {});
  });
});

describe('definitions between laptops', () => {
  it('two members adding fields at once both keep theirs; the same key on both: the older counts on both', async () => {
    const a = await newArchive();
    const b = await newArchive();
    applyTemplate(a.archive, { fields: [{ type: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnicity' } }] });
    applyTemplate(b.archive, { fields: [{ type: 'detainee', key: 'religion', kind: 'text', labels: { en: 'Religion' } }] });
    applyTemplate(b.archive, { fields: [{ type: 'detainee', key: 'ethnicity', kind: 'long-text', labels: { en: 'Ethnic origin' } }] });
    syncAll(a.archive, b.archive);
    syncAll(b.archive, a.archive);
    for (const { archive } of [a, b]) {
      const fields = archiveTemplates(archive.db).fieldsOf('detainee');
      expect(fields.map((f) => f.key).sort()).toEqual(['ethnicity', 'religion']);
      expect(fields.find((f) => f.key === 'ethnicity')!.kind).toBe('text');
    }
    a.archive.close();
    b.archive.close();
  });

  it('a conflicting change to one field is a conflict to resolve', async () => {
    const a = await newArchive();
    const b = await newArchive();
    applyTemplate(a.archive, { fields: [{ type: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnicity' } }] });
    syncAll(a.archive, b.archive);
    applyTemplate(a.archive, { fields: [{ type: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnic group' } }] });
    applyTemplate(b.archive, { fields: [{ type: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Nationality' } }] });
    syncAll(a.archive, b.archive);
    syncAll(b.archive, a.archive);
    const conflicts = a.archive.records.conflicts();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.type).toBe('field');
    expect(b.archive.records.conflicts()).toHaveLength(1);
    a.archive.close();
    b.archive.close();
  });

  it('survive closing and opening the archive', async () => {
    const { dir, archive } = await newArchive();
    applyTemplate(archive, prisonVisitTemplate);
    archive.close();
    const again = await openArchive(dir, { passphrase });
    expect(
      archiveTemplates(again.db)
        .fieldsOf('detainee')
        .map((f) => f.key),
    ).toEqual(['ethnicity']);
    again.close();
  });
});

describe('records of a defined type, and search', () => {
  const visitTemplate = {
    ...prisonVisitTemplate,
    types: [
      {
        ...prisonVisitTemplate.types[0]!,
        fields: [
          ...prisonVisitTemplate.types[0]!.fields,
          {
            key: 'interviews',
            kind: 'group',
            labels: { en: 'Interviews', ru: 'Беседы' },
            fields: [
              { key: 'detainee', kind: 'text', labels: { en: 'Detainee' } },
              { key: 'complaints', kind: 'long-text', labels: { en: 'Complaints' } },
            ],
          },
        ],
      },
    ],
  };

  it('are added, listed, searched by their words and labels, and filtered by type, by field and by a term with its narrower terms', async () => {
    const { archive } = await newArchive();
    applyTemplate(archive, visitTemplate);
    const visit = archive.records.create('prison-visit' as never, {
      title: 'Visit to LA-155/14',
      defined: { facility: 'LA-155/14', conditions: ['no-bed'], interviews: [{ detainee: 'Akhmetov', complaints: 'Beaten in the cell by guards' }] },
    });
    archive.records.create('prison-visit' as never, { title: 'Visit to the Aktau SIZO', defined: { facility: 'SIZO Aktau', conditions: ['no-daylight'] } });
    archive.records.create('report', { title: 'Annual report', body: 'Overcrowding in prisons, beaten detainees.' });
    expect(archive.records.list({ type: 'prison-visit' as never }).map((r) => r.title)).toEqual(['Visit to LA-155/14', 'Visit to the Aktau SIZO']);
    const ids = (query: string) => archive.search.search({ query }).hits.map((h) => h.title);
    expect(ids('type:prison-visit')).toHaveLength(2);
    // A term names its narrower terms: overcrowding finds the visit where "no bed" was chosen.
    expect(ids('conditions:overcrowding')).toEqual(['Visit to LA-155/14']);
    expect(ids('conditions:no-daylight')).toEqual(['Visit to the Aktau SIZO']);
    // By a term's label in any language, and by a group member's value.
    expect(ids('conditions:"No daylight"')).toEqual(['Visit to the Aktau SIZO']);
    expect(ids('interviews.detainee:akhmetov')).toEqual(['Visit to LA-155/14']);
    expect(ids('facility:"sizo aktau"')).toEqual(['Visit to the Aktau SIZO']);
    // Text is matched from its start: the facility's first word finds it; a word inside it does not.
    expect(ids('facility:sizo')).toEqual(['Visit to the Aktau SIZO']);
    expect(ids('facility:aktau')).toEqual([]);
    // Words in defined fields are searched like any text; a term is found by its label in every language.
    expect(ids('beaten guards')).toEqual(['Visit to LA-155/14']);
    expect(ids('спального места')).toEqual(['Visit to LA-155/14']);
    const hit = archive.search.search({ query: 'guards' }).hits[0]!;
    expect(hit.snippet).toContain('Interviews › Complaints');
    expect(hit.snippet).not.toMatch(/defined|interviews\./);
    // Filters combine with words and with each other.
    expect(ids('beaten conditions:overcrowding')).toEqual(['Visit to LA-155/14']);
    expect(ids('beaten conditions:no-daylight')).toEqual([]);
    expect(() => archive.search.search({ query: 'colour:red' })).toThrow(/unknown filter "colour:"; the filters are .*conditions:/);
    expect(() => archive.search.search({ query: 'type:prison-vist' })).toThrow(/type:prison-vist is not a record type; the types are .*prison-visit/);
    // Definitions are how to record, not what is found.
    expect(
      archive.search
        .search({ query: 'Overcrowding' })
        .hits.map((h) => h.type)
        .sort(),
    ).toEqual(['prison-visit', 'report']);
    // A term relabelled: the records holding it are found by the new words at once.
    applyTemplate(archive, { vocabularies: [{ key: 'conditions', labels: { en: 'Conditions' }, terms: [{ key: 'no-bed', labels: { en: 'Sleeping in shifts' } }] }] });
    expect(ids('"sleeping in shifts"')).toEqual(['Visit to LA-155/14']);
    expect(archive.records.get(visit.id).data).toMatchObject({ defined: { conditions: ['no-bed'] } });
    // An edited value leaves the filter it no longer meets, and a deleted record leaves every filter.
    archive.records.update(visit.id, { defined: { conditions: ['no-daylight'] } });
    expect(ids('conditions:overcrowding')).toEqual([]);
    expect(ids('conditions:no-daylight')).toEqual(['Visit to LA-155/14', 'Visit to the Aktau SIZO']);
    archive.records.delete(visit.id);
    expect(ids('conditions:no-daylight')).toEqual(['Visit to the Aktau SIZO']);
    // Another process's write (here: the database changed under the index's feet) is read again, not missed.
    archive.db.prepare(`UPDATE search_records SET defined_values = NULL`).run();
    archive.db.prepare(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'search_seq'`).run();
    expect(ids('conditions:no-daylight')).toEqual([]);
    archive.close();
  });

  it('lists filter by a defined field (a term with its narrower terms) and sort by one, records without it last; summaries carry the values', async () => {
    const { dir, archive } = await newArchive();
    applyTemplate(archive, visitTemplate);
    archive.records.create('prison-visit' as never, { title: 'B visit', defined: { facility: 'Zhanaozen', conditions: ['no-bed'] } });
    archive.records.create('prison-visit' as never, { title: 'A visit', defined: { facility: 'aktau', conditions: ['no-daylight'] } });
    archive.records.create('prison-visit' as never, { title: 'C visit' });
    archive.close();
    const engine = createEngine({ checkResults: true });
    const call = async (method: string, args: unknown) => {
      const reply = await engine.call(method as never, args as never);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as { records: { title: string; defined?: Record<string, unknown> }[]; total: number };
    };
    await engine.call('archive.open', { dir, passphrase });
    const overcrowded = await call('records.list', { type: 'prison-visit', field: { key: 'conditions', value: 'Overcrowding' } });
    expect(overcrowded.records.map((r) => r.title)).toEqual(['B visit']);
    expect(overcrowded.total).toBe(1);
    expect(overcrowded.records[0]!.defined).toEqual({ facility: 'Zhanaozen', conditions: ['no-bed'] });
    expect((await call('records.list', { type: 'prison-visit', sortBy: 'facility' })).records.map((r) => r.title)).toEqual(['A visit', 'B visit', 'C visit']);
    expect((await engine.call('records.list', { type: 'prison-visit', sortBy: 'Facility; DROP' } as never)).ok).toBe(false);
    await engine.call('archive.close', {});
  });

  it('an unknown type is refused by name, and a record of a defined type is checked like any other', async () => {
    const { archive } = await newArchive();
    applyTemplate(archive, visitTemplate);
    expect(() => archive.records.create('prison-vist' as never, { title: 'x' })).toThrow(/unknown record type "prison-vist"; expected one of .*prison-visit/);
    expect(() => archive.records.create('prison-visit' as never, { title: 'x', facility: 'y' })).toThrow(/unknown field facility/);
    expect(() => archive.records.create('prison-visit' as never, { title: 'x', defined: { conditions: ['mould'] } })).toThrow(/"mould" is not a term of the vocabulary conditions/);
    archive.close();
  });
});

describe('spreadsheets and defined fields', () => {
  it('maps columns to defined fields by key or label in any language, a term by its label, and refuses a term the list does not have', async () => {
    const { archive } = await newArchive();
    applyTemplate(archive, {
      ...prisonVisitTemplate,
      fields: [
        ...prisonVisitTemplate.fields,
        { type: 'detainee', key: 'violations', kind: 'choice', vocabulary: 'violations', multiple: true, labels: { en: 'Violations', ru: 'Нарушения' } },
        { type: 'detainee', key: 'minor', kind: 'yes-no', labels: { en: 'Minor', ru: 'Несовершеннолетний' } },
      ],
    });
    const dir = tempDir();
    const good = join(dir, 'detainees.csv');
    writeFileSync(good, 'Name,Ethnicity,Нарушения,Несовершеннолетний\nRuslan Akhmetov,Kazakh,Пытки | Arbitrary detention,нет\nAigul Utepova,Uzbek,,да\n');
    const [outcome] = await importFiles(archive, [good], { as: 'detainee' });
    expect(outcome).toMatchObject({ status: 'imported' });
    const rows = archive.records.list({ type: 'detainee' }).map((r) => archive.records.get(r.id).data.defined);
    expect(rows).toEqual(
      expect.arrayContaining([
        { ethnicity: 'Kazakh', violations: ['torture', 'arbitrary-detention'], minor: false },
        { ethnicity: 'Uzbek', minor: true },
      ]),
    );
    expect(archive.search.search({ query: 'violations:torture' }).hits.map((h) => h.title)).toEqual(['Ruslan Akhmetov']);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Name,Violations\nBolat,Beating\n');
    const [refused] = await importFiles(archive, [bad], { as: 'detainee' });
    expect(refused).toMatchObject({ status: 'rejected', error: 'row 2, column "Violations": "Beating" is not a term of Violations' });
    expect(archive.records.count('detainee')).toBe(2);
    archive.close();
  });
});
