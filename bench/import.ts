import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import PDFDocument from 'pdfkit';
import { extractPdf } from '../db/import/extract-pdf.js';
import { takeExtractionWorker } from '../db/import/extraction-worker.js';
import { importFiles } from '../db/import/import-files.js';
import { createArchive } from '../db/store/archive.js';
import { seededRandom } from './synthetic-records.js';

/**
 * `npm run bench:import`: imports a generated set — small PDFs, long PDFs (100+ pages) and a
 * spreadsheet of detainees — into an encrypted archive, and prints files/s, MB/s of PDF,
 * rows/s and the importing process's peak memory (it runs as a child process of its own). Baselines: pdf.js reading the same PDFs with
 * nothing stored, and csv-parse reading the same rows.
 */
const { values } = parseArgs({
  options: {
    small: { type: 'string', default: '1000' },
    large: { type: 'string', default: '20' },
    pages: { type: 'string', default: '120' },
    rows: { type: 'string', default: '10000' },
    // Internal: the import itself runs in a child process, so its peak memory is its own.
    'import-into': { type: 'string' },
  },
});

if (values['import-into']) {
  await importInChild(values['import-into']);
  process.exit(0);
}

/** Imports the generated sets into a new archive and prints one JSON line of timings and peak memory. */
async function importInChild(dir: string): Promise<void> {
  const list = (sub: string) =>
    readdirSync(join(dir, sub))
      .sort()
      .map((f) => join(dir, sub, f));
  const { archive } = await createArchive(join(dir, 'archive'), 'benchmark passphrase');
  // Sampled while importing: the process's peak before that is the key derivation at unlock.
  let peakRss = 0;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const sampler = setInterval(sample, 10);
  const timed = async (paths: string[], options = {}) => {
    const t = performance.now();
    const out = await importFiles(archive, paths, options);
    const failures = out.filter((o) => o.status !== 'imported');
    if (failures.length) throw new Error(`${failures.length} files not imported: ${failures[0]!.error}`);
    return (performance.now() - t) / 1000;
  };
  const smallS = await timed(list('small'));
  const largeS = await timed(list('large'));
  // As part of the set: the worker that read the PDFs is still there (an import keeps it for the next).
  const rowsS = await timed([join(dir, 'detainees.csv')], { as: 'detainee' });
  // A spreadsheet imported on its own, by a worker started for it.
  await takeExtractionWorker().close();
  const rowsAloneS = await timed([join(dir, 'detainees-alone.csv')], { as: 'detainee' });
  sample();
  clearInterval(sampler);
  const found = archive.search.search({ query: 'засекреченного свидетеля' }).total;
  archive.close();
  // RSS covers the worker threads too: they share the process.
  console.log(JSON.stringify({ smallS, largeS, rowsS, rowsAloneS, found, peakRssMb: peakRss / 1e6, lifetimePeakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6 }));
}

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
const fonts = join(import.meta.dirname, '..', '..', 'node_modules', 'pdfjs-dist', 'standard_fonts');
const font = join(fonts, 'LiberationSans-Regular.ttf');
const boldFont = join(fonts, 'LiberationSans-Bold.ttf');

/** A report-like PDF: a heading and about 3 KB of body text per page (a dense A4 page at 10 pt), a footer line. */
function makePdf(pages: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ autoFirstPage: false, info: { Title: `Monitoring report ${Math.floor(random() * 1e9)}` } });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.registerFont('body', font);
    doc.registerFont('heading', boldFont);
    for (let p = 0; p < pages; p++) {
      doc.addPage({ size: 'A4', margin: 50 });
      doc
        .font('heading')
        .fontSize(13)
        .text(`${p + 1}. Hearing of ${10 + (p % 18)} March 2022`, { width: 495 });
      doc.font('body').fontSize(9.5);
      for (let para = 0; para < 5; para++) {
        doc.text(Array.from({ length: 6 }, () => sentences[Math.floor(random() * sentences.length)]).join(' '), { width: 495, paragraphGap: 4 });
      }
      doc.fontSize(8).text(`Trial monitoring report — page ${p + 1}`, 50, 800, { width: 495, lineBreak: false });
    }
    doc.end();
  });
}

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
  // The same rows under other names, so that it is not a duplicate of the first.
  writeFileSync(join(dir, 'detainees-alone.csv'), csvLines.map((line, i) => (i ? `Second ${line}` : line)).join('\n'));
  const mb = (paths: string[]) => paths.reduce((n, p) => n + statSync(p).size, 0) / 1e6;

  // Baselines: reading alone, nothing stored.
  let t = performance.now();
  for (const p of small.slice(0, 200)) await extractPdf(p);
  const baseSmallPerS = 200 / ((performance.now() - t) / 1000);
  t = performance.now();
  for (const p of large.slice(0, 5)) await extractPdf(p);
  const baseLargeS = (performance.now() - t) / 1000;
  const baseLargeMbS = mb(large.slice(0, 5)) / baseLargeS;
  const basePagesPerS = (Math.min(5, largeCount) * pagesPerLarge) / baseLargeS;
  t = performance.now();
  parse(readFileSync(csv, 'utf8'), { delimiter: ';', info: true });
  const baseRowsPerS = rowCount / ((performance.now() - t) / 1000);

  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--import-into', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`the import child failed (exit ${child.status})`);
  const { smallS, largeS, rowsS, rowsAloneS, found, peakRssMb, lifetimePeakRssMb } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, number>;

  const figures = {
    small_pdfs_per_s: smallCount / smallS!,
    pdf_mb_per_s: mb(large) / largeS!,
    rows_per_s: rowCount / rowsS!,
    peak_rss_mb: peakRssMb!,
  };
  const r = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  console.log(
    `${smallCount} small PDFs (${r(mb(small))} MB), ${largeCount} PDFs of ${pagesPerLarge} pages (${r(mb(large))} MB), ${rowCount} CSV rows; ${found} records found afterwards for one query`,
  );
  console.log(`figure                 imported   reading only (baseline)   ratio   target`);
  console.log(
    `small PDFs per second  ${r(figures.small_pdfs_per_s).toString().padEnd(10)} ${r(baseSmallPerS).toString().padEnd(25)} ${r(figures.small_pdfs_per_s / baseSmallPerS, 2)
      .toString()
      .padEnd(7)} ≥ 20`,
  );
  console.log(
    `MB/s of long PDFs      ${r(figures.pdf_mb_per_s, 2).toString().padEnd(10)} ${r(baseLargeMbS, 2).toString().padEnd(25)} ${r(figures.pdf_mb_per_s / baseLargeMbS, 2)
      .toString()
      .padEnd(7)} ≥ 5`,
  );
  console.log(
    `pages per second       ${r((largeCount * pagesPerLarge) / largeS!, 0)
      .toString()
      .padEnd(10)} ${r(basePagesPerS, 0).toString().padEnd(25)} (long PDFs, ~3 KB of text a page)`,
  );
  console.log(
    `rows per second        ${r(figures.rows_per_s, 0).toString().padEnd(10)} ${r(baseRowsPerS, 0).toString().padEnd(25)} ${r(figures.rows_per_s / baseRowsPerS, 3)
      .toString()
      .padEnd(7)} ≥ 5000`,
  );
  console.log(`rows per second, the spreadsheet imported alone (a worker started for it): ${r(rowCount / rowsAloneS!, 0)}`);
  console.log(
    `peak RSS of the importing process while importing: ${r(figures.peak_rss_mb, 0)} MB (target < 500); its lifetime peak, with the key derivation at unlock: ${r(lifetimePeakRssMb!, 0)} MB`,
  );
  console.log(JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, r(v, 2)]))));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
