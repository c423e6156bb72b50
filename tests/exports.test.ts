import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'csv-parse/sync';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { exportRecords, printableRecords } from '../db/exports/export-records.js';
import { exportJsonSchema } from '../db/exports/export-schema.js';
import { applyTemplate } from '../db/templates/apply-template.js';
import { prisonVisitTemplate } from './support/template-fixtures.js';
import type { Archive } from '../db/store/archive.js';
import { detaineeWithDisputedArrest, observedHearings, observedTrial, wgadCommunication } from './support/case-fixtures.js';
import { newArchive, tempDir } from './support/temp-archive.js';

async function archiveWithCase(): Promise<{ archive: Archive; ids: { detainee: string; unCase: string; trial: string; hearing: string; late: string; early: string } }> {
  const { archive } = await newArchive();
  const detainee = archive.records.create('detainee', { ...detaineeWithDisputedArrest, tags: ['wgad', 'january-2022'] });
  const unCase = archive.records.create('case', { ...wgadCommunication, detainees: [detainee.id], links: [{ rel: 'detainee-of', target: detainee.id }] });
  const trial = archive.records.create('trial', observedTrial);
  const hearings = observedHearings.map((h) => archive.records.create('hearing', { ...h, trial: trial.id, links: [{ rel: 'observed-at', target: trial.id }] }));
  const late = archive.records.create('note', {
    hearing: hearings[0]!.id,
    text: 'Verdict read out <b>in Kazakh</b> only',
    observedAt: '2022-11-03T16:40:00+06:00',
    indicators: ['interpreter'],
  });
  const early = archive.records.create('note', { hearing: hearings[0]!.id, text: 'Observers admitted after an hour', observedAt: '2022-11-03T10:05:00+06:00' });
  archive.records.update(detainee.id, { status: 'convicted' });
  return { archive, ids: { detainee: detainee.id, unCase: unCase.id, trial: trial.id, hearing: hearings[0]!.id, late: late.id, early: early.id } };
}

describe('exports', () => {
  it('writes records of defined types and defined values into JSON the published schema accepts', async () => {
    const { archive } = await newArchive();
    applyTemplate(archive, prisonVisitTemplate);
    const visit = archive.records.create('prison-visit' as never, { title: 'Visit to LA-155/14', defined: { facility: 'LA-155/14', conditions: ['no-bed'] } });
    archive.records.create('detainee', { title: 'Akhmetov', defined: { ethnicity: 'Kazakh' } });
    const out = join(tempDir(), 'defined.json');
    await exportRecords(archive, { format: 'json', out });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { records: { id: string; type: string; data: Record<string, unknown> }[] };
    const published = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'docs', 'export.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(published);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.records.find((r) => r.id === visit.id)).toMatchObject({ type: 'prison-visit', data: { defined: { facility: 'LA-155/14', conditions: ['no-bed'] } } });
    // In CSV, a column per field named by its key, a chosen term by its label.
    const folder = join(tempDir(), 'csv');
    await exportRecords(archive, { format: 'csv', out: folder });
    const csv = readFileSync(join(folder, 'prison-visit.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFvigil_id,title,facility,conditions,created_at,updated_at');
    expect(csv).toContain(',Visit to LA-155/14,LA-155/14,No bed of one’s own,');
    expect(readFileSync(join(folder, 'detainee.csv'), 'utf8')).toMatch(/,ethnicity,[\s\S]*,Kazakh,/);
    // In a document for people: the type's name and the fields' labels in its language, a term by its label.
    const html = join(tempDir(), 'visit.html');
    await exportRecords(archive, { format: 'html', out: html, ids: [visit.id], language: 'en' });
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('Prison visit');
    expect(page).toContain('Facility');
    expect(page).toContain('No bed of one’s own');
    expect(page).not.toMatch(/no-bed|prison-visit|defined/);
    archive.close();
  });

  it('writes JSON that the published JSON Schema accepts: complete records with sources, links and history', async () => {
    const { archive, ids } = await archiveWithCase();
    const out = join(tempDir(), 'archive.json');
    const result = await exportRecords(archive, { format: 'json', out });
    expect(result).toMatchObject({ format: 'json', files: [out], records: 7, encrypted: false, warning: expect.stringMatching(/NOT encrypted/) });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { records: { id: string; data: Record<string, unknown>; history: { revision: string; op: string }[] }[] };
    const published = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'docs', 'export.schema.json'), 'utf8')) as object;
    // The published schema is the one generated from the record schemas today (npm run docs:schema).
    expect(published).toEqual(exportJsonSchema());
    const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(published);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const detainee = doc.records.find((r) => r.id === ids.detainee)!;
    expect(detainee.data).toEqual(archive.records.get(ids.detainee).data);
    expect(detainee.history.map((h) => h.op)).toEqual(['put', 'put']);
    expect(detainee.history.at(-1)!.revision).toBe(archive.records.get(ids.detainee).revision);
    expect(doc.records.find((r) => r.id === ids.unCase)!.data.links).toEqual([{ rel: 'detainee-of', target: ids.detainee }]);
    // A record that breaks the schema is caught: the schema is not a rubber stamp.
    (detainee.data as { status: string }).status = 'vanished';
    expect(validate(doc)).toBe(false);
    expect(statSync(out).mode & 0o077).toBe(0);
  });

  it('writes CSV, one UTF-8 file with a byte-order mark per record type, nested lists flattened, Uwazi column names', async () => {
    const { archive, ids } = await archiveWithCase();
    const folder = join(tempDir(), 'csv');
    const result = await exportRecords(archive, { format: 'csv', out: folder });
    expect(readdirSync(folder).sort()).toEqual(['case.csv', 'detainee.csv', 'hearing.csv', 'note.csv', 'trial.csv']);
    expect(result.files).toHaveLength(5);
    const bytes = readFileSync(join(folder, 'detainee.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [row] = parse(bytes.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
    expect(Object.keys(row!).slice(0, 2)).toEqual(['vigil_id', 'title']);
    expect(Object.keys(row!)).not.toContain('id');
    expect(row).toMatchObject({
      vigil_id: ids.detainee,
      title: 'Karim Massimov',
      status: 'convicted',
      tags: 'wgad|january-2022',
      birth_date: '1965/01/01:1965/12/31',
      birth_date_as_written: '1965',
    });
    expect(row!.names).toMatch(/Карим Масимов/);
    expect(row!.arrests).toMatch(/the source \(petitioner\).*\|.*Government of Kazakhstan/);
    expect(row!.charges).toMatch(/article 175 \(1\) of the Criminal Code/);
    // A value that a spreadsheet would run as a formula is written so that it is shown instead.
    archive.records.create('event', { title: '=HYPERLINK("http://example.org","click")' });
    await exportRecords(archive, { format: 'csv', out: folder, types: ['event'] });
    expect(readFileSync(join(folder, 'event.csv'), 'utf8')).toContain(`'=HYPERLINK`);
  });

  it('writes one type to the .csv file named, and refuses a .csv file for several types', async () => {
    const { archive, ids } = await archiveWithCase();
    const work = tempDir();
    const out = join(work, 'd.csv');
    expect((await exportRecords(archive, { format: 'csv', out, types: ['detainee'] })).files).toEqual([out]);
    expect(statSync(out).isFile()).toBe(true);
    const [row] = parse(readFileSync(out, 'utf8').slice(1), { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({ vigil_id: ids.detainee, title: 'Karim Massimov' });
    // A type with no records yet still gives the file, headed.
    const none = join(work, 'persons.csv');
    await exportRecords(archive, { format: 'csv', out: none, types: ['person'] });
    expect(readFileSync(none, 'utf8')).toBe('\uFEFFvigil_id,title,created_at,updated_at\r\n');
    await expect(exportRecords(archive, { format: 'csv', out: join(work, 'all.csv') })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringMatching(/holds one record type/),
    });
    expect(readdirSync(work).sort()).toEqual(['d.csv', 'persons.csv']);
  });

  it('writes one self-contained HTML file for people: a contents list, a detainee profile, the trial’s observation report with notes in time order; no id, field name or ISO time', async () => {
    const { archive, ids } = await archiveWithCase();
    const out = join(tempDir(), 'report.html');
    await exportRecords(archive, { format: 'html', out, ids: [ids.detainee, ids.trial] });
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/not encrypted/);
    // Nothing to fetch, nothing to run.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(/i);
    expect(html).toMatch(/default-src 'none'/);
    expect(html).toContain('Detainee profile');
    expect(html).toContain('the source (petitioner)');
    expect(html).toContain('Government of Kazakhstan');
    expect(html).toContain('Trial observation report');
    const annex = html.slice(html.indexOf('Annex: all notes in order'));
    expect(annex.indexOf('Observers admitted after an hour')).toBeLessThan(annex.indexOf('Verdict read out'));
    expect(annex.indexOf('Observers admitted after an hour')).toBeGreaterThan(0);
    expect(html).toContain('&lt;b&gt;in Kazakh&lt;/b&gt;');
    expect(html).toContain('Findings by fair-trial right');
    expect(html).toMatch(/<nav class="contents"><h2>Contents<\/h2><ol><li><a href="#record-1">Karim Massimov<\/a>/);
    // Written for people: no record id, no field name, no ISO time.
    for (const id of Object.values(ids)) expect(html).not.toContain(id);
    expect(html).not.toMatch(/observedAt|statusNote|reconstructedFromPaper|\d{4}-\d\d-\d\dT\d\d|\[object/);
  });

  it('writes an HTML export in Russian when the interface speaks Russian', async () => {
    const { archive, ids } = await archiveWithCase();
    const out = join(tempDir(), 'report.html');
    await exportRecords(archive, { format: 'html', out, ids: [ids.detainee, ids.trial], language: 'ru' });
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Профиль задержанного');
    expect(html).toContain('Отчёт о наблюдении за процессом');
    expect(html).toContain('не зашифрован');
    expect(html).not.toMatch(/Detainee profile|Other details|Exported from/);
  });

  it('writes a Word document of a record or a selection, in the interface’s language: contents, each record’s facts, the accounts of an arrest side by side, the trial’s report; no id, field name or ISO time', async () => {
    const { archive, ids } = await archiveWithCase();
    const report = archive.records.create('report', { title: 'Shadow report on Atyrau', language: 'kk', body: 'Introduction.\n\nThe trial was closed to the public.' });
    for (const language of ['en', 'ru'] as const) {
      const out = join(tempDir(), `records-${language}.docx`);
      const result = await exportRecords(archive, { format: 'docx', out, ids: [ids.detainee, ids.trial, report.id], language });
      expect(result).toMatchObject({ format: 'docx', files: [out], records: 3, encrypted: false });
      const bytes = readFileSync(out);
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      const { value: words } = await mammoth.extractRawText({ buffer: bytes });
      for (const id of [...Object.values(ids), report.id]) expect(words).not.toContain(id);
      expect(words).not.toMatch(/observedAt|statusNote|\d{4}-\d\d-\d\dT\d\d|\[object|undefined/);
      expect(words).toContain('Karim Massimov');
      expect(words).toContain('The trial was closed to the public.');
      expect(words).toContain('Verdict read out <b>in Kazakh</b> only');
      if (language === 'en') {
        expect(words).toMatch(/not encrypted/);
        expect(words).toContain('Contents');
        expect(words).toContain('Detainee profile');
        expect(words).toMatch(/According to\s+Date\s+What happened/);
        expect(words).toContain('Government of Kazakhstan');
        expect(words).toContain('Findings by fair-trial right');
        expect(words).toMatch(/Language\s+Kazakh/);
      } else {
        expect(words).toContain('Содержание');
        expect(words).toContain('Профиль задержанного');
        expect(words).toMatch(/Язык\s+Казахский/);
        expect(words).not.toMatch(/Detainee profile|Exported from|According to/);
      }
    }
    // One record: its own document, no contents.
    const one = join(tempDir(), 'one.docx');
    await exportRecords(archive, { format: 'docx', out: one, ids: [report.id] });
    const { value: single } = await mammoth.extractRawText({ buffer: readFileSync(one) });
    expect(single).not.toContain('Contents');
    expect(single).toContain('Shadow report on Atyrau');
  });

  it('hands the same report back in memory for printing, and audits it as a PDF export', async () => {
    const { archive, ids } = await archiveWithCase();
    const out = join(tempDir(), 'report.html');
    await exportRecords(archive, { format: 'html', out, ids: [ids.detainee, ids.trial] });
    const printable = printableRecords(archive, { ids: [ids.detainee, ids.trial] });
    expect(printable.records).toBe(2);
    // The same document (but for the day it was made, should midnight fall between the two).
    const withoutTime = (html: string) => html.replace(/Exported from Vigil on \d{1,2} \w+ \d{4}/, '').replace(/prepared from the observers' notes on \d{1,2} \w+ \d{4}/, '');
    expect(withoutTime(printable.html)).toBe(withoutTime(readFileSync(out, 'utf8')));
    expect(archive.audit.list({}).at(-1)).toMatchObject({ action: 'export.file', detail: { format: 'pdf', printed: true, records: 2, ids: 2 } });
  });

  it('exports a query\u2019s results as a list with marked snippets, narrows by type and id, refuses unknown ids, and audits every export', async () => {
    const { archive, ids } = await archiveWithCase();
    const dir = tempDir();
    const search = await exportRecords(archive, { format: 'html', out: join(dir, 'search.html'), query: 'Massimov' });
    expect(search.records).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'search.html'), 'utf8')).toMatch(/<mark>Massimov<\/mark>/);
    expect((await exportRecords(archive, { format: 'json', out: join(dir, 'd.json'), types: ['detainee'] })).records).toBe(1);
    expect((await exportRecords(archive, { format: 'json', out: join(dir, 'one.json'), ids: [ids.trial] })).records).toBe(1);
    await expect(exportRecords(archive, { format: 'json', out: join(dir, 'x.json'), ids: ['01a20229-0000-7000-8000-000000000000'] })).rejects.toMatchObject({ code: 'not_found' });
    await expect(exportRecords(archive, { format: 'json', out: join(dir, 'missing', 'x.json') })).rejects.toMatchObject({ code: 'not_found' });
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const audited = archive.audit.list().filter((e) => e.action === 'export.file');
    expect(audited.map((e) => e.detail.format)).toEqual(['html', 'json', 'json']);
    expect(audited[0]!.detail).toMatchObject({ query: 'Massimov', files: ['search.html'] });
  });
});
