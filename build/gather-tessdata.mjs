// Gathers the OCR language data into dist/tessdata at build time, for the engine and for the
// desktop app's extraResources: English, Kazakh and orientation detection (osd) from their
// npm packages (@tesseract.js-data), Russian from Debian's tesseract-ocr-rus (the registry has
// no package for it). Nothing is downloaded here or at run time; a language not found is said and left out.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const out = join(import.meta.dirname, '..', 'dist', 'tessdata');
mkdirSync(out, { recursive: true });

const debianDirs = ['/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata', '/usr/share/tessdata'];

function fromPackage(language) {
  try {
    const dir = dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
    const file = join(dir, '4.0.0_best_int', `${language}.traineddata.gz`);
    if (existsSync(file)) return { bytes: gunzipSync(readFileSync(file)), source: `npm @tesseract.js-data/${language} (4.0.0_best_int)` };
  } catch {
    // Not installed: Debian's copy, if any.
  }
  return undefined;
}

function fromDebian(language) {
  for (const dir of debianDirs) {
    const file = join(dir, `${language}.traineddata`);
    if (existsSync(file)) return { bytes: readFileSync(file), source: `Debian tesseract-ocr-${language} (${file})` };
  }
  return undefined;
}

const manifest = {};
for (const language of ['rus', 'kaz', 'eng', 'osd']) {
  const found = fromPackage(language) ?? fromDebian(language);
  const target = join(out, `${language}.traineddata`);
  if (!found) {
    console.warn(`OCR: no ${language}.traineddata found (install Debian's tesseract-ocr-${language}); scans will be read without it`);
    rmSync(target, { force: true });
    continue;
  }
  const sha256 = createHash('sha256').update(found.bytes).digest('hex');
  // Written only when changed, so that a build leaves an unchanged copy's time alone.
  if (!existsSync(target) || createHash('sha256').update(readFileSync(target)).digest('hex') !== sha256) writeFileSync(target, found.bytes);
  manifest[language] = { source: found.source, sha256, bytes: found.bytes.length };
}
writeFileSync(join(out, 'languages.json'), JSON.stringify(manifest, null, 2) + '\n');
