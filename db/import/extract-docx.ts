import { Parser } from 'htmlparser2';
import mammoth from 'mammoth';
import { readZipText } from './check-zip.js';
import type { FileInput } from './file-input.js';
import { extractHtml, type ExtractedHtml } from './extract-html.js';

export interface ExtractedDocx extends ExtractedHtml {
  author: string | undefined;
  created: string | undefined;
}

/**
 * The text of a Word document: mammoth turns its paragraphs and headings into HTML (images
 * left out), which is read like any page; title, author and date come from its core
 * properties. The ZIP has been checked against the limits before this runs.
 */
export async function extractDocx(input: FileInput): Promise<ExtractedDocx> {
  const source = typeof input === 'string' ? { path: input } : { buffer: Buffer.from(input.buffer, input.byteOffset, input.byteLength) };
  const { value } = await mammoth.convertToHtml(source, { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) });
  const page = extractHtml(value);
  const core = coreProperties((await readZipText(input, 'docProps/core.xml')) ?? '');
  return { ...page, title: core['dc:title'], author: core['dc:creator'], created: core['dcterms:created']?.slice(0, 10) };
}

function coreProperties(xml: string): Record<string, string | undefined> {
  const found: Record<string, string | undefined> = {};
  let open: string | undefined;
  let text = '';
  const parser = new Parser(
    {
      onopentag(name) {
        open = name;
        text = '';
      },
      ontext(t) {
        if (open) text += t;
      },
      onclosetag(name) {
        if (name === open && text.trim()) found[name] = text.replace(/\s+/g, ' ').trim();
        open = undefined;
      },
    },
    { xmlMode: true },
  );
  parser.write(xml);
  parser.end();
  return found;
}
