import { existsSync, readFileSync } from 'node:fs';
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
  DetectOS(results: OsResults): boolean;
  Clear(): void;
  End(): void;
}

interface OsResults {
  best_result: { orientation_id: number; oconfidence: number };
}

interface TessCore {
  FS: { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void };
  TessBaseAPI: new () => TessApi;
  OSResults: new () => OsResults;
  /** Frees an object made in the module (WebIDL bindings are not collected). */
  destroy(object: object): void;
}

/** Tesseract's own margin for trusting an orientation (its min_orientation_margin). */
const orientationMargin = 7;

/**
 * Tesseract compiled to WebAssembly (tesseract.js-core), run on the calling thread: the OCR
 * worker is that thread, so its time and memory limits hold. Two engines share one module:
 * the legacy engine with `osd.traineddata` finds which way up the page is (as the command's
 * `--psm 1` does), then the LSTM engine reads it. Language data is read from the app's own
 * files, never fetched.
 */
export class TesseractReader {
  readonly #core: TessCore;
  readonly #api: TessApi;
  readonly #osd: TessApi | undefined;

  private constructor(core: TessCore, api: TessApi, osd: TessApi | undefined) {
    this.#core = core;
    this.#api = api;
    this.#osd = osd;
  }

  /** `orientation`: whether `osd.traineddata` is in `dataDir` (without it, pages are read as they come). */
  static async open(dataDir: string, languages: readonly string[], orientation = existsSync(join(dataDir, 'osd.traineddata'))): Promise<TesseractReader> {
    if (!languages.length) throw new VigilError('invalid_argument', 'no OCR language data was found');
    const createCore = require('tesseract.js-core/tesseract-core-simd.js') as (options: object) => Promise<TessCore>;
    // Tesseract's own notes ("Estimating resolution as 300") are not the user's business.
    const core = await createCore({ print: () => undefined, printErr: () => undefined, TesseractProgress: () => undefined });
    for (const language of [...languages, ...(orientation ? ['osd'] : [])]) core.FS.writeFile(`/${language}.traineddata`, readFileSync(join(dataDir, `${language}.traineddata`)));
    const api = new core.TessBaseAPI();
    // OEM 1: the LSTM engine alone.
    if (api.Init('/', languages.join('+'), 1) !== 0) throw new VigilError('internal', `Tesseract could not load its language data (${languages.join(', ')})`);
    api.SetVariable('debug_file', '/dev/null');
    let osd: TessApi | undefined;
    if (orientation) {
      osd = new core.TessBaseAPI();
      // OEM 0: orientation detection is the legacy engine's.
      if (osd.Init('/', 'osd', 0) !== 0) throw new VigilError('internal', 'Tesseract could not load its orientation data');
      osd.SetVariable('debug_file', '/dev/null');
      osd.SetVariable('tessedit_pageseg_mode', '0');
    }
    return new TesseractReader(core, api, osd);
  }

  /** Reads a page, turned upright first when it lies sideways or upside down. */
  read(image: GrayImage, dpi?: number): PageReading {
    const turned = this.#orientation(image, dpi);
    return { ...this.#recognize(turnImage(image, turned), dpi), turned };
  }

  close(): void {
    this.#api.End();
    this.#osd?.End();
  }

  /** Clockwise quarter turns that stand the page upright, found on the page at half size (enough for the shapes of letters). */
  #orientation(image: GrayImage, dpi: number | undefined): 0 | 1 | 2 | 3 {
    const osd = this.#osd;
    if (!osd) return 0;
    this.#setImage(osd, shrinkImage(image, 2), dpi && dpi / 2);
    const results = new this.#core.OSResults();
    try {
      // A page with too few letters to tell is read as it comes.
      if (!osd.DetectOS(results)) return 0;
      const { orientation_id: id, oconfidence } = results.best_result;
      if (oconfidence < orientationMargin) return 0;
      // Tesseract's ids count anticlockwise turns of the text: 1 is 270° clockwise to stand it up.
      return ([0, 3, 2, 1] as const)[id] ?? 0;
    } finally {
      this.#core.destroy(results);
      osd.Clear();
    }
  }

  #recognize(image: GrayImage, dpi: number | undefined): { text: string; confidence: number } {
    this.#setImage(this.#api, image, dpi);
    if (this.#api.Recognize(null) !== 0) throw new VigilError('invalid_argument', 'Tesseract could not read the page');
    const text = this.#api.GetUTF8Text();
    const confidence = text.trim() ? this.#api.MeanTextConf() : 0;
    this.#api.Clear();
    return { text, confidence };
  }

  #setImage(api: TessApi, image: GrayImage, dpi: number | undefined): void {
    api.SetVariable('user_defined_dpi', dpi ? String(Math.round(dpi)) : '0');
    this.#core.FS.writeFile('/input', pgmOf(image));
    api.SetImageFile(1, 0);
    this.#core.FS.unlink('/input');
  }
}
