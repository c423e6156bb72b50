import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../db/errors.js';
import { readImageHeader, type ImageFormat } from '../db/ocr/image-header.js';
import { makeScan, makeTiff, englishParagraphs } from '../bench/scan-pages.js';

/**
 * Hostile image files: any bytes, or a real scan with bytes changed, cut short or grown, are
 * either read as pages within the limits or refused with a one-line reason, never anything
 * else (no crash, no hang, no page past the limits).
 */
const small = makeScan(englishParagraphs.slice(2), { dpi: 40 });
const samples: [ImageFormat, Uint8Array][] = [
  ['png', small.image],
  ['jpeg', makeScan(englishParagraphs.slice(2), { dpi: 40, format: 'jpeg' }).image],
  ['tiff', makeTiff([small, small])],
];

function checked(bytes: Uint8Array, format: ImageFormat): void {
  try {
    const header = readImageHeader(bytes, format);
    for (const page of header.pages) {
      expect(page.width * page.height).toBeLessThanOrEqual(50_000_000);
      expect(Math.max(page.width, page.height)).toBeLessThanOrEqual(20_000);
    }
  } catch (err) {
    expect(isVigilError(err), String(err)).toBe(true);
    expect((err as Error).message).not.toMatch(/\n/);
  }
}

describe('image headers from outside', () => {
  it('reads or refuses in one line any bytes given as an image', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom<ImageFormat>('png', 'jpeg', 'tiff'), (bytes, format) => checked(bytes, format)),
      { numRuns: 2000 },
    );
  });

  it('reads or refuses in one line a real scan with bytes changed, cut short or grown', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 12 }),
        fc.option(fc.nat()),
        ([format, original], changes, cut) => {
          const bytes = Uint8Array.from(original.subarray(0, cut === null ? undefined : 8 + (cut % original.length)));
          // Changes land in the headers, where sizes and offsets are.
          for (const { at, value } of changes) bytes[at % Math.min(bytes.length, 512)] = value;
          checked(bytes, format);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
