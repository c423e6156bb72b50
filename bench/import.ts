import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import PDFDocument from 'pdfkit';
import { extractPdf } from '../db/import/extract-pdf.js';
import { importFiles } from '../db/import/import-files.js';
import { createArchive } from '../db/store/archive.js';
import { seededRandom } from './synthetic-records.js';

/**
 * `npm run bench:import`: imports a generated set — small PDFs, long PDFs (100+ pages) and a
 * spreadsheet of detainees — into an encrypted archive, and prints files/s, MB/s of PDF,
 * rows/s and peak memory. Baselines in the same process: pdf.js reading the same PDFs with
 * nothing stored, and csv-parse reading the same rows.
 */
const { values } = parseArgs({ options: { small: { type: 'string', default: '1000' }, large: { type: 'string', default: '20' }, pages: { type: 'string', default: '120' }, rows: { type: 'string', default: '10000' } } });
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-import-'));
const random = seededRandom(11);
const sentences = [
  'The defendant stated that his confession had been obtained under duress during the first days of detention.',
  'Observers were not admitted to the courtroom on the second day of the hearing, and relatives waited outside.',
  'The lawyer requested that the testimony of the anonymous witness be excluded; the judge refused the motion.',
  'Interpretation into Kazakh was provided only for part of the proceedings, contrary to the defendant’s request.',
  'Подсудимый заявил, что признательные показания были получены под давлением в первые дни задержания.',
  'Адвокат ходатайствовал об исключении показаний засекреченного свидетеля, однако суд отклонил ходатайство.',
];
const font = join(import.meta.dirname, '..', '..', 'node_modules', 'pdfjs-dist', 'standard_fonts', 'LiberationSans-Regular.ttf');

function makePdf(pages: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ autoFirstPage: false, info: { Title: `Monitoring report ${Math.floor(random() * 1e9)}` } });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.registerFont('body', font);
    for (let p = 0; p < pages; p++) {
      doc.addPage({ size: 'A4', margin: 50 });
      doc.font('body').fontSize(10);
      const text = Array.from({ length: 14 }, () => sentences[Math.floor(random() * sentences.length)]).join(' ');
      doc.text(`${p + 1}. ${text}`, { width: 495 });
    }
    doc.end();
  });
}

const peak = { rss: 0 };
const sample = () => (peak.rss = Math.max(peak.rss, process.memoryUsage().rss));
const sampler = setInterval(sample, 20);

try {
  const smallCount = Number(values.small);
  const largeCount = Number(values.large);
  const pagesPerLarge = Number(values.pages);
  const rowCount = Number(values.rows);
  process.stderr.write(`generating ${smallCount} small PDFs, ${largeCount} of ${pagesPerLarge} pages, ${rowCount} rows…\n`);
  mkdirSync(join(dir, 'small'));
  mkdirSync(join(dir, 'large'));
  const small: string[] = [];
  for (let i = 0; i < smallCount; i++) {
    const path = join(dir, 'small', `note-${i}.pdf`);
    writeFileSync(path, await makePdf(1 + (i % 2)));
    small.push(path);
  }
  const large: string[] = [];
  for (let i = 0; i < largeCount; i++) {
    const path = join(dir, 'large', `report-${i}.pdf`);
    writeFileSync(path, await makePdf(pagesPerLarge));
    large.push(path);
  }
  const surnames = ['Zhaksybekov', 'Ablyazov', 'Akhmetova', 'Tleuzhan', 'Nurpeisova', 'Массимов', 'Джумабаев', 'Тоқаев'];
  const csvLines = ['ФИО;Дата рождения;Дата ареста;Статья;Место содержания;Статус;Примечание'];
  for (let i = 0; i < rowCount; i++) {
    csvLines.push(
      `${surnames[i % surnames.length]} ${i};${1950 + (i % 50)};${1 + (i % 28)}.0${1 + (i % 9)}.2022;ст. ${[174, 272, 241][i % 3]} ч. ${1 + (i % 3)} УК РК;СИЗО ${['Алматы', 'Актау', 'Астана'][i % 3]};${['задержан', 'освобожден', 'осужден'][i % 3]};"${sentences[i % sentences.length]}"`,
    );
  }
  const csv = join(dir, 'detainees.csv');
  writeFileSync(csv, csvLines.join('\n'));
  const mb = (paths: string[]) => paths.reduce((n, p) => n + statSync(p).size, 0) / 1e6;

  // Baselines: reading alone, nothing stored.
  let t = performance.now();
  for (const p of small.slice(0, 200)) await extractPdf(p);
  const baseSmallPerS = 200 / ((performance.now() - t) / 1000);
  t = performance.now();
  for (const p of large.slice(0, 5)) await extractPdf(p);
  const baseLargeMbS = mb(large.slice(0, 5)) / ((performance.now() - t) / 1000);
  t = performance.now();
  parse(readFileSync(csv, 'utf8'), { delimiter: ';', info: true });
  const baseRowsPerS = rowCount / ((performance.now() - t) / 1000);

  const { archive } = await createArchive(join(dir, 'archive'), 'benchmark passphrase');
  peak.rss = 0;
  t = performance.now();
  const smallOut = await importFiles(archive, small);
  const smallS = (performance.now() - t) / 1000;
  t = performance.now();
  const largeOut = await importFiles(archive, large);
  const largeS = (performance.now() - t) / 1000;
  t = performance.now();
  const rowsOut = await importFiles(archive, [csv], { as: 'detainee' });
  const rowsS = (performance.now() - t) / 1000;
  sample();
  const failures = [...smallOut, ...largeOut, ...rowsOut].filter((o) => o.status !== 'imported');
  if (failures.length) throw new Error(`${failures.length} files not imported: ${failures[0]!.error}`);
  const found = archive.search.search({ query: 'засекреченного свидетеля' }).total;
  archive.close();

  const figures = {
    small_pdfs_per_s: smallCount / smallS,
    pdf_mb_per_s: mb(large) / largeS,
    rows_per_s: rowCount / rowsS,
    peak_rss_mb: peak.rss / 1e6,
  };
  const r = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  console.log(`${smallCount} small PDFs (${r(mb(small))} MB), ${largeCount} PDFs of ${pagesPerLarge} pages (${r(mb(large))} MB), ${rowCount} CSV rows; ${found} records found afterwards for one query`);
  console.log(`figure                 imported   reading only (baseline)   ratio   target`);
  console.log(`small PDFs per second  ${r(figures.small_pdfs_per_s).toString().padEnd(10)} ${r(baseSmallPerS).toString().padEnd(25)} ${r(figures.small_pdfs_per_s / baseSmallPerS, 2).toString().padEnd(7)} ≥ 20`);
  console.log(`MB/s of long PDFs      ${r(figures.pdf_mb_per_s, 2).toString().padEnd(10)} ${r(baseLargeMbS, 2).toString().padEnd(25)} ${r(figures.pdf_mb_per_s / baseLargeMbS, 2).toString().padEnd(7)} ≥ 5`);
  console.log(`rows per second        ${r(figures.rows_per_s, 0).toString().padEnd(10)} ${r(baseRowsPerS, 0).toString().padEnd(25)} ${r(figures.rows_per_s / baseRowsPerS, 3).toString().padEnd(7)} ≥ 5000`);
  console.log(`peak RSS while importing: ${r(figures.peak_rss_mb, 0)} MB (target < 500)`);
  console.log(JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, r(v, 2)]))));
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
