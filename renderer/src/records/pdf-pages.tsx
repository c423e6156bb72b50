import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

const firstPages = 20;

/**
 * A PDF drawn by pdf.js from bytes held in memory, page by page onto canvases: the same in the
 * desktop app and the browser, with no plugin, no form or script of the document run, and nothing
 * fetched or written anywhere.
 */
export function PdfPages({ data, name }: { data: Uint8Array<ArrayBuffer>; name: string }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [shown, setShown] = useState(firstPages);
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
  return (
    <div className="pdf-pages" aria-label={name}>
      {Array.from({ length: count }, (_, i) => (
        <PdfPage key={i} doc={doc} number={i + 1} />
      ))}
      {doc.numPages > count && (
        <button type="button" className="secondary" onClick={() => setShown(shown + firstPages)}>
          {t('attachment.morePages', { count: doc.numPages - count })}
        </button>
      )}
    </div>
  );
}

function PdfPage({ doc, number }: { doc: PDFDocumentProxy; number: number }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    let render: { cancel(): void } | undefined;
    void doc.getPage(number).then((page) => {
      if (cancelled || !canvas.current) return;
      const scale = Math.min(2, (canvas.current.parentElement?.clientWidth ?? 800) / page.getViewport({ scale: 1 }).width) * (window.devicePixelRatio || 1);
      const viewport = page.getViewport({ scale });
      canvas.current.width = viewport.width;
      canvas.current.height = viewport.height;
      canvas.current.style.width = `${viewport.width / (window.devicePixelRatio || 1)}px`;
      const task = page.render({ canvas: canvas.current, viewport });
      render = task;
      task.promise.catch(() => undefined);
    });
    return () => {
      cancelled = true;
      render?.cancel();
    };
  }, [doc, number]);
  return (
    <figure className="pdf-page">
      <canvas ref={canvas} />
      <figcaption>{t('search.page', { page: number })}</figcaption>
    </figure>
  );
}
