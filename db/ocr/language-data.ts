import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The languages Vigil reads scans in, in the order read best on Russian, Kazakh and English pages alike (docs/ocr.md). */
export const ocrLanguages = ['rus', 'kaz', 'eng'] as const;
export type OcrLanguage = (typeof ocrLanguages)[number];

const languageNames: Record<OcrLanguage, string> = { kaz: 'Kazakh', rus: 'Russian', eng: 'English' };

export interface LanguageData {
  /** Where the `*.traineddata` files are; undefined when no folder holds any. */
  dir: string | undefined;
  present: OcrLanguage[];
  missing: OcrLanguage[];
}

/**
 * Where the OCR language data is: VIGIL_TESSDATA when set, the desktop app's own resources
 * (electron-builder's extraResources), or the build's copy beside the compiled engine
 * (build/gather-tessdata.mjs). Never fetched: a missing language is said, not downloaded.
 */
export function findLanguageData(): LanguageData {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    process.env.VIGIL_TESSDATA,
    resources ? join(resources, 'tessdata') : undefined,
    join(import.meta.dirname, '..', '..', import.meta.filename.endsWith('.ts') ? 'dist' : '', 'tessdata'),
  ].filter((dir): dir is string => Boolean(dir));
  for (const dir of candidates) {
    const present = ocrLanguages.filter((l) => existsSync(join(dir, `${l}.traineddata`)));
    if (present.length || dir === process.env.VIGIL_TESSDATA) return { dir, present, missing: ocrLanguages.filter((l) => !present.includes(l)) };
  }
  return { dir: undefined, present: [], missing: [...ocrLanguages] };
}

/** "Russian and Kazakh": for the one line that says what is missing. */
export function languageList(languages: readonly OcrLanguage[]): string {
  const names = languages.map((l) => languageNames[l]);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}
