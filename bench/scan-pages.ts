import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import PDFDocument from 'pdfkit';

/**
 * Scans made for the OCR tests and bench:ocr: text set in DejaVu Sans (which has every Kazakh letter) on an A4
 * page at 300 dpi, with optional noise, skew and a turn, saved as PNG or JPEG, wrapped as an
 * image-only PDF or a multi-page TIFF. `text` is what was set, line by line, for accuracy.
 */
const require = createRequire(import.meta.url);
const font = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
GlobalFonts.registerFromPath(font, 'ScanSans');

/** Russian with Kazakh, as the observation mission's notes have it. */
export const russianKazakhParagraphs = [
  'Наблюдатели присутствовали на судебном заседании в городе Жанаозен 27 марта 2012 года. Подсудимые заявили, что признательные показания были получены под принуждением.',
  'Адвокатам не предоставили доступ к материалам дела, и суд отклонил ходатайство защиты о проведении медицинской экспертизы.',
  'Қазақ тілінде: Сот отырысы ашық өтті, бірақ бақылаушыларға сөйлеуге рұқсат етілмеді. Өңірдегі құқық қорғаушылар үкіметтен түсініктеме талап етті.',
];

/** From the corpus's Working Group opinion (No. 57/2022, concerning Karim Massimov). */
export const englishParagraphs = [
  '(d) When asylum-seekers, immigrants or refugees are subjected to prolonged administrative custody without the possibility of administrative or judicial review or remedy (category IV);',
  '(e) When the deprivation of liberty constitutes a violation of international law on the grounds of discrimination based on birth, national, ethnic or social origin, language, religion, economic condition, political or other opinion, gender, sexual orientation, disability, or any other status, that aims towards or can result in ignoring the equality of human beings (category V).',
  'Mr. Massimov was held incommunicado for 72 days without access to his family members or to a lawyer of his choosing.',
];

export interface ScanOptions {
  dpi?: number;
  /** Share of pixels flipped to black or white (0.02: 2 %). */
  noise?: number;
  /** Quarter turns clockwise (2: upside down). */
  quarterTurns?: number;
  /** A small tilt, in degrees, as a page laid crookedly on the glass. */
  skewDegrees?: number;
  format?: 'png' | 'jpeg';
  seed?: number;
}

export interface Scan {
  image: Buffer;
  /** The lines as set, joined by newlines. */
  text: string;
  width: number;
  height: number;
  gray: Uint8Array;
}

/** One A4 page of the paragraphs, as a scanner at `dpi` would give it. */
export function makeScan(paragraphs: string[], options: ScanOptions = {}): Scan {
  const dpi = options.dpi ?? 300;
  const width = Math.round((210 / 25.4) * dpi);
  const height = Math.round((297 / 25.4) * dpi);
  const page = createCanvas(width, height);
  const ctx = page.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const size = Math.round((11 / 72) * dpi);
  ctx.font = `${size}px ScanSans`;
  ctx.fillStyle = '#111111';
  const margin = Math.round(dpi * 0.9);
  const lines: string[] = [];
  let y = margin + size;
  for (const paragraph of paragraphs) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (ctx.measureText(next).width > width - 2 * margin && line) {
        lines.push(line);
        ctx.fillText(line, margin, y);
        y += Math.round(size * 1.45);
        line = word;
      } else line = next;
    }
    if (line) {
      lines.push(line);
      ctx.fillText(line, margin, y);
    }
    y += Math.round(size * 2.2);
    if (y > height - margin) break;
  }
  let canvas = page;
  const turns = (((options.quarterTurns ?? 0) % 4) + 4) % 4;
  if (turns || options.skewDegrees) {
    const sideways = turns % 2 === 1;
    canvas = createCanvas(sideways ? height : width, sideways ? width : height);
    const turned = canvas.getContext('2d');
    turned.fillStyle = '#ffffff';
    turned.fillRect(0, 0, canvas.width, canvas.height);
    turned.translate(canvas.width / 2, canvas.height / 2);
    turned.rotate((turns * Math.PI) / 2 + ((options.skewDegrees ?? 0) * Math.PI) / 180);
    turned.drawImage(page, -width / 2, -height / 2);
  }
  const context = canvas.getContext('2d');
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  if (options.noise) {
    let state = options.seed ?? 7;
    const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const flips = Math.round(canvas.width * canvas.height * options.noise);
    for (let i = 0; i < flips; i++) {
      const p = Math.floor(random() * canvas.width * canvas.height) * 4;
      const v = random() < 0.5 ? 0 : 255;
      pixels.data[p] = pixels.data[p + 1] = pixels.data[p + 2] = v;
    }
    context.putImageData(pixels, 0, 0);
  }
  const gray = new Uint8Array(canvas.width * canvas.height);
  for (let i = 0; i < gray.length; i++) gray[i] = pixels.data[i * 4]!;
  const image = options.format === 'jpeg' ? canvas.encodeSync('jpeg', 85) : canvas.encodeSync('png');
  return { image, text: lines.join('\n'), width: canvas.width, height: canvas.height, gray };
}

/** A PDF whose pages are the scans' images and nothing else (or, for a string, a page of real text). */
export function makeScannedPdf(pages: (Scan | string[])[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ autoFirstPage: false });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.registerFont('body', font);
    for (const page of pages) {
      doc.addPage({ size: 'A4', margin: 0 });
      if (Array.isArray(page)) {
        doc.font('body').fontSize(11);
        page.forEach((line, i) => doc.text(line, 60, 60 + i * 16, { lineBreak: false }));
      } else doc.image(page.image, 0, 0, { width: 595.28, height: 841.89 });
    }
    doc.end();
  });
}

/** A greyscale TIFF with one page per scan (the layout archive scanners write), uncompressed or deflated. */
export function makeTiff(pages: Scan[], options: { deflate?: boolean } = {}): Buffer {
  const entries = 10;
  const ifdSize = 2 + entries * 12 + 4;
  const parts: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  parts.push(header);
  let offset = 8;
  for (const [i, page] of pages.entries()) {
    const strip = options.deflate ? deflateSync(page.gray) : Buffer.from(page.gray);
    const ifd = Buffer.alloc(ifdSize + 16);
    const dataAt = offset + ifd.length;
    const resolutionAt = offset + ifdSize;
    ifd.writeUInt16LE(entries, 0);
    const tags: [number, number, number][] = [
      [256, 4, page.width],
      [257, 4, page.height],
      [258, 3, 8],
      [259, 3, options.deflate ? 8 : 1],
      [262, 3, 1],
      [273, 4, dataAt],
      [277, 3, 1],
      [278, 4, page.height],
      [279, 4, strip.length],
      [282, 5, resolutionAt],
    ];
    tags.forEach(([tag, type, value], e) => {
      const at = 2 + e * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(1, at + 4);
      if (type === 3) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    });
    const next = i + 1 < pages.length ? dataAt + strip.length : 0;
    ifd.writeUInt32LE(next, 2 + entries * 12);
    ifd.writeUInt32LE(300, ifdSize);
    ifd.writeUInt32LE(1, ifdSize + 4);
    parts.push(ifd, strip);
    offset = next;
  }
  return Buffer.concat(parts);
}

/** Share of characters right (1 − edit distance / length), spaces and line breaks counted as one space. */
export function characterAccuracy(expected: string, actual: string): number {
  const a = expected.replace(/\s+/g, ' ').trim();
  const b = actual.replace(/-\n/g, '').replace(/\s+/g, ' ').trim();
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return 1 - previous[b.length]! / a.length;
}
