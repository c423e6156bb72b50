import { useEffect, useState, type ReactNode } from 'react';
import type { ResultOf } from '../../db/service.js';
import { ContractError, call } from './contract-client.js';

type RecordView = ResultOf<'records.get'>;

/** Field names as people say them: "statusNote" → "Status note". */
function label(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isFuzzyDate(value: unknown): value is { text: string } {
  return typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string' && Object.keys(value).every((k) => ['text', 'start', 'end', 'approximate'].includes(k));
}

/** Any value of a record, readably: dates as written, lists as lists, nested details as nested lists. */
function Value({ value }: { value: unknown }): ReactNode {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'object') return String(value);
  if (isFuzzyDate(value)) return value.text;
  if (Array.isArray(value)) {
    return (
      <ul>
        {value.map((item, i) => (
          <li key={i}>
            <Value value={item} />
          </li>
        ))}
      </ul>
    );
  }
  return <Fields data={value as Record<string, unknown>} />;
}

function Fields({ data }: { data: Record<string, unknown> }) {
  const entries = Object.entries(data).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return (
    <dl className="fields">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{label(key)}</dt>
          <dd>
            <Value value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One record, read-only for now: its fields as the archive holds them. */
export function RecordPage({ id, onBack }: { id: string; onBack: () => void }) {
  const [view, setView] = useState<RecordView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    call('records.get', { id })
      .then((v) => current && setView(v))
      .catch((err: unknown) => current && setError(err instanceof ContractError ? err.message : 'The record could not be read.'));
    return () => {
      current = false;
    };
  }, [id]);

  const { title, ...rest } = (view?.data ?? {}) as Record<string, unknown>;
  return (
    <article className="record" aria-labelledby="record-title">
      <button type="button" className="back" onClick={onBack}>
        ← Back
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {view && (
        <>
          <h1 id="record-title">{String(title ?? '')}</h1>
          <p className="meta">
            {view.type} · changed {new Date(view.updatedAt).toLocaleString()}
            {view.conflict ? ' · has conflicting versions' : ''}
          </p>
          <Fields data={rest} />
        </>
      )}
    </article>
  );
}
