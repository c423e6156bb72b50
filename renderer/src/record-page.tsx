import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../db/service.js';
import { ContractError, call } from './contract-client.js';
import { FieldList } from './field-value.js';
import { RecordForm } from './record-form.js';

type RecordView = ResultOf<'records.get'>;

/** One record: its fields as the archive holds them, and Edit to change them through its form. */
export function RecordPage({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<RecordView | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setEditing(false);
    call('records.get', { id })
      .then((v) => current && setView(v))
      .catch((err: unknown) => current && setError(err instanceof ContractError ? err.message : t('record.failed')));
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

  const { title, ...rest } = (view?.data ?? {}) as Record<string, unknown>;
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
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {view && (
        <>
          <h1 id="record-title">{String(title ?? '')}</h1>
          <p className="meta">
            {t(`types.${view.type}`)} · {t('record.changed', { when: new Date(view.updatedAt).toLocaleString(i18n.language) })}
            {view.conflict ? ` · ${t('record.hasConflict')}` : ''}
          </p>
          <FieldList data={rest} />
        </>
      )}
    </article>
  );
}
