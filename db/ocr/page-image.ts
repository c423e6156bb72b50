/**
 * A page as Tesseract reads it: grey levels, one byte a pixel. Every source (a PDF page drawn
 * by pdf.js, a photo, a TIFF page) becomes one of these before it is read, so turning and
 * shrinking are done once, here.
 */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** RGBA pixels (a canvas's) to grey, transparent as white (a PNG's empty background). */
export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    const alpha = rgba[p + 3]!;
    const luma = (rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29) >> 8;
    data[i] = alpha === 255 ? luma : (luma * alpha + 255 * (255 - alpha)) / 255;
  }
  return { width, height, data };
}

/** Turned clockwise by `quarterTurns` × 90°. */
export function turnImage(image: GrayImage, quarterTurns: number): GrayImage {
  const turns = ((quarterTurns % 4) + 4) % 4;
  if (turns === 0) return image;
  const { width: w, height: h, data: src } = image;
  const out = new Uint8Array(w * h);
  if (turns === 2) {
    for (let i = 0, j = out.length - 1; i < out.length; i++, j--) out[j] = src[i]!;
    return { width: w, height: h, data: out };
  }
  // A quarter turn swaps the sides: the source's row y becomes column (h-1-y) clockwise, column y anticlockwise.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const target = turns === 1 ? x * h + (h - 1 - y) : (w - 1 - x) * h + y;
      out[target] = src[row + x]!;
    }
  }
  return { width: h, height: w, data: out };
}

/** Shrunk by a whole factor, each output pixel the mean of its block. */
export function shrinkImage(image: GrayImage, factor: number): GrayImage {
  if (factor <= 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const out = new Uint8Array(width * height);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * image.width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += image.data[row + dx]!;
      }
      out[y * width + x] = sum / area;
    }
  }
  return { width, height, data: out };
}

/** The image as a binary PGM file, which Leptonica (inside Tesseract) reads without a codec. */
export function pgmOf(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const file = new Uint8Array(header.length + image.data.length);
  file.set(header);
  file.set(image.data, header.length);
  return file;
}
