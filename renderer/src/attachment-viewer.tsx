import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ContractError, call } from './contract-client.js';

export interface AttachmentRef {
  sha256: string;
  name: string;
  size: number;
  mime?: string;
}

const viewable = (a: AttachmentRef) => /^application\/pdf$|^image\//.test(a.mime ?? '') || /\.(pdf|png|jpe?g|gif|webp)$/i.test(a.name);
const mimeOf = (a: AttachmentRef) => a.mime ?? (/\.pdf$/i.test(a.name) ? 'application/pdf' : /\.png$/i.test(a.name) ? 'image/png' : 'image/jpeg');

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * An attachment shown inside the app: its parts are fetched from the archive into memory,
 * checked against its SHA-256 and shown from a blob: address (Chromium's PDF viewer, or an
 * image). Nothing is written to disk in the clear; the memory is released on close.
 */
export function AttachmentViewer({ attachment, onClose }: { attachment: AttachmentRef; onClose: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
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
      if (hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())) !== attachment.sha256) throw new Error(t('attachment.damaged'));
      made = URL.createObjectURL(blob);
      if (current) setUrl(made);
    })().catch((err: unknown) => current && setError(err instanceof ContractError ? err.message : (err as Error).message));
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
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!url && !error && <progress max={100} value={loaded} aria-label={t('attachment.loading')} />}
      {url && (mimeOf(attachment) === 'application/pdf' ? <iframe title={attachment.name} src={url} className="viewer-frame" /> : <img src={url} alt={attachment.name} className="viewer-image" />)}
      {url && (
        <p className="help" role="status">
          {t('attachment.verified')}
        </p>
      )}
    </div>
  );
}

/** A record's attachments, each viewable in the app when it is a PDF or an image. */
export function AttachmentList({ attachments }: { attachments: AttachmentRef[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<AttachmentRef | null>(null);
  return (
    <section aria-label={t('fields.attachments')}>
      <h2 className="document-title">{t('fields.attachments')}</h2>
      <ul className="attachments">
        {attachments.map((a) => (
          <li key={a.sha256}>
            <span>{a.name}</span> <span className="help">{t('attachment.size', { size: (a.size / 1024).toFixed(0) })}</span>{' '}
            {viewable(a) && (
              <button type="button" className="secondary" onClick={() => setOpen(a)}>
                {t('attachment.view')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {open && <AttachmentViewer attachment={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
