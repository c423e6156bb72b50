import { constants, deflateRawSync } from 'node:zlib';

/**
 * Hostile PDFs written by hand: flate bombs (a few megabytes of file that inflate to
 * gigabytes of zeros) in a page's content stream, in an embedded font, in an image; and a PDF
 * with a huge number of pages. Each has a correct cross-reference table.
 */

/** What one deflated megabyte of zeros repeats: it starts with a literal, so copies can follow one another. */
const zerosMb = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });

/**
 * A zlib stream of `prefix` followed by `megabytes` MB of zeros. Made by repeating one
 * deflated megabyte, so a bomb of gigabytes takes milliseconds to make. `badChecksum`: a
 * wrong Adler-32 at the end, which makes a strict decoder fail only after inflating it all.
 */
export function zerosDeflated(megabytes: number, options: { prefix?: string; badChecksum?: boolean } = {}): Buffer {
  const prefix = Buffer.from(options.prefix ?? '', 'latin1');
  const head = prefix.length ? deflateRawSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH }) : Buffer.alloc(0);
  // Adler-32 of the prefix, then of the zeros: each zero adds a to b and nothing to a.
  let a = 1;
  let b = 0;
  for (const byte of prefix) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  b = (b + ((megabytes * 1024 * 1024) % 65521) * a) % 65521;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((b << 16) | a) ^ (options.badChecksum ? 1 : 0)) >>> 0);
  // 0x78 0xda: zlib header, deflate, best compression. 0x03 0x00: an empty final block.
  return Buffer.concat([Buffer.from([0x78, 0xda]), head, ...Array<Buffer>(megabytes).fill(zerosMb), Buffer.from([0x03, 0x00]), adler]);
}

type PdfObject = string | { dict: string; stream: Buffer };

/** A PDF of numbered objects (1 is the catalog), with its cross-reference table. */
export function writePdf(objects: PdfObject[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  const add = (piece: Buffer | string) => {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece;
    parts.push(bytes);
    length += bytes.length;
  };
  objects.forEach((object, i) => {
    offsets.push(length);
    if (typeof object === 'string') {
      add(`${i + 1} 0 obj\n${object}\nendobj\n`);
    } else {
      add(`${i + 1} 0 obj\n<< ${object.dict} /Length ${object.stream.length} >>\nstream\n`);
      add(object.stream);
      add('\nendstream\nendobj\n');
    }
  });
  const xref = length;
  add(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  add(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

const helvetica = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
const line = (text: string) => `BT /F1 12 Tf 72 720 Td (${text}) Tj ET\n`;

/** One page whose content stream inflates to `megabytes` MB: a line of text, then zeros (white space to a PDF reader). */
export function contentStreamBomb(megabytes: number, options: { badChecksum?: boolean } = {}): Buffer {
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    { dict: '/Filter /FlateDecode', stream: zerosDeflated(megabytes, { prefix: line('The hearing was closed to the public.'), ...options }) },
    helvetica,
  ]);
}

/** One page of text in an embedded TrueType font whose font program inflates to `megabytes` MB of zeros. */
export function fontStreamBomb(megabytes: number): Buffer {
  const widths = Array(95).fill(500).join(' ');
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    { dict: '', stream: Buffer.from(line('The hearing was closed to the public.'), 'latin1') },
    `<< /Type /Font /Subtype /TrueType /BaseFont /Observer /FirstChar 32 /LastChar 126 /Widths [${widths}] /FontDescriptor 6 0 R /Encoding /WinAnsiEncoding >>`,
    '<< /Type /FontDescriptor /FontName /Observer /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>',
    { dict: '/Filter /FlateDecode', stream: zerosDeflated(megabytes) },
  ]);
}

/** One page of text that also paints a grey image whose samples inflate to `megabytes` MB. */
export function imageStreamBomb(megabytes: number): Buffer {
  const side = Math.floor(Math.sqrt(megabytes * 1024 * 1024));
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>',
    { dict: '', stream: Buffer.from(`${line('The hearing was closed to the public.')}q 612 0 0 792 0 0 cm /Im1 Do Q\n`, 'latin1') },
    helvetica,
    { dict: `/Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, stream: zerosDeflated(megabytes) },
  ]);
}

/** `pages` pages, each one line of text, all drawn by the same content stream. */
export function manyPages(pages: number): Buffer {
  const first = 5;
  const kids = Array.from({ length: pages }, (_, i) => `${first + i} 0 R`).join(' ');
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    // Page size and font are inherited from here: each page is as short as a page can be.
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> >>`,
    { dict: '', stream: Buffer.from(line('Page of a document that never ends.'), 'latin1') },
    helvetica,
    ...Array<string>(pages).fill('<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>'),
  ]);
}
