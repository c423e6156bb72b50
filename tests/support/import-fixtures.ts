import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import PDFDocument from 'pdfkit';
import writeExcelFile from 'write-excel-file/node';

/**
 * Files for import tests, made by the tests: PDFs (pdfkit, with an embedded font for
 * Cyrillic), Word documents (docx), spreadsheets (write-excel-file) and damaged variants.
 */
const require = createRequire(import.meta.url);
/** A TrueType font with Cyrillic that ships inside pdfjs-dist, so no system font is needed. */
export const cyrillicFont = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf');

export interface PdfOptions {
  title?: string;
  author?: string;
  userPassword?: string;
  /** Draw shapes only: a "scan" with no text layer. */
  imagesOnly?: boolean;
}

/** One string per line, one list of lines per page. */
export function makePdf(pages: string[][], options: PdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      autoFirstPage: false,
      info: { ...(options.title ? { Title: options.title } : {}), ...(options.author ? { Author: options.author } : {}) },
      ...(options.userPassword ? { userPassword: options.userPassword, ownerPassword: `${options.userPassword}-owner` } : {}),
    });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.registerFont('body', cyrillicFont);
    for (const lines of pages) {
      doc.addPage({ size: 'A4', margin: 50 });
      if (options.imagesOnly) {
        for (let i = 0; i < 20; i++) doc.rect(60, 60 + i * 30, 400, 12).fill('#333333');
        continue;
      }
      doc.font('body').fontSize(11);
      // Each line placed on its own baseline, as a typeset page has them.
      lines.forEach((line, i) => doc.text(line, 50, 60 + i * 16, { lineBreak: false }));
    }
    doc.end();
  });
}

export async function makeDocx(blocks: ({ heading: string; level?: 1 | 2 } | string)[], title?: string): Promise<Buffer> {
  const doc = new Document({
    ...(title ? { title } : {}),
    creator: 'Trial monitor',
    sections: [
      {
        children: blocks.map((b) =>
          typeof b === 'string' ? new Paragraph({ text: b }) : new Paragraph({ text: b.heading, heading: b.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1 }),
        ),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A ZIP that passes for a DOCX and expands a thousandfold: a zip bomb in miniature. */
export async function makeZipBomb(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file('word/document.xml', '<w:document/>');
  zip.file('word/padding.bin', Buffer.alloc(64 * 1024 * 1024));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

export async function makeXlsx(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  return writeExcelFile(rows.map((row) => row.map((value) => (value === null ? null : value instanceof Date ? { value, format: 'yyyy-mm-dd' } : { value })))).toBuffer();
}

export function writeFixture(dir: string, name: string, content: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
