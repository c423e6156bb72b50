import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GlobalWorkerOptions, Util, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PdfStart } from './attachment-viewer.js';

GlobalWorkerOptions.workerSrc = workerUrl;

const firstPages = 20;
/** Zoom steps; "fit" is the page at the viewer's width, capped at a readable 1.5× of A4. */
const zooms = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
export type Zoom = number | 'fit';

/**
 * A PDF drawn by pdf.js from bytes held in memory, page by page onto canvases: the same in the
 * desktop app and the browser, with no plugin, no form or script of the document run, and nothing
 * fetched or written anywhere. Opened from a search hit it scrolls to the hit's page and marks
 * the words that matched there.
 */
export function PdfPages({ data, name, start }: { data: Uint8Array<ArrayBuffer>; name: string; start?: PdfStart | undefined }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [shown, setShown] = useState(Math.max(firstPages, start ? start.page + 2 : 0));
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    // An image larger than a 600 dpi A3 scan (about 70 million pixels) is not decoded: a crafted
    // PDF of a few megabytes can otherwise inflate gigabytes of pixels in the page's process.
    const task = getDocument({ data: data.slice(), enableXfa: false, stopAtErrors: false, maxImageSize: 70_000_000 });
    task.promise.then(setDoc, (err: Error) => setError(err.message));
    return () => void task.destroy();
  }, [data]);

  if (error)
    return (
      <p role="alert" className="error">
        {t('attachment.unreadable', { reason: error })}
      </p>
    );
  if (!doc) return null;
  const count = Math.min(doc.numPages, shown);
  const step = (direction: 1 | -1) => {
    const current = zoom === 'fit' ? 1 : zoom;
    const next = direction > 0 ? zooms.find((z) => z > current) : [...zooms].reverse().find((z) => z < current);
    if (next) setZoom(next);
  };
  return (
    <>
      <div className="pdf-toolbar" role="toolbar" aria-label={t('attachment.zoom')}>
        <button type="button" className="secondary" onClick={() => step(-1)} disabled={zoom !== 'fit' && zoom <= zooms[0]!} aria-label={t('attachment.zoomOut')}>
          −
        </button>
        <output aria-live="polite">{zoom === 'fit' ? '' : `${Math.round(zoom * 100)} %`}</output>
        <button type="button" className="secondary" onClick={() => step(1)} disabled={zoom !== 'fit' && zoom >= zooms.at(-1)!} aria-label={t('attachment.zoomIn')}>
          +
        </button>
        <button type="button" className="secondary" onClick={() => setZoom('fit')} aria-pressed={zoom === 'fit'}>
          {t('attachment.fitWidth')}
        </button>
        <span className="help">{t('attachment.pageCount', { count: doc.numPages })}</span>
      </div>
      <div className="pdf-pages" role="region" aria-label={name} tabIndex={0}>
        {Array.from({ length: count }, (_, i) => (
          <PdfPage key={i} doc={doc} number={i + 1} zoom={zoom} terms={start?.page === i + 1 ? start.terms : undefined} scrollTo={start?.page === i + 1} />
        ))}
        {doc.numPages > count && (
          <button type="button" className="secondary" onClick={() => setShown(shown + firstPages)}>
            {t('attachment.morePages', { count: doc.numPages - count })}
          </button>
        )}
      </div>
    </>
  );
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function PdfPage({ doc, number, zoom, terms, scrollTo }: { doc: PDFDocumentProxy; number: number; zoom: Zoom; terms?: string[] | undefined; scrollTo: boolean }) {
  const { t } = useTranslation();
  const figure = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [marks, setMarks] = useState<Box[]>([]);
  useEffect(() => {
    let cancelled = false;
    let render: { cancel(): void } | undefined;
    void doc.getPage(number).then(async (page) => {
      if (cancelled || !canvas.current) return;
      const ratio = window.devicePixelRatio || 1;
      const natural = page.getViewport({ scale: 1 });
      const room = figure.current?.parentElement?.clientWidth ?? 800;
      // Fit: the viewer's width less its padding, never larger than 1.5× (a readable A4 column).
      const cssScale = zoom === 'fit' ? Math.min(1.5, (room - 32) / natural.width) : zoom;
      const viewport = page.getViewport({ scale: cssScale });
      canvas.current.width = Math.floor(viewport.width * ratio);
      canvas.current.height = Math.floor(viewport.height * ratio);
      canvas.current.style.width = `${viewport.width}px`;
      canvas.current.style.height = `${viewport.height}px`;
      const task = page.render({ canvas: canvas.current, viewport: page.getViewport({ scale: cssScale * ratio }) });
      render = task;
      task.promise.catch(() => undefined);
      if (terms?.length) setMarks(await termBoxes(page, viewport, terms));
      // The viewer brought into view once its page is drawn (scroll anchoring would otherwise keep
      // the text below in place as the viewer grows above it), then its own scroll to the page.
      const pages = figure.current?.parentElement;
      if (scrollTo && !cancelled && pages && figure.current) {
        pages.closest('.attachment-viewer')?.scrollIntoView({ block: 'start' });
        pages.scrollTop = figure.current.offsetTop - 8;
      }
    });
    return () => {
      cancelled = true;
      render?.cancel();
    };
  }, [doc, number, zoom, terms, scrollTo]);
  return (
    <figure ref={figure} className={terms?.length ? 'pdf-page focused' : 'pdf-page'} aria-current={terms?.length ? 'location' : undefined}>
      <div className="pdf-sheet">
        <canvas ref={canvas} />
        {marks.map((m, i) => (
          <mark key={i} className="pdf-mark" style={{ left: m.left, top: m.top, width: m.width, height: m.height }} />
        ))}
      </div>
      <figcaption>{t('search.page', { page: number })}</figcaption>
    </figure>
  );
}

/** Boxes, in CSS pixels on the drawn page, around the text runs' stretches that hold one of the words. */
async function termBoxes(page: Awaited<ReturnType<PDFDocumentProxy['getPage']>>, viewport: ReturnType<typeof page.getViewport>, terms: string[]): Promise<Box[]> {
  const words = terms.map((w) => w.trim().toLocaleLowerCase()).filter((w) => w.length > 1);
  const content = await page.getTextContent();
  // Where a word sits in its run is measured in the run's own font, then fitted to the run's width on the page.
  const measure = document.createElement('canvas').getContext('2d');
  const boxes: Box[] = [];
  for (const item of content.items) {
    if (!('str' in item) || !item.str) continue;
    const text = item.str.toLocaleLowerCase();
    const [a, b, , , e, f] = Util.transform(viewport.transform, item.transform) as number[];
    const height = Math.hypot(a!, b!);
    const width = item.width * viewport.scale;
    if (measure) measure.font = `${height}px ${content.styles[item.fontName]?.fontFamily ?? 'sans-serif'}`;
    const whole = measure?.measureText(item.str).width || text.length;
    const span = (from: number, to: number) => ((measure ? measure.measureText(item.str.slice(from, to)).width : to - from) / whole) * width;
    for (const word of words) {
      for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
        boxes.push({ left: e! + span(0, at), top: f! - height, width: span(at, at + word.length), height: height * 1.2 });
      }
    }
  }
  return boxes;
}
