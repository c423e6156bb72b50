import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../db/import/import-files.js';
import { parse } from 'csv-parse/sync';
import { readCsv, sniffDelimiter } from '../db/import/read-table.js';
import { keepExtractionWorker, takeExtractionWorker } from '../db/import/extraction-worker.js';
import { importLimits } from '../db/import/import-limits.js';
import { createEngine } from '../db/service.js';
import type { Archive } from '../db/store/archive.js';
import { makeDocx, makePdf, makeXlsx, makeZipBomb, writeFixture } from './support/import-fixtures.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';
import { viewOfType } from '../db/shared/record-views.js';

const trialPages = [
  ['Observation of the trial in Aktau', 'Mission report, 11 January 2022', 'The hearing was closed to the public and relatives were', 'not admitted to the courtroom.'],
  ['Witnesses said the defendant was beaten in Kazakh-', 'stan after his arrest and held in pre-trial custody.', 'Подсудимый заявил о пытках во время задер-', 'жания в Актау.'],
];

let dir: string;
beforeAll(() => {
  dir = tempDir('vigil-import-');
});

/** Everything an import could write: none of it may change when a file is rejected. */
function footprint(archive: Archive) {
  const count = (table: string) => archive.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  return ['records', 'revisions', 'blobs', 'blob_chunks', 'imported_files', 'audit', 'passages'].map((t) => [t, count(t)]);
}

async function storedBytes(archive: Archive, sha256: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of archive.attachments.read(sha256)) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('importing documents', () => {
  it('imports a PDF as a report: metadata, language, stated date, text searchable with its page, original kept byte for byte', async () => {
    const { archive } = await newArchive();
    const pdf = writeFixture(dir, 'aktau.pdf', await makePdf(trialPages, { title: 'Observation of the Aktau trial', author: 'Observer Mission' }));
    const [outcome] = await importFiles(archive, [pdf]);
    expect(outcome).toMatchObject({ status: 'imported', format: 'pdf' });
    const report = archive.records.get(outcome!.id!);
    expect(report.type).toBe('report');
    expect(report.data).toMatchObject({
      title: 'Observation of the Aktau trial',
      authors: ['Observer Mission'],
      language: 'en',
      published: { text: '11 January 2022', start: '2022-01-11', end: '2022-01-11' },
      imported: { file: 'aktau.pdf', format: 'pdf', pages: 2, textLayer: true },
    });

    // The word split at a line end is whole again, and found on page 2.
    const kz = archive.search.search({ query: 'Kazakhstan' });
    expect(kz.hits[0]).toMatchObject({ id: outcome!.id, anchor: { page: 2 } });
    const ru = archive.search.search({ query: 'задержания' });
    expect(ru.hits[0]).toMatchObject({ id: outcome!.id, anchor: { page: 2 } });
    expect(archive.search.search({ query: 'relatives courtroom' }).hits[0]).toMatchObject({ id: outcome!.id, anchor: { page: 1 } });

    const attachment = (report.data.attachments as { sha256: string; role: string; mime: string }[])[0]!;
    expect(attachment).toMatchObject({ role: 'original', mime: 'application/pdf' });
    expect((await storedBytes(archive, attachment.sha256)).equals(readFileSync(pdf))).toBe(true);
    const audit = archive.audit.list().filter((e) => e.action === 'import.file');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ file: 'aktau.pdf', sha256: attachment.sha256, format: 'pdf' });
    archive.close();
  });

  it('reports the same file imported again as a duplicate and writes nothing', async () => {
    const { archive } = await newArchive();
    const pdf = writeFixture(dir, 'twice.pdf', await makePdf(trialPages));
    const [first] = await importFiles(archive, [pdf]);
    const before = footprint(archive);
    const [again] = await importFiles(archive, [writeFixture(dir, 'renamed copy.pdf', readFileSync(pdf))]);
    expect(again).toMatchObject({ status: 'duplicate', id: first!.id });
    expect(footprint(archive)).toEqual(before);
    // The same bytes twice in one batch: the second is read while the first is written, and still found out.
    const [one, two] = await importFiles(archive, [
      writeFixture(dir, 'a.pdf', await makePdf([['Hearing in Aktau, first copy.']])),
      writeFixture(dir, 'b.pdf', readFileSync(join(dir, 'a.pdf'))),
    ]);
    expect(one).toMatchObject({ status: 'imported' });
    expect(two).toMatchObject({ status: 'duplicate', id: one!.id });
    // A one-page PDF's passages carry their page, as a longer one's do.
    expect(archive.search.search({ query: 'first copy' }).hits[0]).toMatchObject({ id: one!.id, anchor: { page: 1 } });
    // Once the record is deleted, the file may be imported again.
    archive.records.delete(first!.id!);
    expect((await importFiles(archive, [pdf]))[0]).toMatchObject({ status: 'imported' });
    archive.close();
  });

  it('detects Russian, takes the title from the file name when the document names none, and the date from its date line', async () => {
    const { archive } = await newArchive();
    const pdf = writeFixture(
      dir,
      'обзор_процесса.pdf',
      await makePdf([
        [
          'Суд над активистами в Актау продолжился 3 марта 2022 года.',
          'Актау, 5 марта 2022 г.',
          'Адвокат заявил, что его подзащитного избивали в полиции и что признание было получено под давлением.',
        ],
      ]),
    );
    const [outcome] = await importFiles(archive, [pdf]);
    expect(archive.records.get(outcome!.id!).data).toMatchObject({ title: 'обзор процесса', language: 'ru', published: { start: '2022-03-05' } });
    archive.close();
  });

  it('imports a scan with no text layer as a report flagged so, with its attachment', async () => {
    const { archive } = await newArchive();
    const scan = writeFixture(dir, 'scan.pdf', await makePdf([[], []], { imagesOnly: true }));
    const [outcome] = await importFiles(archive, [scan]);
    expect(outcome!.status).toBe('imported');
    const data = viewOfType(archive.records.get(outcome!.id!), 'report').data;
    // OCR read its blank pages and found nothing: still a scan without text, flagged so.
    expect(data).toMatchObject({
      imported: {
        textLayer: false,
        pages: 2,
        ocr: {
          pages: [
            { page: 1, confidence: 0 },
            { page: 2, confidence: 0 },
          ],
        },
      },
      tags: ['no-text-layer'],
    });
    expect(data.summary).toMatch(/OCR found no text/);
    expect(data.body).toBeUndefined();
    expect(archive.search.search({ query: 'tag:no-text-layer' }).hits.map((h) => h.id)).toEqual([outcome!.id]);
    archive.close();
  });

  it('imports a Word document with its headings as sections', async () => {
    const { archive } = await newArchive();
    const docx = writeFixture(
      dir,
      'notes.docx',
      await makeDocx(
        [
          { heading: 'Hearing of 12 April 2012' },
          'The judge refused the motion to exclude the confession.',
          { heading: 'Access to counsel', level: 2 },
          'The lawyer was not allowed to meet Zhaksybekov before the hearing.',
        ],
        'Trial notes, Aktau',
      ),
    );
    const [outcome] = await importFiles(archive, [docx]);
    expect(outcome).toMatchObject({ status: 'imported', format: 'docx' });
    expect(archive.records.get(outcome!.id!).data).toMatchObject({ title: 'Trial notes, Aktau', imported: { format: 'docx', textLayer: true } });
    const hit = archive.search.search({ query: 'Жаксыбеков lawyer' }).hits[0];
    expect(hit).toMatchObject({ id: outcome!.id, anchor: { section: 'Access to counsel' } });
    archive.close();
  });

  it('imports HTML as text only: no script, no remote resource, title from <title>', async () => {
    const { archive } = await newArchive();
    const html = writeFixture(
      dir,
      'page.html',
      `<!doctype html><html><head><title>Statement on the verdict</title><script>fetch('https://example.org/track?secret')</script><style>.x{}</style></head>
       <body><h1>Verdict</h1><p>The court sentenced the journalist to seven years.</p><img src="https://example.org/pixel.png"><script>document.write('trackingword')</script></body></html>`,
    );
    const [outcome] = await importFiles(archive, [html]);
    const data = viewOfType(archive.records.get(outcome!.id!), 'report').data;
    expect(data.title).toBe('Statement on the verdict');
    expect(data.body).toContain('The court sentenced the journalist to seven years.');
    expect(data.body).not.toMatch(/fetch|trackingword|example\.org/);
    expect(archive.search.search({ query: 'trackingword' }).total).toBe(0);
    archive.close();
  });

  it('imports Markdown and Windows-1251 text', async () => {
    const { archive } = await newArchive();
    const md = writeFixture(dir, 'brief.md', '# Briefing on Zhanaozen\n\nTwelve workers were detained in December 2011.\n');
    const txt = writeFixture(dir, 'письмо.txt', encode1251('Письмо из колонии: условия содержания ухудшились.'));
    const outcomes = await importFiles(archive, [md, txt]);
    expect(outcomes.map((o) => o.status)).toEqual(['imported', 'imported']);
    expect(archive.records.get(outcomes[0]!.id!).data).toMatchObject({ title: 'Briefing on Zhanaozen' });
    expect(archive.records.get(outcomes[1]!.id!).data).toMatchObject({ imported: { encoding: 'windows-1251' } });
    expect(archive.search.search({ query: 'колонии' }).hits[0]?.id).toBe(outcomes[1]!.id);
    archive.close();
  });
});

/** Windows-1251 bytes for Cyrillic text (Node can decode it but not encode it). */
function encode1251(text: string): Buffer {
  const decoder = new TextDecoder('windows-1251');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return Buffer.from([...text].map((ch) => table.get(ch) ?? 0x3f));
}

describe('importing spreadsheets', () => {
  it('maps Russian headers in a Windows-1251, semicolon-separated CSV to detainee fields', async () => {
    const { archive } = await newArchive();
    const csv = writeFixture(
      dir,
      'detainees-ru.csv',
      encode1251(
        'ФИО;Дата рождения;Дата ареста;Статья;Место содержания;Статус;Гражданство\r\nЖаксыбеков Руслан;1980;11.01.2022;ст. 174 ч. 2 УК РК;СИЗО Алматы;задержан;Казахстан\r\nИванова Анна;;январь 2022;272;;освобождена;\r\n',
      ),
    );
    const [outcome] = await importFiles(archive, [csv], { as: 'detainee' });
    expect(outcome).toMatchObject({ status: 'imported', format: 'csv' });
    expect(outcome!.ids).toHaveLength(2);
    const first = archive.records.get(outcome!.ids![0]!).data;
    expect(first).toMatchObject({
      title: 'Жаксыбеков Руслан',
      birth: { date: { text: '1980', start: '1980-01-01', end: '1980-12-31' } },
      arrests: [{ date: { text: '11.01.2022', start: '2022-01-11', end: '2022-01-11' } }],
      charges: [{ code: 'Criminal Code', article: '174', part: '2', citation: 'ст. 174 ч. 2 УК РК' }],
      custody: [{ place: 'СИЗО Алматы' }],
      status: 'detained',
      citizenship: ['Казахстан'],
    });
    expect(archive.records.get(outcome!.ids![1]!).data).toMatchObject({ status: 'released', arrests: [{ date: { text: 'январь 2022', start: '2022-01-01', end: '2022-01-31' } }] });
    expect(archive.search.search({ query: 'Zhaksybekov' }).hits[0]?.id).toBe(outcome!.ids![0]);
    // The file is audited once, with its rows counted; each record keeps its signed revision.
    expect(
      archive.audit
        .list()
        .filter((e) => e.action === 'import.file')
        .map((e) => e.detail),
    ).toEqual([expect.objectContaining({ file: 'detainees-ru.csv', format: 'csv', records: 2, rows: 2, type: 'detainee' })]);
    expect(archive.audit.list().filter((e) => e.action === 'record.create')).toHaveLength(0);
    expect(archive.records.history(outcome!.ids![0]!)).toHaveLength(1);
    archive.close();
  });

  it('reads XLSX with English headers and date cells, and month-first dates when told', async () => {
    const { archive } = await newArchive();
    const xlsx = writeFixture(
      dir,
      'detainees.xlsx',
      await makeXlsx([
        ['Full name', 'Date of arrest', 'Charges', 'Place of detention', 'Status', 'Notes'],
        ['Ruslan Zhaksybekov', new Date(Date.UTC(2022, 0, 11)), 'Article 174 part 2', 'Pre-trial centre, Almaty', 'detained', 'Held incommunicado for a week'],
        ['Anna Ivanova', '01/11/2022', 'Article 272', null, 'released', null],
      ]),
    );
    const [outcome] = await importFiles(archive, [xlsx], { as: 'detainee', dateOrder: 'mdy' });
    expect(outcome).toMatchObject({ status: 'imported', format: 'xlsx' });
    const [a, b] = outcome!.ids!.map((id) => archive.records.get(id).data);
    expect(a).toMatchObject({
      title: 'Ruslan Zhaksybekov',
      arrests: [{ date: { start: '2022-01-11' } }],
      charges: [{ article: '174', part: '2' }],
      summary: 'Held incommunicado for a week',
    });
    expect(b).toMatchObject({ arrests: [{ date: { text: '01/11/2022', start: '2022-01-11' } }] });
    // A longer sheet is handed on in slices and parts like a CSV's rows, in order, row numbers kept.
    const long = writeFixture(
      dir,
      'long.xlsx',
      await makeXlsx([['Name', 'Status'], ...Array.from({ length: 1200 }, (_, i) => [`Witness ${i}`, i === 1100 ? 'on holiday' : 'detained'])]),
    );
    const [refused] = await importFiles(archive, [long], { as: 'detainee' });
    expect(refused).toMatchObject({ status: 'rejected', error: expect.stringMatching(/^row 1102: /) });
    const good = writeFixture(dir, 'long-good.xlsx', await makeXlsx([['Name', 'Status'], ...Array.from({ length: 1200 }, (_, i) => [`Witness ${i}`, 'detained'])]));
    const [imported] = await importFiles(archive, [good], { as: 'detainee' });
    expect(imported!.ids!.map((id) => archive.records.get(id).data.title)).toEqual(Array.from({ length: 1200 }, (_, i) => `Witness ${i}`));
    archive.close();
  });

  it('refuses a cell read as JSON that names a prototype, naming its row, and writes nothing', async () => {
    const { archive } = await newArchive();
    const before = footprint(archive);
    const csv = writeFixture(dir, 'hostile-cell.csv', 'Name,Health\nFirst Person,"{""conditions"":[""asthma""]}"\nSecond Person,"{""__proto__"":{""to"":[""age1x""]}}"\n');
    const [outcome] = await importFiles(archive, [csv], { as: 'detainee' });
    expect(outcome).toMatchObject({ status: 'rejected', error: expect.stringMatching(/^row 3, column "Health": health: the cell holds a field named "__proto__"/) });
    expect(footprint(archive)).toEqual(before);
    expect(({} as Record<string, unknown>).to).toBeUndefined();
  });

  it('rejects the whole file when one row fails, naming the row, and writes nothing', async () => {
    const { archive } = await newArchive();
    const before = footprint(archive);
    const csv = writeFixture(dir, 'bad-row.csv', 'Name,Status\nFirst Person,detained\nSecond Person,detained\nThird Person,on holiday\n');
    const [outcome] = await importFiles(archive, [csv], { as: 'detainee' });
    expect(outcome!.status).toBe('rejected');
    expect(outcome!.error).toMatch(/^row 4: .*status: .*expected one of/);
    expect(footprint(archive)).toEqual(before);
    // Far down a long sheet, after earlier parts were already written: all of it rolls back.
    const rows = Array.from({ length: 2600 }, (_, i) => `Person ${i},${i === 2450 ? 'on holiday' : 'detained'}`);
    const long = writeFixture(dir, 'long-bad-row.csv', `Name,Status\n${rows.join('\n')}\n`);
    const [late] = await importFiles(archive, [long], { as: 'detainee' });
    expect(late).toMatchObject({ status: 'rejected', error: expect.stringMatching(/^row 2452: /) });
    expect(footprint(archive)).toEqual(before);
    expect(archive.db.inTransaction).toBe(false);
    // A file that cannot be parsed far down, after parts were written: the same.
    const broken = writeFixture(dir, 'long-broken.csv', `Name,Status\n${rows.slice(0, 2400).join('\n')}\nBroken "quote,detained\n`);
    const [unreadable] = await importFiles(archive, [broken], { as: 'detainee' });
    expect(unreadable).toMatchObject({ status: 'rejected', error: expect.stringMatching(/^the CSV file cannot be read: .*line 2402/) });
    expect(footprint(archive)).toEqual(before);
    expect(archive.db.inTransaction).toBe(false);
    const good = writeFixture(dir, 'long-good.csv', `Name,Status\n${rows.map((r) => r.replace('on holiday', 'released')).join('\n')}\n`);
    const copy = writeFixture(dir, 'long-good-copy.csv', readFileSync(good));
    // The copy streams in while the first is still being written, and is found out as a duplicate then.
    const [imported, again] = await importFiles(archive, [good, copy], { as: 'detainee' });
    expect(imported!.ids).toHaveLength(2600);
    expect(again).toMatchObject({ status: 'duplicate', ids: imported!.ids });
    expect(archive.search.search({ query: '"Person 2599"' }).hits[0]?.id).toBe(imported!.ids![2599]);
    archive.close();
  });

  it('takes columns chosen by hand (as data: a header may hold a comma), refuses a map naming a missing column, and a dry run writes nothing', async () => {
    const { archive } = await newArchive();
    const csv = writeFixture(dir, 'custom.csv', 'Person,Held at,"Remarks, if any"\nRuslan Zhaksybekov,Colony 156,moved in May\n');
    const before = footprint(archive);
    const [dry] = await importFiles(archive, [csv], {
      as: 'detainee',
      map: [
        { column: 'Person', field: 'title' },
        { column: 'Remarks, if any', field: null },
      ],
      dryRun: true,
    });
    expect(dry).toMatchObject({ status: 'checked', preview: { rows: 1, records: [{ title: 'Ruslan Zhaksybekov', custody: [{ place: 'Colony 156' }] }] } });
    expect(dry!.preview!.mapping!.map((m) => m.target)).toEqual(['title', 'custody.place', null]);
    expect(footprint(archive)).toEqual(before);
    const [missing] = await importFiles(archive, [csv], { as: 'detainee', map: [{ column: 'Nobody', field: 'title' }] });
    expect(missing).toMatchObject({ status: 'rejected', error: expect.stringMatching(/no column "Nobody"|names a column "Nobody"/) });
    const [noTitle] = await importFiles(archive, [csv], { as: 'detainee' });
    expect(noTitle).toMatchObject({ status: 'rejected', error: expect.stringMatching(/no column gives each detainee's name/) });
    expect(footprint(archive)).toEqual(before);
    archive.close();
  });

  it('finds the delimiter and reads quoted fields', async () => {
    expect(sniffDelimiter('a;b;c\n1;"x;y";3\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    const table = await readCsv(new TextEncoder().encode('\uFEFFName,Charges\n"Ivanov, Ivan","174, 272"\n'), importLimits);
    expect(table.headers).toEqual(['Name', 'Charges']);
    expect(table.rows[0]).toEqual({ number: 2, cells: ['Ivanov, Ivan', '174, 272'] });
  });
});

describe('reading a CSV file as it is parsed', () => {
  const field = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a,b', 'say "no"', 'line\nbreak', 'crlf\r\nhere', 'cr\ronly', '', 'Жақсыбеков'));
  const quoteField = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  const csvText = fc
    .tuple(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 40 }), fc.constantFrom('\n', '\r\n'))
    .map(([rows, end]) => `Name,Charges,Notes,Place${end}${rows.map((r) => r.map(quoteField).join(',')).join(end)}${end}`);

  it('gives the same rows and row numbers fed in small chunks as parsed whole', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.integer({ min: 1, max: 64 }), async (text, size) => {
        const bytes = new TextEncoder().encode(text);
        const whole = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as unknown as { record: string[]; info: { lines: number } }[];
        const table = await readCsv(bytes, importLimits, size);
        expect(table.rows.map((r) => r.number)).toEqual(
          whole
            .slice(1)
            .filter((r) => r.record.some((c) => c.trim() !== ''))
            .map((r) => r.info.lines),
        );
        expect(table).toEqual(await readCsv(bytes, importLimits, 1 << 30));
      }),
      { numRuns: 300 },
    );
  });

  it('names the line of a malformed row far into the file, counted from the top', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `Person ${i},detained`);
    const text = `Name,Status\n${rows.join('\n')}\nBroken "quote,here\n`;
    await expect(readCsv(new TextEncoder().encode(text), importLimits, 64)).rejects.toThrow(/the CSV file cannot be read: .*line 52/);
  });
});

describe('the extraction worker', () => {
  it('is kept after an import for the next one, and closed when unused for a while', async () => {
    const first = takeExtractionWorker();
    keepExtractionWorker(first, 60_000);
    expect(takeExtractionWorker()).toBe(first);
    keepExtractionWorker(first, 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(takeExtractionWorker()).not.toBe(first);
  });
});

describe('refusing bad files', () => {
  it('rejects each kind of damaged file with a reason and writes nothing, while good files in the same batch import', async () => {
    const { archive } = await newArchive();
    const good = await makePdf(trialPages);
    const bad = join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.pdf', '', /empty/],
      ['truncated.pdf', good.subarray(0, Math.floor(good.length / 3)), /damaged or truncated/],
      ['locked.pdf', await makePdf(trialPages, { userPassword: 'secret' }), /password-protected/],
      ['not-really.pdf', 'just some text pretending', /does not match its \.pdf extension: it is plain text/],
      ['report.docx', good, /does not match its \.docx extension: it is a PDF/],
      ['broken.docx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]), /not a valid ZIP/],
      ['bomb.docx', await makeZipBomb(), /zip bomb/],
      ['sheet.xlsx', await makeDocx(['a document, not a workbook']), /not a Excel \(XLSX\) file|no xl\/workbook\.xml/],
      ['notes.rtf', '{\\rtf1 hello}', /\.rtf cannot be imported/],
      ['binary.txt', Buffer.from([0, 1, 2, 3, 0, 0, 5, 6]), /does not match its \.txt extension/],
    ];
    const paths = cases.map(([name, content]) => writeFixture(bad, name, content));
    const goodPath = writeFixture(bad, 'good.pdf', good);
    const before = footprint(archive);
    const outcomes = await importFiles(archive, [...paths, join(bad, 'missing.pdf'), bad], { as: 'detainee' });
    cases.forEach(([name, , reason], i) => {
      expect(outcomes[i], name).toMatchObject({ status: 'rejected' });
      expect(outcomes[i]!.error, name).toMatch(reason);
    });
    expect(outcomes.at(-2)).toMatchObject({ status: 'rejected', error: expect.stringMatching(/cannot read the file \(ENOENT\)/) });
    expect(outcomes.at(-1)).toMatchObject({ status: 'rejected', error: 'not a file' });
    expect(footprint(archive)).toEqual(before);

    const tooBig = await importFiles(archive, [goodPath], { maxBytes: 1000 });
    expect(tooBig[0]).toMatchObject({ status: 'rejected', error: expect.stringMatching(/larger than the limit of 1000 bytes/) });
    expect(footprint(archive)).toEqual(before);

    const mixed = await importFiles(archive, [paths[1]!, goodPath, paths[2]!]);
    expect(mixed.map((o) => o.status)).toEqual(['rejected', 'imported', 'rejected']);
    archive.close();
  });

  it('abandons a file whose extraction exceeds the time limit, and previews a long spreadsheet (on the compiled worker)', () => {
    const archiveDir = join(tempDir(), 'archive');
    const pdf = join(dir, 'aktau.pdf');
    const dist = (p: string) => JSON.stringify(join(import.meta.dirname, '..', 'dist', 'db', ...p.split('/')));
    // Spreadsheets stream from the compiled worker in parts while they are written.
    const rows = Array.from({ length: 3500 }, (_, i) => `Person ${i},detained`);
    const goodSheet = writeFixture(dir, 'worker-good.csv', `Name,Status\n${rows.join('\n')}\n`);
    const badSheet = writeFixture(dir, 'worker-bad.csv', `Name,Status\n${rows.join('\n')}\nLast Person,on holiday\n`);
    const script = `
      const { createArchive } = await import(${dist('store/archive.js')});
      const { importFiles } = await import(${dist('import/import-files.js')});
      const { archive } = await createArchive(${JSON.stringify(archiveDir)}, ${JSON.stringify(passphrase)}, { kdf: { N: 16384, r: 8, p: 1 } });
      const slow = await importFiles(archive, [${JSON.stringify(pdf)}], { timeoutMs: 1 });
      const normal = await importFiles(archive, [${JSON.stringify(pdf)}]);
      // A dry run of a spreadsheet of several parts: its preview, not a reader left waiting.
      const [dry] = await importFiles(archive, [${JSON.stringify(goodSheet)}], { as: 'detainee', dryRun: true, timeoutMs: 20000 });
      const sheets = await importFiles(archive, [${JSON.stringify(badSheet)}, ${JSON.stringify(goodSheet)}], { as: 'detainee' });
      console.log(JSON.stringify({ slow: slow[0], normal: normal[0].status, dry: { status: dry.status, rows: dry.preview?.rows, error: dry.error }, sheets: sheets.map((o) => o.error ?? o.ids.length), records: archive.db.prepare('SELECT count(*) FROM records').pluck().get() }));
      archive.close();`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as {
      slow: { status: string; error: string };
      normal: string;
      dry: { status: string; rows: number };
      sheets: (string | number)[];
      records: number;
    };
    expect(result.dry).toEqual({ status: 'checked', rows: 3500 });
    expect(result.slow).toMatchObject({ status: 'rejected', error: expect.stringMatching(/took longer than/) });
    expect(result.normal).toBe('imported');
    expect(result.sheets).toEqual([expect.stringMatching(/^row 3502: /), 3500]);
    expect(result.records).toBe(3501);
  });
});

describe('the import method of the contract', () => {
  it('reports progress per file and returns the outcomes', async () => {
    const { dir: archiveDir, archive } = await newArchive();
    archive.close();
    const engine = createEngine({ checkResults: true });
    expect((await engine.call('archive.open', { dir: archiveDir, passphrase })).ok).toBe(true);
    const files = [writeFixture(dir, 'p1.md', '# One\n\nFirst.'), writeFixture(dir, 'p2.md', '# Two\n\nSecond.')];
    const events: Record<string, unknown>[] = [];
    const response = await engine.call('import.files', { paths: files }, { onProgress: (e) => events.push(e) });
    expect(response.ok && response.value.map((o) => o.status)).toEqual(['imported', 'imported']);
    expect(events.at(-1)).toMatchObject({ files: 2, filesDone: 2, current: null });
    expect(events.some((e) => e.current === files[1] && e.filesDone === 1)).toBe(true);
    const refused = await engine.call('import.files', { paths: [] });
    expect(refused.ok).toBe(false);
    engine.shutdown();
  });
});

describe('charges read from a spreadsheet cell', () => {
  it('keeps the part and item however they are written: "ч. 2", "part 2", "(2)" after the article, "п. 3", "(b)"', async () => {
    const { chargesOf } = await import('../db/import/column-fields.js');
    expect(chargesOf('art. 272(2)')).toEqual([{ article: '272', part: '2', citation: 'art. 272(2)' }]);
    expect(chargesOf('272(2)(b)')).toEqual([{ article: '272', part: '2', item: 'b', citation: '272(2)(b)' }]);
    expect(chargesOf('ст. 174 ч. 2 п. 3 УК РК')).toEqual([{ code: 'Criminal Code', article: '174', part: '2', item: '3', citation: 'ст. 174 ч. 2 п. 3 УК РК' }]);
    expect(chargesOf('Article 174, part 2; 272')).toEqual([
      { article: '174', part: '2', citation: 'Article 174, part 2' },
      { article: '272', citation: '272' },
    ]);
  });
});
