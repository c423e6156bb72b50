import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { VigilError } from '../errors.js';
import { pgmOf, shrinkImage, turnImage, type GrayImage } from './page-image.js';

const require = createRequire(import.meta.url);

/** What reading one page found. */
export interface PageReading {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
  /** Clockwise quarter turns the page needed to stand upright (0 for an upright page). */
  turned: 0 | 1 | 2 | 3;
}

interface TessApi {
  Init(dataPath: string, languages: string, oem: number): number;
  SetVariable(name: string, value: string): boolean;
  SetImageFile(exifOrientation: number, angle: number): void;
  Recognize(monitor: null): number;
  GetUTF8Text(): string;
  MeanTextConf(): number;
  Clear(): void;
  End(): void;
}

interface TessCore {
  FS: { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void };
  TessBaseAPI: new () => TessApi;
}

/** Below this mean confidence an upright reading is doubted, and the other three turns are tried. */
const doubtedBelow = 70;
/** Another turn is taken only when it reads this much better than upright: text reads well one way only. */
const turnMargin = 15;

/**
 * Tesseract's LSTM engine, compiled to WebAssembly (tesseract.js-core), run on the calling
 * thread: the OCR worker is that thread, so its time and memory limits hold. Language data is
 * read from the app's own files, never fetched.
 */
export class TesseractReader {
  readonly #core: TessCore;
  readonly #api: TessApi;

  private constructor(core: TessCore, api: TessApi) {
    this.#core = core;
    this.#api = api;
  }

  static async open(dataDir: string, languages: readonly string[]): Promise<TesseractReader> {
    if (!languages.length) throw new VigilError('invalid_argument', 'no OCR language data was found');
    const createCore = require('tesseract.js-core/tesseract-core-simd-lstm.js') as (options: object) => Promise<TessCore>;
    // Tesseract's own notes ("Estimating resolution as 300") are not the user's business.
    const core = await createCore({ print: () => undefined, printErr: () => undefined, TesseractProgress: () => undefined });
    for (const language of languages) core.FS.writeFile(`/${language}.traineddata`, readFileSync(join(dataDir, `${language}.traineddata`)));
    const api = new core.TessBaseAPI();
    // OEM 1: the LSTM engine alone (the models carry no legacy engine).
    if (api.Init('/', languages.join('+'), 1) !== 0) throw new VigilError('internal', `Tesseract could not load its language data (${languages.join(', ')})`);
    api.SetVariable('debug_file', '/dev/null');
    // Words, not the engine's guess at ligatures and dictionary-less punctuation runs.
    api.SetVariable('preserve_interword_spaces', '0');
    return new TesseractReader(core, api);
  }

  /** Reads a page, turning it upright first when it reads far better another way. */
  read(image: GrayImage, dpi?: number): PageReading {
    const upright = this.#recognize(image, dpi);
    if (upright.confidence >= doubtedBelow && wordCount(upright.text) >= 3) return { ...upright, turned: 0 };
    // The other turns are tried on the page at half size (a quarter of the work), against upright at the same size.
    const small = shrinkImage(image, 2);
    const probe = ([0, 1, 2, 3] as const).map((turns) => ({ turns, confidence: this.#score(turnImage(small, turns), dpi && dpi / 2) }));
    const best = probe.reduce((a, b) => (b.confidence > a.confidence ? b : a));
    if (best.turns === 0 || best.confidence < probe[0]!.confidence + turnMargin) return { ...upright, turned: 0 };
    const turned = this.#recognize(turnImage(image, best.turns), dpi);
    return turned.confidence > upright.confidence ? { ...turned, turned: best.turns } : { ...upright, turned: 0 };
  }

  close(): void {
    this.#api.End();
  }

  #recognize(image: GrayImage, dpi: number | undefined): { text: string; confidence: number } {
    this.#setImage(image, dpi);
    if (this.#api.Recognize(null) !== 0) throw new VigilError('invalid_argument', 'Tesseract could not read the page');
    const text = this.#api.GetUTF8Text();
    const confidence = text.trim() ? this.#api.MeanTextConf() : 0;
    this.#api.Clear();
    return { text, confidence };
  }

  /** A turn's score: mean confidence, discounted when it finds few words (noise reads as a few confident marks). */
  #score(image: GrayImage, dpi: number | undefined): number {
    const { text, confidence } = this.#recognize(image, dpi);
    return confidence * Math.min(1, wordCount(text) / 10);
  }

  #setImage(image: GrayImage, dpi: number | undefined): void {
    this.#api.SetVariable('user_defined_dpi', dpi ? String(Math.round(dpi)) : '0');
    this.#core.FS.writeFile('/input', pgmOf(image));
    this.#api.SetImageFile(1, 0);
    this.#core.FS.unlink('/input');
  }
}

function wordCount(text: string): number {
  return text.match(/\p{L}{2,}/gu)?.length ?? 0;
}
