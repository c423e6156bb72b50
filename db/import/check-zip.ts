import yauzl from 'yauzl';
import { VigilError } from '../errors.js';
import type { FileInput } from './file-input.js';
import type { ImportLimits } from './import-limits.js';

/**
 * Reads a DOCX's or XLSX's central directory before anything unpacks it: a file that is not a
 * valid ZIP, that declares more than the limits allow in total or per entry (a zip bomb), or
 * that lacks the part its format requires, is refused. Returns the entry names.
 */
export function checkZip(input: FileInput, requiredEntry: string, limits: ImportLimits): Promise<string[]> {
  return new Promise((resolve, reject) => {
    openZip(input, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(new VigilError('invalid_argument', `the file is not a valid ZIP archive (${err?.message ?? 'unreadable'})`));
      const names: string[] = [];
      let total = 0;
      const fail = (message: string) => {
        zip.close();
        reject(new VigilError('invalid_argument', message));
      };
      zip.on('error', (e: Error) => fail(`the file is not a valid ZIP archive (${e.message})`));
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        total += entry.uncompressedSize;
        if (names.length > limits.maxZipEntries) return fail(`the archive holds more than ${limits.maxZipEntries} parts`);
        if (total > limits.maxUnzippedBytes) return fail(`the archive would expand past ${Math.round(limits.maxUnzippedBytes / 1024 ** 2)} MB (a zip bomb?)`);
        if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > entry.compressedSize * limits.maxCompressionRatio) {
          return fail(`a part of the archive expands ${Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))} times (a zip bomb?)`);
        }
        zip.readEntry();
      });
      zip.on('end', () => {
        if (!names.includes(requiredEntry))
          return reject(
            new VigilError('invalid_argument', `the archive has no ${requiredEntry}: it is not a ${requiredEntry.startsWith('word/') ? 'Word (DOCX)' : 'Excel (XLSX)'} file`),
          );
        resolve(names);
      });
      zip.readEntry();
    });
  });
}

/** One small entry of a checked ZIP, as text (undefined if absent or larger than `maxBytes`). */
export function readZipText(input: FileInput, entryName: string, maxBytes = 1024 * 1024): Promise<string | undefined> {
  return new Promise((resolve) => {
    openZip(input, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) return resolve(undefined);
      zip.on('error', () => resolve(undefined));
      zip.on('end', () => resolve(undefined));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        if (entry.uncompressedSize > maxBytes) {
          zip.close();
          return resolve(undefined);
        }
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return resolve(undefined);
          const parts: Buffer[] = [];
          stream.on('data', (b: Buffer) => parts.push(b));
          stream.on('error', () => resolve(undefined));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(parts).toString('utf8'));
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** A ZIP from its file, or from its bytes in memory. */
function openZip(input: FileInput, options: yauzl.Options, callback: (err: Error | null, zip?: yauzl.ZipFile) => void): void {
  if (typeof input === 'string') yauzl.open(input, options, callback);
  else yauzl.fromBuffer(Buffer.from(input.buffer, input.byteOffset, input.byteLength), options, callback);
}
