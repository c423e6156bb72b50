import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentStreamBomb, fontStreamBomb, manyPages } from './support/hostile-pdfs.js';
import { makePdf, writeFixture } from './support/import-fixtures.js';
import { passphrase, tempDir } from './support/temp-archive.js';

/** The importing process may not go past this, whatever the file. */
const maxRssBytes = 1024 ** 3;

interface ChildReport {
  overLimit?: boolean;
  outcomes?: { file: string; status: string; error?: string }[][];
  unchanged?: boolean;
  peakRss: number;
}

/**
 * Imports batches of files in a child process through the compiled extraction worker (the one
 * with limits), watching the child's own memory: past the ceiling it stops at once, so that a
 * file that escapes the limits fails the test instead of exhausting the machine.
 */
function importInChild(batches: { paths: string[]; timeoutMs?: number }[]): ChildReport {
  const archiveDir = join(tempDir(), 'archive');
  const dist = (p: string) => JSON.stringify(join(import.meta.dirname, '..', 'dist', 'db', ...p.split('/')));
  const script = `
    const { createArchive } = await import(${dist('store/archive.js')});
    const { importFiles } = await import(${dist('import/import-files.js')});
    const { archive } = await createArchive(${JSON.stringify(archiveDir)}, ${JSON.stringify(passphrase)}, { kdf: { N: 16384, r: 8, p: 1 } });
    let peakRss = 0;
    const watch = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (peakRss > ${maxRssBytes}) {
        console.log(JSON.stringify({ overLimit: true, peakRss }));
        process.exit(0);
      }
    }, 5);
    const footprint = () => JSON.stringify(['records', 'revisions', 'blobs', 'blob_chunks', 'imported_files', 'audit', 'passages'].map((t) => archive.db.prepare('SELECT count(*) FROM ' + t).pluck().get()));
    const before = footprint();
    const outcomes = [];
    let unchanged = true;
    for (const batch of ${JSON.stringify(batches)}) {
      const start = footprint();
      const out = await importFiles(archive, batch.paths, batch.timeoutMs ? { timeoutMs: batch.timeoutMs } : {});
      if (out.every((o) => o.status === 'rejected')) unchanged &&= footprint() === start;
      outcomes.push(out.map(({ file, status, error }) => ({ file: file.split('/').pop(), status, error })));
    }
    clearInterval(watch);
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    archive.close();
    console.log(JSON.stringify({ outcomes, unchanged, peakRss }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as ChildReport;
}

describe('hostile PDFs', () => {
  it('refuses flate bombs (a content stream, a font) for the memory they need, keeps the process under 1 GB, and still imports a long PDF after them', async () => {
    const dir = tempDir('vigil-hostile-');
    // About 3 MB each, inflating to 3 GB of zeros; one with a wrong checksum, which pdf.js inflates twice.
    const bombs = [
      writeFixture(dir, 'content-bomb.pdf', contentStreamBomb(3000)),
      writeFixture(dir, 'content-bomb-bad-checksum.pdf', contentStreamBomb(3000, { badChecksum: true })),
      writeFixture(dir, 'font-bomb.pdf', fontStreamBomb(3000)),
    ];
    const longPages = Array.from({ length: 300 }, (_, p) => [`Page ${p + 1} of the observation report.`, 'The defendant said his confession was obtained under duress.']);
    const long = writeFixture(dir, 'long-report.pdf', await makePdf(longPages, { title: 'Observation report' }));
    // A large stream that is not a bomb: a page whose content inflates to 32 MB.
    const large = writeFixture(dir, 'large-content.pdf', contentStreamBomb(32));

    const report = importInChild([{ paths: bombs }, { paths: [long, large] }]);
    expect(report.overLimit).toBeUndefined();
    expect(report.peakRss).toBeLessThan(maxRssBytes);
    const [refused, imported] = report.outcomes!;
    for (const outcome of refused!) {
      expect(outcome, outcome.file).toMatchObject({ status: 'rejected', error: 'reading the file needed more memory than allowed: it was abandoned' });
    }
    expect(report.unchanged).toBe(true);
    expect(imported!.map((o) => o.status)).toEqual(['imported', 'imported']);
  });

  it('abandons a PDF of tens of thousands of pages at the time limit, within the memory limit', () => {
    const pages = writeFixture(tempDir('vigil-hostile-'), 'pages.pdf', manyPages(30_000));
    const report = importInChild([{ paths: [pages], timeoutMs: 5000 }]);
    expect(report.overLimit).toBeUndefined();
    expect(report.peakRss).toBeLessThan(maxRssBytes);
    expect(report.outcomes![0]).toEqual([{ file: 'pages.pdf', status: 'rejected', error: 'reading the file took longer than 5 s: it was abandoned' }]);
    expect(report.unchanged).toBe(true);
  });
});
