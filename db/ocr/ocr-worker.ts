import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { unifyLineScript } from '../shared/scripts.js';
import { isVigilError, VigilError } from '../errors.js';
import { serveTasks } from '../workers/serve-tasks.js';
import { openPageImages, ocrDpi, type PageImages, type ScanFormat } from './page-images.js';
import { TesseractReader, type PageReading } from './tesseract-reader.js';

/** One page to read: the file's bytes are shared memory, sent with every page and never copied. */
export interface OcrJob {
  /** Names the file (its hash): consecutive pages of one file reuse the document already open. */
  key: string;
  bytes: Uint8Array;
  format: ScanFormat;
  /** 1-based. */
  page: number;
  dataDir: string;
  languages: string[];
}

export interface OcrPage extends PageReading {
  page: number;
  ms: number;
}

/**
 * Worker thread: draws one page at a time and reads it with Tesseract. The engine gives each
 * page a time limit and watches the memory this thread holds (Tesseract's memory is outside
 * the heap), ending the thread past either.
 */
// A drawn page's canvas and a decoded photo live in native memory V8 does not see, so its
// collector has no reason to run: collected after every page, they are freed at once.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let reader: { languages: string; reader: Promise<TesseractReader> } | undefined;
let open: { key: string; pages: Promise<PageImages> } | undefined;

serveTasks<OcrJob, OcrPage>(async (job) => {
  try {
    return await readPage(job);
  } catch (err) {
    // A decoder's own failure on a damaged page is the file's: refused with one line, as every other reason.
    if (isVigilError(err)) throw err;
    const detail = String((err as Error).message ?? err)
      .split('\n')[0]!
      .slice(0, 200);
    throw new VigilError('invalid_argument', `the page cannot be read (${detail})`);
  }
});

async function readPage(job: OcrJob): Promise<OcrPage> {
  const started = performance.now();
  const languages = job.languages.join('+');
  if (reader?.languages !== languages) {
    (await reader?.reader.catch(() => undefined))?.close();
    reader = { languages, reader: TesseractReader.open(job.dataDir, job.languages) };
  }
  if (open?.key !== job.key) {
    const previous = open;
    // The shared bytes themselves, never a copy per thread: a scan of 200 MB would be held three times over.
    open = { key: job.key, pages: openPageImages(job.bytes, job.format) };
    await previous?.pages.then((p) => p.close()).catch(() => undefined);
  }
  const pages = await open.pages.catch((err: unknown) => {
    open = undefined;
    throw err;
  });
  const image = await pages.page(job.page);
  collectGarbage();
  const reading = (await reader.reader).read(image, job.format === 'pdf' ? ocrDpi : undefined);
  collectGarbage();
  const text = reading.text.split('\n').map(unifyLineScript).join('\n');
  return { page: job.page, ...reading, text, ms: Math.round(performance.now() - started) };
}
