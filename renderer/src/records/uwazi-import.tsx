import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../../db/service.js';
import { labelIn } from './defined-fields.js';
import { call, desktop, fileForEngine } from '../shared/contract-client.js';
import { Notices, messageOf } from '../shared/notices.js';
import { refreshDefinitions, useDefinitions } from '../shared/use-definitions.js';
import { documentedTypes, keyFrom } from '../templates/definitions-editor.js';

type Outcome = ResultOf<'import.uwazi'>;
type Part = 'entities' | 'template' | 'thesauri';
const newType = '(new)';

/**
 * Import from Uwazi: its CSV export of one template's entities, with that template (and its
 * thesauri) as Uwazi's API gives them, the first time. Checked first with nothing written; then
 * imported in one write. Importing the same file again updates the same records.
 */
export function UwaziImport({ onImported }: { onImported?: () => void }) {
  const { t, i18n } = useTranslation();
  const definitions = useDefinitions();
  const [files, setFiles] = useState<Partial<Record<Part, { name: string; path: string }>>>({});
  const [type, setType] = useState<string>(newType);
  const [typeName, setTypeName] = useState('');
  const [checked, setChecked] = useState<Outcome | null>(null);
  const [done, setDone] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Two clicks in one instant start one import: state is too slow to refuse the second.
  const running = useRef(false);
  const types = [...(definitions?.types.filter((d) => !d.hidden).map((d) => d.key) ?? []), ...documentedTypes];
  const key = type === newType ? keyFrom(typeName) : type;

  async function choose(part: Part, picked?: File) {
    setError(null);
    setChecked(null);
    setDone(null);
    try {
      if (desktop) {
        const paths = await desktop.choose('import-uwazi');
        const path = paths?.[0];
        if (path) setFiles((f) => ({ ...f, [part]: { name: path.split(/[/\\]/).pop()!, path } }));
      } else if (picked) {
        const path = await fileForEngine(picked);
        setFiles((f) => ({ ...f, [part]: { name: picked.name, path } }));
      }
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function run(dryRun: boolean) {
    if (running.current || !files.entities || !key) return;
    running.current = true;
    setError(null);
    setBusy(true);
    try {
      const outcome = await call('import.uwazi', {
        path: files.entities.path,
        as: key,
        ...(type === newType && typeName.trim() && !types.includes(key) ? { name: typeName.trim() } : {}),
        ...(files.template ? { template: files.template.path } : {}),
        ...(files.thesauri ? { thesauri: files.thesauri.path } : {}),
        ...(dryRun ? { dryRun: true } : {}),
      });
      if (dryRun) setChecked(outcome);
      else {
        setDone(outcome);
        setChecked(null);
        await refreshDefinitions();
        setType(key);
        onImported?.();
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  // Enter checks first: writing takes the button that says so.
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(true);
  };
  const typeLabel = (k: string) => t(`lists.${k}`, { defaultValue: k });
  const shown = done ?? checked;

  return (
    <form className="stacked uwazi-import" onSubmit={submit} aria-labelledby="uwazi-title">
      <h2 id="uwazi-title">{t('uwazi.title')}</h2>
      <p className="help">{t('uwazi.about')}</p>
      {(['entities', 'template', 'thesauri'] as const).map((part) => (
        <div className="uwazi-file" key={part}>
          <span id={`uwazi-${part}-label`}>{t(`uwazi.${part}`)}</span>
          {desktop ? (
            <button type="button" className="secondary" aria-describedby={`uwazi-${part}-label`} onClick={() => void choose(part)}>
              {t('uwazi.choose')}
            </button>
          ) : (
            <input
              type="file"
              aria-labelledby={`uwazi-${part}-label`}
              accept={part === 'entities' ? '.csv' : '.json'}
              onChange={(e) => {
                const picked = e.target.files?.[0];
                if (picked) void choose(part, picked);
              }}
            />
          )}
          {desktop && files[part] && <span className="chosen-name">{files[part].name}</span>}
        </div>
      ))}
      <label htmlFor="uwazi-type">{t('uwazi.type')}</label>
      <select
        id="uwazi-type"
        value={type}
        onChange={(e) => {
          setType(e.target.value);
          setChecked(null);
        }}
      >
        <option value={newType}>{t('uwazi.newType')}</option>
        {types.map((k) => (
          <option key={k} value={k}>
            {typeLabel(k)}
          </option>
        ))}
      </select>
      {type === newType && (
        <>
          <label htmlFor="uwazi-type-name">{t('uwazi.typeName')}</label>
          <input id="uwazi-type-name" value={typeName} onChange={(e) => setTypeName(e.target.value)} placeholder="Incident" maxLength={64} />
          {typeName.trim() && !key && <p className="help">{t('definitions.latinNeeded')}</p>}
          {key && types.includes(key) && <p className="help">{t('uwazi.typeExists', { type: typeLabel(key) })}</p>}
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="secondary" disabled={busy || !files.entities || !key}>
          {t('uwazi.check')}
        </button>
        <button type="button" disabled={busy || !files.entities || !key} onClick={() => void run(false)}>
          {t('uwazi.import')}
        </button>
      </div>
      <Notices status={null} error={error} />
      {shown && (
        <div className="uwazi-outcome" role="status">
          <p>
            {done
              ? t('uwazi.imported', { created: shown.created, updated: shown.updated, unchanged: shown.unchanged, type: typeLabel(shown.type) })
              : t('uwazi.checked', { count: shown.rows })}
          </p>
          {(shown.definitions.fields > 0 || shown.definitions.terms > 0) && <p>{t('uwazi.defined', { fields: shown.definitions.fields, terms: shown.definitions.terms })}</p>}
          <ul className="uwazi-columns" aria-label={t('uwazi.columns')}>
            {shown.columns.map((c, i) => (
              <li key={i}>
                {c.header || '—'} →{' '}
                {c.field === 'title' ? t('uwazi.titleColumn') : c.field?.startsWith('(') ? t('uwazi.identity') : c.labels ? labelIn(c.labels, i18n.language) : t('uwazi.leftOut')}
              </li>
            ))}
          </ul>
          {shown.notes.length > 0 && (
            <ul className="uwazi-notes" aria-label={t('uwazi.notes')}>
              {shown.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
