import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../errors.js';
import { readImageHeader, imageLimits, type ImageFormat } from './image-header.js';
import { grayFromRgba, shrinkImage, type GrayImage } from './page-image.js';

const require = createRequire(import.meta.url);

/** Scans are drawn at this resolution, the one Tesseract's models were trained for. */
export const ocrDpi = 300;
/** A page is read at most this many pixels on its longer side (a 600-dpi scan is halved). */
const maxReadSide = 4400;

/** The pages of one file, drawn one at a time as grey images. */
export interface PageImages {
  pageCount: number;
  /** 1-based page. */
  page(n: number): Promise<GrayImage>;
  close(): Promise<void>;
}

export type ScanFormat = 'pdf' | ImageFormat;

const pdfjsDir = dirname(fileURLToPath(import.meta.resolve('pdfjs-dist/package.json')));

/** Opens a PDF or an image file (its bytes) for drawing its pages; refuses what it cannot safely decode. */
export async function openPageImages(bytes: Uint8Array, format: ScanFormat): Promise<PageImages> {
  if (format === 'pdf') return openPdfPages(bytes);
  const header = readImageHeader(bytes, format);
  if (format === 'tiff') return openTiffPages(bytes, header.pages.length);
  return {
    pageCount: 1,
    page: async () => fitForReading(await decodeWithSkia(bytes, format)),
    close: async () => undefined,
  };
}

async function openPdfPages(bytes: Uint8Array): Promise<PageImages> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({
    // pdf.js refuses shared memory: a copy of its own (a PDF's pages are compressed, so the copy is small beside a TIFF's).
    data: bytes.buffer instanceof SharedArrayBuffer ? bytes.slice() : bytes,
    disableFontFace: true,
    useSystemFonts: false,
    cMapUrl: join(pdfjsDir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
    // JPEG 2000 and JBIG2 scans are decoded by pdf.js's own WebAssembly, read from its package.
    wasmUrl: join(pdfjsDir, 'wasm') + '/',
    iccUrl: join(pdfjsDir, 'iccs') + '/',
    verbosity: 0,
  });
  const doc = await task.promise.catch(() => {
    throw new VigilError('invalid_argument', 'the PDF is damaged or truncated');
  });
  return {
    pageCount: doc.numPages,
    async page(n) {
      const page = await doc.getPage(n);
      try {
        const base = page.getViewport({ scale: 1 });
        // 300 dpi, or less for a page so large that it would pass the pixel limit.
        const fit = Math.sqrt(imageLimits.maxPagePixels / 2 / (base.width * base.height));
        const viewport = page.getViewport({ scale: Math.min(ocrDpi / 72, fit, maxReadSide / Math.max(base.width, base.height)) });
        const { createCanvas } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
        const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
        const context = canvas.getContext('2d');
        context.fillStyle = '#ffffff';
        context.fillRect(0, 0, canvas.width, canvas.height);
        // @napi-rs/canvas is the canvas pdf.js itself uses in Node; its types are not the DOM's.
        await page.render({ canvasContext: context, canvas, viewport } as unknown as Parameters<typeof page.render>[0]).promise;
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
        return grayFromRgba(pixels.data, canvas.width, canvas.height);
      } finally {
        page.cleanup();
        await doc.cleanup();
      }
    },
    close: () => task.destroy(),
  };
}

async function decodeWithSkia(bytes: Uint8Array, format: 'jpeg' | 'png'): Promise<GrayImage> {
  const { createCanvas, loadImage } = require('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
  const image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).catch(() => {
    throw new VigilError('invalid_argument', `the ${format === 'png' ? 'PNG' : 'JPEG'} is damaged or truncated`);
  });
  if (!image.width || !image.height) throw new VigilError('invalid_argument', `the ${format === 'png' ? 'PNG' : 'JPEG'} is damaged or truncated`);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(image, 0, 0);
  return grayFromRgba(context.getImageData(0, 0, image.width, image.height).data, image.width, image.height);
}

interface UtifPage {
  width: number;
  height: number;
  [tag: string]: unknown;
}

async function openTiffPages(bytes: Uint8Array, pageCount: number): Promise<PageImages> {
  const UTIF = require('utif2') as {
    decode(buffer: ArrayBuffer | Uint8Array): UtifPage[];
    decodeImage(buffer: ArrayBuffer | Uint8Array, page: UtifPage): void;
    toRGBA8(page: UtifPage): Uint8Array;
  };
  // A view of the bytes, not a copy (utif2 makes its own view of the buffer it is given).
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
  let pages: UtifPage[];
  try {
    pages = UTIF.decode(buffer);
  } catch {
    throw new VigilError('invalid_argument', 'the TIFF is damaged or truncated');
  }
  return {
    pageCount: Math.min(pageCount, pages.length),
    async page(n) {
      const page = pages[n - 1]!;
      try {
        UTIF.decodeImage(buffer, page);
        if (!page.width || !page.height) throw new Error('no size');
        return fitForReading(grayOfTiffPage(page) ?? grayFromRgba(UTIF.toRGBA8(page), page.width, page.height));
      } catch {
        throw new VigilError('invalid_argument', `page ${n} of the TIFF is damaged or in a compression Vigil cannot read`);
      } finally {
        // The decoded pixels are the page's alone: dropped before the next one is drawn.
        delete page.data;
      }
    },
    close: async () => undefined,
  };
}

/**
 * A greyscale page's own bytes, without the RGBA copy (four times the page) toRGBA8 makes:
 * 8 bits, one sample, black or white as zero. Undefined for any other kind of page.
 */
function grayOfTiffPage(page: UtifPage): GrayImage | undefined {
  const tag = (name: string) => (page[name] as number[] | undefined)?.[0];
  const photometric = tag('t262');
  const data = page.data as Uint8Array | undefined;
  if (tag('t258') !== 8 || (tag('t277') ?? 1) !== 1 || (photometric !== 0 && photometric !== 1) || !data || data.length < page.width * page.height) return undefined;
  const gray = data.subarray(0, page.width * page.height);
  // WhiteIsZero: the page's bytes read the other way round.
  if (photometric === 0) for (let i = 0; i < gray.length; i++) gray[i] = 255 - gray[i]!;
  return { width: page.width, height: page.height, data: gray };
}

/** A photo or a fine scan shrunk to what reading needs: memory and time grow with the pixels, accuracy does not. */
function fitForReading(image: GrayImage): GrayImage {
  const factor = Math.ceil(Math.max(image.width, image.height) / maxReadSide);
  return factor > 1 ? shrinkImage(image, factor) : image;
}
