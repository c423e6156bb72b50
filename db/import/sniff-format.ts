import { extname } from 'node:path';
import { VigilError } from '../errors.js';
import type { ImageFormat } from '../ocr/image-header.js';

export type DocumentFormat = 'pdf' | 'docx' | 'html' | 'text' | 'markdown' | ImageFormat;
export type TableFormat = 'csv' | 'xlsx';
export type ImportFormat = DocumentFormat | TableFormat;

const byExtension: Record<string, ImportFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.xlsx': 'xlsx',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.png': 'png',
  '.tif': 'tiff',
  '.tiff': 'tiff',
};

export function isImageFormat(format: ImportFormat): format is ImageFormat {
  return format === 'jpeg' || format === 'png' || format === 'tiff';
}

export function isTableFormat(format: ImportFormat): format is TableFormat {
  return format === 'csv' || format === 'xlsx';
}

/**
 * The format of a file, from its extension, checked against its first bytes: a file whose
 * content is not what its name says is refused rather than guessed at.
 */
export function sniffFormat(name: string, head: Uint8Array): ImportFormat {
  const ext = extname(name).toLowerCase();
  const format = byExtension[ext];
  if (!format) {
    throw new VigilError(
      'invalid_argument',
      `${ext || 'a file without an extension'} cannot be imported: use PDF, DOCX, HTML, TXT, Markdown, CSV, XLSX, or a JPEG, PNG or TIFF image`,
    );
  }
  if (!head.length) throw new VigilError('invalid_argument', 'the file is empty');
  const found = contentKind(head);
  const expected = format === 'pdf' ? 'pdf' : format === 'docx' || format === 'xlsx' ? 'zip' : isImageFormat(format) ? format : 'text';
  if (found !== expected) {
    const what =
      found === 'pdf'
        ? 'a PDF'
        : found === 'zip'
          ? 'a ZIP archive (DOCX or XLSX)'
          : found === 'text'
            ? 'plain text'
            : found === 'binary'
              ? 'binary data'
              : `a ${found.toUpperCase()} image`;
    throw new VigilError('invalid_argument', `the content does not match its ${ext} extension: it is ${what}`);
  }
  return format;
}

function contentKind(head: Uint8Array): 'pdf' | 'zip' | 'text' | 'binary' | ImageFormat {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'png';
  if ((head[0] === 0x49 && head[1] === 0x49 && head[2] === 0x2a && head[3] === 0) || (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 0x2a)) return 'tiff';
  const ascii = String.fromCharCode(...head.subarray(0, 1024));
  // PDF readers accept the header anywhere in the first kilobyte.
  if (ascii.includes('%PDF-')) return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (looksLikeText(head)) return 'text';
  return 'binary';
}

/** Text in some encoding: no NUL bytes (UTF-16 aside, which starts with its byte-order mark) and few control characters. */
function looksLikeText(head: Uint8Array): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++;
  }
  return control <= head.length * 0.01;
}
