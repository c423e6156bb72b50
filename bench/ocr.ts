import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importFiles } from '../db/import/import-files.js';
import { findLanguageData, ocrLanguages } from '../db/ocr/language-data.js';
import { createArchive } from '../db/store/archive.js';
import { characterAccuracy, englishParagraphs, makeScan, makeScannedPdf, makeTiff, russianKazakhParagraphs, type Scan } from './scan-pages.js';

/**
 * `npm run bench:ocr`: 20 generated A4 pages at 300 dpi (half Russian with Kazakh, half
 * English), read by Vigil's import (a 20-page deflated TIFF into an encrypted archive: OCR on both
 * cores, orientation, writing, indexing) and, in the same run, by Debian's `tesseract` command
 * on the same pages as PNG with the same language data: one process per core, one thread each
 * (OpenMP's threads are slower on two cores), `--psm 1` (orientation and layout, as Vigil does).
 * Prints pages per second, peak memory and character accuracy of each, and the ratios.
 */
const { values } = parseArgs({ options: { pages: { type: 'string', default: '20' }, 'import-into': { type: 'string' }, file: { type: 'string' } } });
const pageCount = Number(values.pages);

// Internal: the import runs in a child process, so that its peak memory is its own, not the generated pages'.
if (values['import-into']) {
  const work = values['import-into'];
  const { archive } = await createArchive(join(work, `archive-${values.file ?? 'scan.tiff'}`), 'benchmark passphrase');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const file = values.file ?? 'scan.tiff';
  const [outcome] = await importFiles(archive, [join(work, file)]);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (outcome?.status !== 'imported') throw new Error(`the scan was not imported: ${outcome?.error}`);
  const body = (archive.records.get(outcome.id!).data as { body: string }).body;
  archive.close();
  writeFileSync(join(work, `${file}.json`), JSON.stringify({ seconds, peakRss, pages: body.split('\f') }));
  process.exit(0);
}
const data = findLanguageData();
if (!data.dir || data.missing.length) {
  console.error(`bench:ocr needs the language data in dist/tessdata (missing: ${data.missing.join(', ') || 'all'}): install tesseract-ocr-rus, then npm run build`);
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'vigil-bench-ocr-'));

// Full pages: the paragraphs repeated until the page is full, each page a little different.
const pages: Scan[] = [];
for (let i = 0; i < pageCount; i++) {
  const source = i % 2 === 0 ? russianKazakhParagraphs : englishParagraphs;
  const paragraphs = Array.from({ length: 9 }, (_, k) => source[(i + k) % source.length]!);
  pages.push(makeScan(paragraphs, { noise: i % 4 === 3 ? 0.005 : 0, seed: i + 1 }));
}
const pngs = pages.map((page, i) => {
  const file = join(work, `page-${String(i + 1).padStart(2, '0')}.png`);
  writeFileSync(file, page.image);
  return file;
});
const tiff = join(work, 'scan.tiff');
// Deflated, as scanners write TIFF: the pages are what is measured, not a file of 174 MB held in memory.
writeFileSync(tiff, makeTiff(pages, { deflate: true }));
const meanAccuracy = (texts: string[]) => texts.reduce((sum, text, i) => sum + characterAccuracy(pages[i]!.text, text), 0) / texts.length;

// Vigil: the import of the whole scan, as a monitor would run it, in a process of its own;
// the same pages as an image-only PDF too (drawn by pdf.js before they are read).
writeFileSync(join(work, 'scan.pdf'), await makeScannedPdf(pages));
async function importInChild(file: string): Promise<{ seconds: number; peakRss: number; pages: string[] }> {
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, [fileURLToPath(import.meta.url), '--import-into', work, '--file', file], { stdio: 'inherit' }).on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the import exited with ${code}`)),
    ),
  );
  return JSON.parse(readFileSync(join(work, `${file}.json`), 'utf8')) as { seconds: number; peakRss: number; pages: string[] };
}
const vigil = await importInChild('scan.tiff');
const vigilSeconds = vigil.seconds;
const peakRss = vigil.peakRss;
const vigilAccuracy = meanAccuracy(vigil.pages);
const fromPdf = await importInChild('scan.pdf');

// The command: the pages split between one process per core.
const commandStarted = performance.now();
const commandTexts: string[] = new Array(pageCount);
let commandPeakKb = 0;
const cores = 2;
await Promise.all(
  Array.from({ length: cores }, async (_, core) => {
    for (let i = core; i < pageCount; i += cores) {
      const out = join(work, `cli-${i}`);
      await new Promise<void>((resolve, reject) => {
        const child = spawn('tesseract', [pngs[i]!, out, '--tessdata-dir', data.dir!, '-l', ocrLanguages.join('+'), '--psm', '1', '--oem', '1'], {
          env: { ...process.env, OMP_THREAD_LIMIT: '1' },
          stdio: 'ignore',
        });
        const watch = setInterval(() => {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
            commandPeakKb = Math.max(commandPeakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
          } catch {
            // Ended between two readings.
          }
        }, 20);
        child.on('error', reject);
        child.on('exit', (code) => {
          clearInterval(watch);
          if (code === 0) resolve();
          else reject(new Error(`tesseract exited with ${code}`));
        });
      });
      commandTexts[i] = readFileSync(`${out}.txt`, 'utf8');
    }
  }),
);
const commandSeconds = (performance.now() - commandStarted) / 1000;
const commandAccuracy = meanAccuracy(commandTexts);
rmSync(work, { recursive: true, force: true });

const vigilRate = pageCount / vigilSeconds;
const commandRate = pageCount / commandSeconds;
const mb = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MB`;
console.log(`bench:ocr: ${pageCount} pages, A4 at 300 dpi, ${ocrLanguages.join('+')}, language data ${data.dir}`);
console.log(
  `  Vigil import (2 threads)      ${vigilSeconds.toFixed(1)} s  ${vigilRate.toFixed(2)} pages/s  peak ${mb(peakRss)} RSS  accuracy ${(vigilAccuracy * 100).toFixed(2)} %`,
);
console.log(
  `  tesseract command (2 × 1)     ${commandSeconds.toFixed(1)} s  ${commandRate.toFixed(2)} pages/s  peak ${mb(commandPeakKb * 1024)} RSS per process  accuracy ${(commandAccuracy * 100).toFixed(2)} %`,
);
console.log(
  `  Vigil import of a scanned PDF   ${fromPdf.seconds.toFixed(1)} s  ${(pageCount / fromPdf.seconds).toFixed(2)} pages/s  peak ${mb(fromPdf.peakRss)} RSS  accuracy ${(meanAccuracy(fromPdf.pages) * 100).toFixed(2)} %`,
);
console.log(
  `  ratio: ${(vigilRate / commandRate).toFixed(2)}× the command's pages/s (target ≥ 0.7×); accuracy ${((vigilAccuracy - commandAccuracy) * 100).toFixed(2)} points (target within 1); peak ${mb(peakRss)} (target ≤ 600 MB)`,
);
