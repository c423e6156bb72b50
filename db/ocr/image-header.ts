import { VigilError } from '../errors.js';

export type ImageFormat = 'jpeg' | 'png' | 'tiff';

/**
 * Limits read from an image's header, before any pixel is decoded: a decompression bomb (a
 * small file declaring a huge picture) or a truncated file is refused here, at no cost.
 */
export const imageLimits = {
  /** Pixels of one page: a 600-dpi A4 scan is 35 million, a 48-megapixel phone photo 48. */
  maxPagePixels: 50_000_000,
  /** Longest side of one page, in pixels. */
  maxSide: 20_000,
  /** Pages of one multi-page TIFF. */
  maxPages: 2_000,
} as const;

export interface ImageHeader {
  format: ImageFormat;
  /** Width and height of each page (a TIFF may hold several; others hold one). */
  pages: { width: number; height: number }[];
}

/** The pages an image file declares, checked against the limits; throws a one-line refusal. */
export function readImageHeader(bytes: Uint8Array, format: ImageFormat): ImageHeader {
  const pages = format === 'png' ? [pngSize(bytes)] : format === 'jpeg' ? [jpegSize(bytes)] : tiffSizes(bytes);
  if (!pages.length) throw new VigilError('invalid_argument', 'the TIFF holds no page');
  if (pages.length > imageLimits.maxPages) throw new VigilError('invalid_argument', `the TIFF holds more than ${imageLimits.maxPages} pages`);
  for (const [i, { width, height }] of pages.entries()) {
    const which = pages.length > 1 ? `page ${i + 1} of the image` : 'the image';
    if (width < 1 || height < 1) throw new VigilError('invalid_argument', `${which} has no pixels: the file is damaged`);
    if (width > imageLimits.maxSide || height > imageLimits.maxSide || width * height > imageLimits.maxPagePixels) {
      throw new VigilError(
        'invalid_argument',
        `${which} is ${width.toLocaleString('en')} × ${height.toLocaleString('en')} pixels, larger than the ${imageLimits.maxPagePixels / 1e6} million pixels a page may have: scale it down and import it again`,
      );
    }
  }
  return { format, pages };
}

const damaged = (what: string) => new VigilError('invalid_argument', `the ${what} is damaged or truncated`);

function pngSize(b: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length < 33 || signature.some((v, i) => b[i] !== v) || ascii(b, 12, 4) !== 'IHDR') throw damaged('PNG');
  // A PNG ends with its IEND chunk: without it, the picture is cut short.
  if (!ascii(b, Math.max(0, b.length - 64), 64).includes('IEND')) throw damaged('PNG');
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function jpegSize(b: Uint8Array): { width: number; height: number } {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) throw damaged('JPEG');
  let size: { width: number; height: number } | undefined;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) throw damaged('JPEG');
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    if (length < 2 || at + 2 + length > b.length) throw damaged('JPEG');
    // SOF0–SOF15 carry the frame's size; C4 (tables), C8 and CC are not frames.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      size = { height: (b[at + 5]! << 8) | b[at + 6]!, width: (b[at + 7]! << 8) | b[at + 8]! };
    }
    if (marker === 0xda) break;
    at += 2 + length;
  }
  if (!size) throw damaged('JPEG');
  // The compressed picture runs to the end-of-image marker; a file cut short has none (trailing padding aside).
  const tail = b.subarray(Math.max(at, b.length - 4096));
  let ended = false;
  for (let i = tail.length - 2; i >= 0 && !ended; i--) ended = tail[i] === 0xff && tail[i + 1] === 0xd9;
  if (!ended) throw damaged('JPEG');
  return size;
}

function tiffSizes(b: Uint8Array): { width: number; height: number }[] {
  if (b.length < 8) throw damaged('TIFF');
  const little = b[0] === 0x49 && b[1] === 0x49;
  if (!little && !(b[0] === 0x4d && b[1] === 0x4d)) throw damaged('TIFF');
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  if (u16(2) !== 42) throw new VigilError('invalid_argument', 'the TIFF is a kind Vigil cannot read (BigTIFF): save it as an ordinary TIFF or a PDF');
  const pages: { width: number; height: number }[] = [];
  const seen = new Set<number>();
  let ifd = u32(4);
  while (ifd !== 0) {
    // A chain of pages that loops back or runs off the file is damage (or a trap).
    if (seen.has(ifd) || ifd + 2 > b.length) throw damaged('TIFF');
    seen.add(ifd);
    const count = u16(ifd);
    if (ifd + 2 + count * 12 + 4 > b.length) throw damaged('TIFF');
    let width = 0;
    let height = 0;
    for (let e = 0; e < count; e++) {
      const entry = ifd + 2 + e * 12;
      const tag = u16(entry);
      if (tag !== 256 && tag !== 257) continue;
      const value = u16(entry + 2) === 3 ? u16(entry + 8) : u32(entry + 8);
      if (tag === 256) width = value;
      else height = value;
    }
    pages.push({ width, height });
    if (pages.length > imageLimits.maxPages) break;
    ifd = u32(ifd + 2 + count * 12);
  }
  return pages;
}

function ascii(b: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...b.subarray(from, from + length));
}
