import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../errors.js';
import { bytesOf, type FileInput } from './file-input.js';

/**
 * The text layer of a PDF, page by page, through pdf.js (legacy build, for Node). Fonts and
 * character maps come from the pdfjs-dist package on disk; nothing is fetched, no script in
 * the PDF is evaluated.
 */
export interface ExtractedPdf {
  pages: string[];
  title: string | undefined;
  author: string | undefined;
  subject: string | undefined;
  /** ISO dates from the document's information dictionary. */
  created: string | undefined;
  modified: string | undefined;
  language: string | undefined;
  /** False for a scan: pages but (almost) no text. */
  hasTextLayer: boolean;
}

interface TextItem {
  str: string;
  hasEOL?: boolean;
  transform?: number[];
}

const packageDir = dirname(fileURLToPath(import.meta.resolve('pdfjs-dist/package.json')));

export async function extractPdf(input: FileInput): Promise<ExtractedPdf> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // The file's own bytes, not a copy: pdf.js takes a Uint8Array that fills its buffer as it is.
  const file = await bytesOf(input);
  const data = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const task = getDocument({
    data,
    disableFontFace: true,
    useSystemFonts: false,
    cMapUrl: join(packageDir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(packageDir, 'standard_fonts') + '/',
    verbosity: 0,
  });
  try {
    const doc = await task.promise.catch((err: unknown) => {
      throw refusal(err);
    });
    const meta = await doc.getMetadata().catch(() => undefined);
    const info = (meta?.info ?? {}) as Record<string, unknown>;
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p).catch((err: unknown) => {
        throw refusal(err);
      });
      const content = await page.getTextContent();
      pages.push(pageText(content.items as TextItem[]));
      page.cleanup();
    }
    const letters = pages.reduce((n, t) => n + (t.match(/\p{L}/gu)?.length ?? 0), 0);
    return {
      pages,
      title: infoText(info.Title),
      author: infoText(info.Author),
      subject: infoText(info.Subject),
      created: pdfDate(info.CreationDate),
      modified: pdfDate(info.ModDate),
      language: infoText(info.Language),
      hasTextLayer: letters >= Math.max(20, doc.numPages * 10),
    };
  } finally {
    await task.destroy();
  }
}

/** Items into lines: pdf.js marks most line ends; a change of baseline marks the rest. */
function pageText(items: TextItem[]): string {
  let text = '';
  let lastY: number | undefined;
  for (const item of items) {
    const y = item.transform?.[5];
    if (lastY !== undefined && y !== undefined && Math.abs(y - lastY) > 1 && text && !text.endsWith('\n')) text += '\n';
    text += item.str;
    if (item.hasEOL) text += '\n';
    if (y !== undefined) lastY = y;
  }
  // A glyph the font maps to no character comes out as NUL.
  return text.replaceAll('\u0000', '').replace(/[ \t]+\n/g, '\n');
}

function refusal(err: unknown): VigilError {
  const name = (err as { name?: string }).name;
  if (name === 'PasswordException') return new VigilError('invalid_argument', 'the PDF is password-protected: remove the password and import it again');
  if (name === 'InvalidPDFException') return new VigilError('invalid_argument', 'the PDF is damaged or truncated');
  return new VigilError('invalid_argument', `the PDF cannot be read (${(err as Error).message ?? String(err)})`);
}

function infoText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replaceAll('\u0000', '').replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/** "D:20220111093000+06'00'" → "2022-01-11". */
function pdfDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo = '01', d = '01'] = [m[1]!, m[2], m[3]];
  const date = `${y}-${mo}-${d}`;
  return Number.isNaN(Date.parse(date)) || +y < 1900 ? undefined : date;
}
