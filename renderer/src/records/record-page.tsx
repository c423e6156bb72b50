import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notices, messageOf } from '../shared/notices.js';
import { displayLocale } from '../i18n/setup-i18n.js';
import type { ResultOf } from '../../../db/service.js';
import { ContractError, call } from '../shared/contract-client.js';
import { DocumentText, type PassageFocus } from './document-text.js';
import { AttachmentList } from './attachment-viewer.js';
import { DisputedAccounts, hasDisputedArrests } from './disputed-accounts.js';
import { FieldList, fieldLabel } from '../shared/field-value.js';
import { RecordHistory } from './record-history.js';
import { LinkedFrom } from '../shared/record-link.js';
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

  useEffect(() => {
    let current = true;
    setEditing(false);
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

  const { title, ...fields } = (view?.data ?? {}) as Record<string, unknown>;
  const documents = documentFields.filter((f) => typeof fields[f] === 'string' && (fields[f] as string).trim());
  const shownAbove = view?.type === 'trial' ? fieldsShownByTrialOverview : [];
  const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => !documents.includes(k) && k !== 'attachments' && !shownAbove.includes(k)));
  const attachments = view?.data.attachments ?? [];
  return (
    <article className="record" aria-labelledby="record-title">
      <div className="record-actions">
        <button type="button" className="back" onClick={onBack}>
          {t('record.back')}
        </button>
        {view && (
          <button type="button" onClick={() => setEditing(true)}>
            {t('record.edit')}
          </button>
        )}
      </div>
      <Notices error={error} />
      {view && (
        <>
          <h1 id="record-title">{String(title ?? '')}</h1>
          <p className="meta">
            {t(`types.${view.type}`)} · {t('record.changed', { when: new Date(view.updatedAt).toLocaleString(displayLocale(i18n.language)) })}
            {view.conflict ? ` · ${t('record.hasConflict')}` : ''}
          </p>
          {view.type === 'trial' && <TrialOverview key={view.revision} id={view.id} title={String(title ?? '')} onOpen={onOpen} />}
          <FieldList data={rest} />
          <LinkedFrom key={view.revision} id={view.id} />
          {attachments.length > 0 && <AttachmentList attachments={attachments} />}
          {hasDisputedArrests(view.data) && <DisputedAccounts arrests={view.data.arrests} />}
          {documents.map((field) => (
            <section key={field} aria-label={fieldLabel(field)}>
              <h2 className="document-title">{fieldLabel(field)}</h2>
              <DocumentText type={view.type} data={view.data} field={field} focus={focus?.anchor.field === field ? focus : undefined} />
            </section>
          ))}
          <RecordHistory id={view.id} revision={view.revision} />
        </>
      )}
    </article>
  );
}
