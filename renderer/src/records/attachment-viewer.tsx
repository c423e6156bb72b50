import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notices, messageOf } from '../shared/notices.js';
import { call } from '../shared/contract-client.js';
import type { AttachmentRef } from '../../../db/shared/schema-parts.js';
import { sizeInWords } from '../../../db/shared/size-words.js';

/** pdf.js is loaded the first time a PDF is opened, not with the app. */
const PdfPages = lazy(() => import('./pdf-pages.js').then((m) => ({ default: m.PdfPages })));

/** Where to open a PDF: a page, and the words to mark on it (from a search hit). */
export interface PdfStart {
  page: number;
  terms: string[];
}

/** The PDF a report was imported from, which its pages and passages refer to. */
export const originalPdf = (attachments: AttachmentRef[]) => attachments.find((a) => a.role === 'original' && mimeOf(a) === 'application/pdf');

const viewable = (a: AttachmentRef) => /^application\/pdf$|^image\//.test(a.mime ?? '') || /\.(pdf|png|jpe?g|gif|webp)$/i.test(a.name);
const mimeOf = (a: AttachmentRef) => a.mime ?? (/\.pdf$/i.test(a.name) ? 'application/pdf' : /\.png$/i.test(a.name) ? 'image/png' : 'image/jpeg');

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * An attachment shown inside the app: its parts are fetched from the archive into memory,
 * checked against its SHA-256 and shown from there: a PDF drawn by pdf.js, an image from a
 * blob: address. Nothing is written to disk in the clear; the memory is released on close.
 */
export function AttachmentViewer({ attachment, start, onClose }: { attachment: AttachmentRef; start?: PdfStart | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [bytes, setBytes] = useState<Uint8Array<ArrayBuffer> | null>(null);
  const [loaded, setLoaded] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    let made: string | null = null;
    void (async () => {
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let count = 1;
      for (let index = 0; index < count && current; index++) {
        const part = await call('attachments.part', { sha256: attachment.sha256, index });
        count = part.count;
        parts.push(Uint8Array.from(atob(part.data), (c) => c.charCodeAt(0)));
        setLoaded(Math.round(((index + 1) / count) * 100));
      }
      if (!current) return;
      const blob = new Blob(parts, { type: mimeOf(attachment) });
      const whole = new Uint8Array(await blob.arrayBuffer());
      if (hex(await crypto.subtle.digest('SHA-256', whole)) !== attachment.sha256) throw new Error(t('attachment.damaged'));
      if (!current) return;
      if (mimeOf(attachment) === 'application/pdf') setBytes(whole);
      else setUrl((made = URL.createObjectURL(blob)));
    })().catch((err: unknown) => current && setError(messageOf(err)));
    return () => {
      current = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [attachment, t]);

  return (
    <div className="attachment-viewer" role="dialog" aria-label={attachment.name}>
      <div className="viewer-head">
        <strong>{attachment.name}</strong>
        <button type="button" className="secondary" onClick={onClose}>
          {t('attachment.close')}
        </button>
      </div>
      <Notices error={error} />
      {!url && !bytes && !error && <progress max={100} value={loaded} aria-label={t('attachment.loading')} />}
      {bytes && (
        <Suspense fallback={<progress aria-label={t('attachment.loading')} />}>
          <PdfPages data={bytes} name={attachment.name} start={start} />
        </Suspense>
      )}
      {url && <img src={url} alt={attachment.name} className="viewer-image" />}
      {(url || bytes) && (
        <p className="help" role="status">
          {t('attachment.verified')}
        </p>
      )}
    </div>
  );
}

/**
 * A record's attachments, each viewable in the app when it is a PDF or an image. `opening` opens
 * one from elsewhere on the page (a passage's page number opens the original PDF there).
 */
export function AttachmentList({ attachments, opening }: { attachments: AttachmentRef[]; opening?: { attachment: AttachmentRef; start: PdfStart } | null }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<AttachmentRef | null>(null);
  const [start, setStart] = useState<PdfStart | undefined>(undefined);
  const viewer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!opening) return;
    setOpen(opening.attachment);
    setStart(opening.start);
    viewer.current?.scrollIntoView({ block: 'start' });
  }, [opening]);
  return (
    <section aria-label={t('fields.attachments')}>
      <h2 className="document-title">{t('fields.attachments')}</h2>
      <ul className="attachments">
        {attachments.map((a) => (
          <li key={a.sha256}>
            <span>{a.name}</span> <span className="help">{sizeInWords(a.size, i18n.language)}</span>{' '}
            {viewable(a) && (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setStart(undefined);
                  setOpen(a);
                }}
              >
                {t('attachment.view')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div ref={viewer}>{open && <AttachmentViewer key={`${open.sha256}-${start?.page ?? 0}`} attachment={open} start={start} onClose={() => setOpen(null)} />}</div>
    </section>
  );
}
