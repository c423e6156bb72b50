import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, type ImportProgress } from '../db/import/import-files.js';
import { viewOfType } from '../db/shared/record-views.js';
import type { Archive } from '../db/store/archive.js';
import { writeFixture } from './support/import-fixtures.js';
import { characterAccuracy, englishParagraphs, makeScan, makeScannedPdf, makeTiff, russianKazakhParagraphs } from '../bench/scan-pages.js';
import { newArchive, passphrase, tempDir } from './support/temp-archive.js';
import { vigil } from './support/run-cli.js';

/**
 * OCR on import, with scans the tests make: pages set in Russian with Kazakh letters and in
 * English, rasterised at 300 dpi, with noise and turns, as PNG, JPEG, multi-page TIFF and
 * image-only PDFs. Read by the real engine (Tesseract in WebAssembly) with the language data
 * the build gathered.
 */
let dir: string;
beforeAll(() => {
  dir = tempDir('vigil-ocr-');
});

const savedTessdata = process.env.VIGIL_TESSDATA;
function restoreLanguageData() {
  if (savedTessdata === undefined) delete process.env.VIGIL_TESSDATA;
  else process.env.VIGIL_TESSDATA = savedTessdata;
}
afterEach(restoreLanguageData);

/** The engine pointed at an empty folder of language data, as on a machine where it is missing. */
function withoutLanguageData(name: string) {
  const empty = join(dir, name);
  mkdirSync(empty, { recursive: true });
  process.env.VIGIL_TESSDATA = empty;
}

function footprint(archive: Archive) {
  const count = (table: string) => archive.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  return ['records', 'revisions', 'blobs', 'blob_chunks', 'imported_files', 'audit', 'passages'].map((t) => [t, count(t)]);
}

function report(archive: Archive, id: string) {
  return viewOfType(archive.records.get(id), 'report').data as Record<string, unknown> & {
    body?: string;
    tags?: string[];
    summary?: string;
    imported: { textLayer: boolean; format: string; pages?: number; ocr?: { languages: string[]; pages: { page: number; confidence: number; turned?: number }[] } };
  };
}

describe('OCR on import', () => {
  it('reads an image-only PDF in Russian with Kazakh and in English: text ≥ 95 % right, found by search on its page, marked with its confidence', async () => {
    const { archive } = await newArchive();
    const russian = makeScan(russianKazakhParagraphs);
    const english = makeScan(englishParagraphs);
    const pdf = writeFixture(dir, 'приговор-скан.pdf', await makeScannedPdf([russian, english]));
    const progress: ImportProgress[] = [];
    const [outcome] = await importFiles(archive, [pdf], { onProgress: (p) => progress.push(p) });
    expect(outcome).toMatchObject({ status: 'imported', ocr: { pages: 2, lowConfidence: [] } });
    expect(outcome!.warning).toBeUndefined();
    const data = report(archive, outcome!.id!);
    expect(data.imported).toMatchObject({ format: 'pdf', pages: 2, textLayer: false, ocr: { languages: ['rus', 'kaz', 'eng'] } });
    expect(data.imported.ocr!.pages.map((p) => p.page)).toEqual([1, 2]);
    for (const page of data.imported.ocr!.pages) expect(page.confidence).toBeGreaterThanOrEqual(80);
    expect(data.tags ?? []).not.toContain('no-text-layer');
    const [page1, page2] = data.body!.split('\f');
    expect(characterAccuracy(russian.text, page1!)).toBeGreaterThanOrEqual(0.95);
    expect(characterAccuracy(english.text, page2!)).toBeGreaterThanOrEqual(0.95);

    // Progress page by page: 0 of 2, 1 of 2, 2 of 2.
    expect(progress.filter((p) => p.pages === 2).map((p) => p.pagesDone)).toEqual([0, 1, 2]);

    // Words found on their own page, the passage marked as read by OCR.
    for (const [query, page] of [
      ['Zhanaozen', 1],
      ['бақылаушыларға', 1],
      ['құқық қорғаушылар', 1],
      ['incommunicado', 2],
      ['asylum-seekers', 2],
    ] as const) {
      const hit = archive.search.search({ query }).hits.find((h) => h.id === outcome!.id);
      expect(hit, query).toBeDefined();
      expect(hit!.anchor, query).toMatchObject({ page, ocr: expect.any(Number) });
    }
    archive.close();
  });

  it('reads only the pages without text of a PDF that mixes typed and scanned pages', async () => {
    const { archive } = await newArchive();
    const scan = makeScan(englishParagraphs.slice(2));
    const pdf = writeFixture(dir, 'mixed.pdf', await makeScannedPdf([['Letter of the prison administration, 4 April 2022.', 'The detainee was examined by a doctor.'], scan]));
    const [outcome] = await importFiles(archive, [pdf]);
    const data = report(archive, outcome!.id!);
    expect(data.imported).toMatchObject({ pages: 2, textLayer: true });
    expect(data.imported.ocr!.pages.map((p) => p.page)).toEqual([2]);
    expect(data.body).toMatch(/examined by a doctor/);
    expect(archive.search.search({ query: 'incommunicado' }).hits[0]!.anchor).toMatchObject({ page: 2 });
    expect(archive.search.search({ query: 'doctor' }).hits[0]!.anchor.ocr).toBeUndefined();
    archive.close();
  });

  it('turns an upside-down noisy photo and a sideways JPEG upright before reading them', async () => {
    const { archive } = await newArchive();
    const upsideDown = makeScan(russianKazakhParagraphs.slice(0, 2), { quarterTurns: 2, noise: 0.01, skewDegrees: 1 });
    const sideways = makeScan(englishParagraphs.slice(0, 2), { quarterTurns: 1, format: 'jpeg' });
    const png = writeFixture(dir, 'photo.png', upsideDown.image);
    const jpeg = writeFixture(dir, 'photo.jpg', sideways.image);
    const [fromPng, fromJpeg] = await importFiles(archive, [png, jpeg]);
    const a = report(archive, fromPng!.id!);
    expect(a.imported).toMatchObject({ format: 'png', pages: 1, textLayer: false, ocr: { pages: [{ page: 1, turned: 2 }] } });
    expect(characterAccuracy(upsideDown.text, a.body!)).toBeGreaterThanOrEqual(0.9);
    const b = report(archive, fromJpeg!.id!);
    expect(b.imported).toMatchObject({ format: 'jpeg', ocr: { pages: [{ page: 1, turned: 3 }] } });
    expect(characterAccuracy(sideways.text, b.body!)).toBeGreaterThanOrEqual(0.95);
    expect(archive.search.search({ query: 'подсудимые' }).hits.map((h) => h.id)).toEqual([fromPng!.id]);
    archive.close();
  });

  it('reads every page of a multi-page TIFF, keeping the original byte for byte', async () => {
    const { archive } = await newArchive();
    const pages = [makeScan(englishParagraphs.slice(0, 1), { dpi: 200 }), makeScan(russianKazakhParagraphs.slice(2), { dpi: 200 })];
    const tiffBytes = makeTiff(pages);
    const tiff = writeFixture(dir, 'fax.tiff', tiffBytes);
    const [outcome] = await importFiles(archive, [tiff]);
    const data = report(archive, outcome!.id!);
    expect(data.imported).toMatchObject({ format: 'tiff', pages: 2 });
    expect(archive.search.search({ query: 'бақылаушыларға' }).hits[0]!.anchor).toMatchObject({ page: 2 });
    const original = (data.attachments as { sha256: string; mime: string; role: string }[])[0]!;
    expect(original).toMatchObject({ mime: 'image/tiff', role: 'original' });
    const parts: Buffer[] = [];
    for await (const chunk of archive.attachments.read(original.sha256)) parts.push(chunk);
    expect(Buffer.concat(parts).equals(tiffBytes)).toBe(true);
    archive.close();
  });

  it('refuses hostile images with a reason and writes nothing: a 50,000 × 50,000 picture, a decompression bomb, a truncated JPEG', async () => {
    const { archive } = await newArchive();
    const before = footprint(archive);
    const png = (width: number, height: number, pixels: Buffer) => {
      const chunk = (type: string, data: Buffer) => {
        const out = Buffer.alloc(12 + data.length);
        out.writeUInt32BE(data.length, 0);
        out.write(type, 4, 'latin1');
        data.copy(out, 8);
        return out;
      };
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(width, 0);
      ihdr.writeUInt32BE(height, 4);
      ihdr[8] = 8;
      ihdr[9] = 0;
      return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
    };
    const huge = writeFixture(dir, 'huge.png', png(50_000, 50_000, deflateSync(Buffer.alloc(50_001 * 64))));
    // 12,000 × 12,000 white pixels squeezed into well under a megabyte: 144 million pixels once decoded.
    const bomb = writeFixture(dir, 'bomb.png', png(12_000, 12_000, deflateSync(Buffer.alloc(12_001 * 12_000), { level: 9 })));
    const whole = makeScan(englishParagraphs.slice(0, 1), { format: 'jpeg', dpi: 100 }).image;
    const truncated = writeFixture(dir, 'cut.jpg', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const outcomes = await importFiles(archive, [huge, bomb, truncated]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(outcomes[0]!.error).toMatch(/50,000 × 50,000 pixels, larger than the 50 million pixels a page may have/);
    expect(outcomes[1]!.error).toMatch(/12,000 × 12,000 pixels/);
    expect(outcomes[2]!.error).toBe('the JPEG is damaged or truncated');
    expect(footprint(archive)).toEqual(before);
    archive.close();
  });

  it('damaged scans (bytes changed inside their pictures) are imported as far as they read, or refused in one line with nothing written', async () => {
    const { archive } = await newArchive();
    const page = makeScan(englishParagraphs.slice(2), { dpi: 100 });
    const damaged = (bytes: Uint8Array, seed: number) => {
      const copy = Buffer.from(bytes);
      let state = seed;
      // Past the first kilobyte: the headers stay readable, the picture does not.
      for (let i = 0; i < 64; i++) {
        const at = 1024 + ((state = (state * 1103515245 + 12345) & 0x7fffffff) % (copy.length - 1024));
        copy[at] = copy[at]! ^ 0xff;
      }
      return copy;
    };
    const files = [
      writeFixture(dir, 'damaged.png', damaged(page.image, 1)),
      writeFixture(dir, 'damaged.jpg', damaged(makeScan(englishParagraphs.slice(2), { dpi: 100, format: 'jpeg' }).image, 2)),
      writeFixture(dir, 'damaged.tiff', damaged(makeTiff([page, page], { deflate: true }), 3)),
      writeFixture(dir, 'damaged-scan.pdf', damaged(await makeScannedPdf([page]), 4)),
    ];
    for (const file of files) {
      const before = footprint(archive);
      const [outcome] = await importFiles(archive, [file]);
      expect(['imported', 'rejected'], file).toContain(outcome!.status);
      if (outcome!.status === 'rejected') {
        expect(outcome!.error, file).not.toMatch(/\n/);
        expect(footprint(archive), file).toEqual(before);
      }
    }
    archive.close();
  });

  it('a cancelled import leaves nothing of the scan it was reading', async () => {
    const { archive } = await newArchive();
    const before = footprint(archive);
    const page = makeScan(englishParagraphs);
    const pdf = writeFixture(dir, 'long-scan.pdf', await makeScannedPdf([page, page, page, page]));
    const stop = new AbortController();
    const run = importFiles(archive, [pdf], {
      signal: stop.signal,
      onProgress: (p) => {
        if (p.pagesDone === 1) stop.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(footprint(archive)).toEqual(before);
    archive.close();
  });

  it('without language data, says so in one line and still imports the scan, flagged', async () => {
    const { archive } = await newArchive();
    withoutLanguageData('no-tessdata');
    const png = writeFixture(dir, 'note.png', makeScan(englishParagraphs.slice(2), { dpi: 150 }).image);
    const [outcome] = await importFiles(archive, [png]);
    expect(outcome).toMatchObject({ status: 'imported' });
    expect(outcome!.warning).toMatch(/^the OCR language data is missing, so the scan was imported without its text/);
    expect(outcome!.warning).not.toMatch(/\n/);
    const data = report(archive, outcome!.id!);
    expect(data.tags).toEqual(['no-text-layer']);
    expect(data.body).toBeUndefined();
    archive.close();
  });

  it('with only some languages, reads with those and flags the record for checking', async () => {
    const { archive } = await newArchive();
    const some = join(dir, 'english-only');
    mkdirSync(some, { recursive: true });
    const { findLanguageData } = await import('../db/ocr/language-data.js');
    const all = findLanguageData();
    const { readFileSync } = await import('node:fs');
    writeFileSync(join(some, 'eng.traineddata'), readFileSync(join(all.dir!, 'eng.traineddata')));
    process.env.VIGIL_TESSDATA = some;
    const png = writeFixture(dir, 'english.png', makeScan(englishParagraphs.slice(2), { dpi: 200 }).image);
    const [outcome] = await importFiles(archive, [png]);
    expect(outcome!.warning).toBe('the Russian and Kazakh language data for OCR is missing: the scan was read without it and flagged for checking');
    const data = report(archive, outcome!.id!);
    expect(data.imported.ocr!.languages).toEqual(['eng']);
    expect(data.tags).toEqual(['ocr-check']);
    expect(data.body).toMatch(/incommunicado/);
    archive.close();
  });

  it('vigil reocr reads a scan again once its language data is there, as a new revision', async () => {
    const { archive } = await newArchive();
    withoutLanguageData('no-tessdata-again');
    const png = writeFixture(dir, 'later.png', makeScan(englishParagraphs.slice(2), { dpi: 200 }).image);
    const [outcome] = await importFiles(archive, [png]);
    expect(report(archive, outcome!.id!).tags).toEqual(['no-text-layer']);
    restoreLanguageData();
    const { reocrRecord } = await import('../db/ocr/reocr-methods.js');
    const pages: number[] = [];
    const done = await reocrRecord(archive, outcome!.id!, { onPage: (n) => pages.push(n) });
    expect(done).toMatchObject({ pages: 1, lowConfidence: [] });
    expect(pages).toEqual([1]);
    const data = report(archive, outcome!.id!);
    expect(data.body).toMatch(/incommunicado/);
    expect(data.tags).toBeUndefined();
    expect(data.summary).toBeUndefined();
    expect(data.imported.ocr!.pages).toHaveLength(1);
    expect(archive.records.history(outcome!.id!)).toHaveLength(2);
    expect(archive.search.search({ query: 'incommunicado' }).hits.map((h) => h.id)).toEqual([outcome!.id]);
    archive.close();
  });
});

describe('OCR from the command line', () => {
  it('imports a scan with progress as JSON lines, reads it again with vigil reocr, and refuses a hostile image with exit 3 in one line', async () => {
    const { dir: archiveDir, archive } = await newArchive();
    archive.close();
    const env = { VIGIL_PASSPHRASE: passphrase };
    const pdf = writeFixture(
      dir,
      'cli-scan.pdf',
      await makeScannedPdf([makeScan(englishParagraphs.slice(2), { dpi: 200 }), makeScan(russianKazakhParagraphs.slice(2), { dpi: 200 })]),
    );
    const imported = vigil(['import', archiveDir, pdf, '--json'], { env });
    expect(imported.status, imported.stderr).toBe(0);
    const events = imported.stderr
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { progress: ImportProgress }).progress);
    expect(events.filter((e) => e.pages === 2).map((e) => e.pagesDone)).toEqual([0, 1, 2]);
    const [outcome] = JSON.parse(imported.stdout) as { id: string; ocr: { pages: number } }[];
    expect(outcome!.ocr.pages).toBe(2);

    const again = vigil(['reocr', archiveDir, outcome!.id, '--languages', 'eng'], { env });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^read again {2}\S+: 2 pages read by OCR/);

    const bad = vigil(['import', archiveDir, writeFixture(dir, 'cut-cli.jpg', makeScan(englishParagraphs.slice(2), { format: 'jpeg', dpi: 100 }).image.subarray(0, 5000))], {
      env,
    });
    expect(bad.status).toBe(3);
    expect(bad.stdout).toMatch(/rejected {2}.*cut-cli\.jpg: the JPEG is damaged or truncated/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
