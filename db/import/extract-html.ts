import { Parser } from 'htmlparser2';

/**
 * The text of an HTML page (or of a DOCX converted to HTML): headings become "# " lines and
 * every block its own paragraph, so the passages keep the document's sections. Only text is
 * read: scripts, styles and embedded objects are skipped and nothing is ever fetched or run.
 */
export interface ExtractedHtml {
  title: string | undefined;
  /** The first heading, when the page has no <title>. */
  firstHeading: string | undefined;
  text: string;
}

const skipped = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'audio', 'video', 'select', 'button']);
const blocks = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tr',
  'figure',
  'figcaption',
  'address',
  'hr',
  'form',
  'fieldset',
  'body',
  'html',
]);

export function extractHtml(html: string): ExtractedHtml {
  const paragraphs: string[] = [];
  let current = '';
  let skipDepth = 0;
  let inTitle = false;
  let title = '';
  let headingLevel = 0;
  let firstHeading: string | undefined;
  let inPre = 0;

  const flush = () => {
    const text = inPre ? current.replace(/[ \t]+$/gm, '').trim() : current.replace(/\s+/g, ' ').trim();
    if (text) {
      if (headingLevel) {
        paragraphs.push(`${'#'.repeat(headingLevel)} ${text.replace(/\s+/g, ' ')}`);
        firstHeading ??= text.replace(/\s+/g, ' ');
      } else paragraphs.push(text);
    }
    current = '';
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title' && !skipDepth) {
          inTitle = true;
          return;
        }
        if (skipped.has(name)) {
          skipDepth++;
          return;
        }
        if (skipDepth) return;
        if (/^h[1-6]$/.test(name)) {
          flush();
          headingLevel = Number(name[1]);
        } else if (blocks.has(name)) flush();
        else if (name === 'br') current += '\n';
        else if (name === 'td' || name === 'th') current += current ? '\t' : '';
        if (name === 'pre') inPre++;
        if (name === 'li') current += '• ';
      },
      ontext(text) {
        if (inTitle) title += text;
        else if (!skipDepth) current += text;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          return;
        }
        if (skipped.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth) return;
        if (/^h[1-6]$/.test(name)) {
          flush();
          headingLevel = 0;
        } else if (blocks.has(name)) flush();
        if (name === 'pre') inPre = Math.max(0, inPre - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  return { title: cleanTitle || undefined, firstHeading, text: paragraphs.join('\n\n') };
}
