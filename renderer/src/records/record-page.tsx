import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notices, messageOf } from '../shared/notices.js';
import { displayLocale } from '../i18n/setup-i18n.js';
import type { ResultOf } from '../../../db/service.js';
import { ContractError, call, saveRecordsDocx } from '../shared/contract-client.js';
import { DocumentText, type PassageFocus } from './document-text.js';
import { AttachmentList, originalPdf, type PdfStart } from './attachment-viewer.js';
import type { AttachmentRef } from '../../../db/shared/schema-parts.js';
import { DisputedAccounts, hasDisputedArrests } from './disputed-accounts.js';
import { DefinedValues } from './defined-values.js';
import { FieldList, fieldLabel } from '../shared/field-value.js';
import { RecordHistory } from './record-history.js';
import { LinkedFrom } from '../shared/record-link.js';
import { MentionedIn } from './mentions.js';
import { CaseTimeline } from './case-timeline.js';
import { viewOfType } from '../../../db/shared/record-views.js';
import { RecordForm } from './record-form.js';
import { TrialOverview, fieldsShownByTrialOverview } from './trial-overview.js';

type RecordView = ResultOf<'records.get'>;

/** Long texts shown as a document, passage by passage, rather than as one field. */
const documentFields = ['body', 'text', 'description'];

/**
 * One record: its fields as the archive holds them, its long texts as documents (opened on
 * the passage a search hit came from), and Edit to change it through its form.
 */
export function RecordPage({ id, onBack, onOpen, focus }: { id: string; onBack: () => void; onOpen: (id: string) => void; focus?: PassageFocus | undefined }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<RecordView | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Deleted from this page: shown greyed with Restore, until another record is opened. */
  const [deleted, setDeleted] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  /** A page of the original PDF opened from a passage. */
  const [opening, setOpening] = useState<{ attachment: AttachmentRef; start: PdfStart } | null>(null);

  useEffect(() => {
    let current = true;
    setEditing(false);
    setDeleted(false);
    setConfirmingDelete(false);
    setOpening(null);
    setSaved(null);
    call('records.get', { id })
      .then((v) => current && setView(v))
      .catch((err: unknown) => current && setError(err instanceof ContractError ? messageOf(err) : t('record.failed')));
    return () => {
      current = false;
    };
  }, [id, t]);

  if (view && editing) {
    return (
      <RecordForm
        type={view.type}
        initial={view}
        onSaved={(saved) => {
          setView(saved);
          setEditing(false);
        }}
        onCancel={() => setEditing(false)}
      />
    );
  }

  async function remove() {
    setConfirmingDelete(false);
    try {
      await call('records.delete', { id });
      setDeleted(true);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  /** The record as a Word document for people, after the same warning as every export: it leaves the archive unencrypted. */
  async function saveDocx() {
    if (!view || !window.confirm(t('sync.exportWarning'))) return;
    setError(null);
    setSaved(null);
    try {
      const file = await saveRecordsDocx({ ids: [view.id], language: i18n.language.startsWith('ru') ? 'ru' : 'en' }, String(view.data.title ?? ''));
      if (file) setSaved(t('record.savedDocx', { file }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function restore() {
    try {
      setView(await call('records.restore', { id }));
      setDeleted(false);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const { title, ...fields } = (view?.data ?? {}) as Record<string, unknown>;
  const documents = documentFields.filter((f) => typeof fields[f] === 'string' && (fields[f] as string).trim());
  const shownAbove = view?.type === 'trial' ? fieldsShownByTrialOverview : [];
  const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => !documents.includes(k) && k !== 'attachments' && k !== 'defined' && !shownAbove.includes(k)));
  const defined = (fields.defined ?? {}) as Record<string, unknown>;
  const attachments = view?.data.attachments ?? [];
  const pdf = originalPdf(attachments);
  const showPage = pdf ? (page: number, terms: string[]) => setOpening({ attachment: pdf, start: { page, terms } }) : undefined;
  return (
    <article className={deleted ? 'record deleted' : 'record'} aria-labelledby="record-title">
      <div className="record-actions">
        <button type="button" className="back" onClick={onBack}>
          {t('record.back')}
        </button>
        {view && !deleted && (
          <span className="record-buttons">
            <button type="button" onClick={() => setEditing(true)}>
              {t('record.edit')}
            </button>
            <button type="button" className="secondary" onClick={() => void saveDocx()}>
              {t('record.saveDocx')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmingDelete(true)}>
              {t('record.delete')}
            </button>
          </span>
        )}
      </div>
      {confirmingDelete && (
        <p className="notice" role="alert">
          {t('record.deleteQuestion')}{' '}
          <button type="button" onClick={() => void remove()}>
            {t('record.deleteConfirm')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirmingDelete(false)}>
            {t('record.keep')}
          </button>
        </p>
      )}
      {deleted && (
        <p className="notice" role="status">
          {t('record.deleted')}{' '}
          <button type="button" onClick={() => void restore()}>
            {t('record.restore')}
          </button>
        </p>
      )}
      <Notices status={saved} error={error} />
      {view && (
        <>
          <h1 id="record-title">{String(title ?? '')}</h1>
          <p className="meta">
            {t(`types.${view.type}`)} ·{' '}
            {t('record.changed', { when: new Date(view.updatedAt).toLocaleString(displayLocale(i18n.language), { dateStyle: 'long', timeStyle: 'short' }) })}
            {view.conflict ? ` · ${t('record.hasConflict')}` : ''}
          </p>
          {view.type === 'case' && <CaseTimeline data={viewOfType(view, 'case').data} />}
          {view.type === 'trial' && <TrialOverview key={view.revision} id={view.id} title={String(title ?? '')} onOpen={onOpen} />}
          <FieldList data={rest} type={view.type} />
          <DefinedValues type={view.type} values={defined} />
          <LinkedFrom key={view.revision} id={view.id} />
          {(view.type === 'detainee' || view.type === 'person') && <MentionedIn view={view} onChanged={setView} />}
          {attachments.length > 0 && <AttachmentList attachments={attachments} opening={opening} />}
          {hasDisputedArrests(view.data) && <DisputedAccounts arrests={view.data.arrests} />}
          {documents.map((field) => (
            <section key={field} aria-label={fieldLabel(field)}>
              <h2 className="document-title">{fieldLabel(field)}</h2>
              <DocumentText type={view.type} data={view.data} field={field} focus={focus?.anchor.field === field ? focus : undefined} onShowPage={showPage} />
            </section>
          ))}
          <RecordHistory id={view.id} revision={view.revision} />
          <details className="record-details">
            <summary>{t('record.details')}</summary>
            <dl className="fields">
              <div>
                <dt>{t('record.id')}</dt>
                <dd className="mono">{view.id}</dd>
              </div>
              <div>
                <dt>{t('record.created')}</dt>
                <dd>{new Date(view.createdAt).toLocaleString(displayLocale(i18n.language), { dateStyle: 'long', timeStyle: 'short' })}</dd>
              </div>
              <div>
                <dt>{t('record.version')}</dt>
                <dd className="mono">{view.revision.slice(0, 12)}</dd>
              </div>
            </dl>
          </details>
        </>
      )}
    </article>
  );
}
