import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { recordSchemas, type RecordType } from '../../../db/shared/schemas.js';
import { parseFuzzyDate } from '../../../db/shared/fuzzy-date.js';
import type { ResultOf } from '../../../db/service.js';
import { Notices, messageOf } from '../shared/notices.js';
import { call } from '../shared/contract-client.js';
import { fieldLabel } from '../shared/field-value.js';
import { localIssue } from './field-issues.js';
import type { FieldSpec, RecordField } from '../../../db/shared/record-fields.js';
import { cleanValue, emptyValue, patchBetween, pathKey, recordForm } from './form-model.js';

type RecordView = ResultOf<'records.get'>;
type Issues = Map<string, string>;

/**
 * Create or edit a record of any type. The form is generated from the record type's schema
 * (form-model.ts); the values are checked against the same schema before they are sent, and
 * the engine checks them again.
 */
export function RecordForm({ type, initial, onSaved, onCancel }: { type: RecordType; initial?: RecordView; onSaved: (view: RecordView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const fields = useMemo(() => recordForm(type), [type]);
  const [value, setValue] = useState<Record<string, unknown>>(() => structuredClone(initial?.data ?? {}));
  const [issues, setIssues] = useState<Issues>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const data = (cleanValue(value) ?? {}) as Record<string, unknown>;
    const checked = recordSchemas[type].safeParse(data);
    if (!checked.success) {
      const found: Issues = new Map();
      for (const issue of checked.error.issues) if (!found.has(pathKey(issue.path))) found.set(pathKey(issue.path), localIssue(issue.message, t));
      setIssues(found);
      setError(
        [...found]
          .map(
            ([path, text]) =>
              `${path
                .split('.')
                .map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : fieldLabel(p)))
                .join(' › ')}: ${text}`,
          )
          .join('; '),
      );
      return;
    }
    setIssues(new Map());
    setBusy(true);
    try {
      const saved = initial
        ? await call('records.update', { id: initial.id, patch: patchBetween(initial.data, data), baseRevision: initial.revision })
        : await call('records.create', { type, data });
      onSaved(saved);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const title = initial ? t('form.editTitle', { title: String(initial.data.title ?? '') }) : t('form.newTitle', { type: t(`types.${type}`) });
  return (
    <form className="record-form" onSubmit={(e) => void save(e)} aria-labelledby="record-form-title" noValidate>
      <h1 id="record-form-title">{title}</h1>
      {fields.map((field) => (
        <Field
          key={field.key}
          field={field}
          path={[field.key]}
          value={value[field.key]}
          issues={issues}
          onChange={(v) => {
            setValue((current) => ({ ...current, [field.key]: v }));
            // A field's complaint goes once it is changed; the rest stay until the next save.
            setError(null);
            setIssues((current) => new Map([...current].filter(([path]) => path !== field.key && !path.startsWith(`${field.key}.`))));
          }}
        />
      ))}
      <Notices error={error} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? t('form.saving') : t('form.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

interface FieldProps {
  field: RecordField;
  path: (string | number)[];
  value: unknown;
  issues: Issues;
  onChange: (value: unknown) => void;
}

function Field({ field, path, value, issues, onChange }: FieldProps) {
  const id = `field-${path.join('-')}`;
  const issue = issues.get(pathKey(path));
  const label = fieldLabel(field.key);
  const { spec } = field;

  if (spec.kind === 'group') {
    const group = (value ?? {}) as Record<string, unknown>;
    const fieldset = (
      <fieldset className="group">
        <legend>{label}</legend>
        {spec.fields.map((inner) => (
          <Field key={inner.key} field={inner} path={[...path, inner.key]} value={group[inner.key]} issues={issues} onChange={(v) => onChange({ ...group, [inner.key]: v })} />
        ))}
      </fieldset>
    );
    if (field.required) return fieldset;
    // An optional group left empty (birth, health, a source) stays folded, so the form reads as the facts it holds.
    const filled = Object.values(group).some((v) => v !== undefined && v !== '') || [...issues.keys()].some((k) => k.startsWith(`${pathKey(path)}.`));
    return (
      <details className="optional-group" id={`group-${path.join('-')}`} open={filled || undefined}>
        <summary>{label}</summary>
        {fieldset}
      </details>
    );
  }
  if (spec.kind === 'list') return <ListField field={field} spec={spec} path={path} value={value} issues={issues} onChange={onChange} />;

  return (
    <div className={['field', issue ? 'invalid' : '', spec.kind === 'paragraph' ? 'wide' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {label}
        {field.required && <span aria-hidden="true"> *</span>}
      </label>
      <Input
        id={id}
        spec={spec}
        value={value}
        onChange={onChange}
        required={field.required}
        invalid={Boolean(issue)}
        describedBy={issue ? `${id}-issue` : field.description ? `${id}-help` : undefined}
      />
      {field.description && !issue && (
        <p id={`${id}-help`} className="help">
          {field.description}
        </p>
      )}
      {issue && (
        <p id={`${id}-issue`} className="field-issue">
          {issue}
        </p>
      )}
    </div>
  );
}

function ListField({ field, spec, path, value, issues, onChange }: FieldProps & { spec: Extract<FieldSpec, { kind: 'list' }> }) {
  const { t } = useTranslation();
  const items = Array.isArray(value) ? value : [];
  const label = fieldLabel(field.key);
  const set = (index: number, item: unknown) => onChange(items.map((old, i) => (i === index ? item : old)));
  return (
    <fieldset className="list-field">
      <legend>{label}</legend>
      {items.map((item, index) => (
        <div className="list-item" key={index}>
          <Field field={{ key: field.key, spec: spec.item, required: true }} path={[...path, index]} value={item} issues={issues} onChange={(v) => set(index, v)} />
          <button
            type="button"
            className="secondary"
            aria-label={`${t('form.remove')}: ${t('form.item', { field: label, n: index + 1 })}`}
            onClick={() => onChange(items.filter((_, i) => i !== index))}
          >
            {t('form.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...items, emptyValue(spec.item)])}>
        {t('form.add')}: {label}
      </button>
    </fieldset>
  );
}

interface InputProps {
  id: string;
  spec: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  required: boolean;
  invalid: boolean;
  describedBy: string | undefined;
}

function Input({ id, spec, value, onChange, required, invalid, describedBy }: InputProps) {
  const { t } = useTranslation();
  const common = { id, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy, required };
  switch (spec.kind) {
    case 'paragraph':
      return <textarea {...common} rows={4} maxLength={spec.max} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
      return (
        <input
          {...common}
          type="number"
          min={0}
          step={1}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'boolean':
      return <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked ? true : undefined)} />;
    case 'choice':
      return (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{t('form.choose')}</option>
          {spec.options.map((option) => (
            <option key={option} value={option}>
              {spec.vocabulary === 'indicators' ? t(`indicators.${option}`, { defaultValue: option }) : t(`choices.${option}`, { defaultValue: option })}
            </option>
          ))}
        </select>
      );
    case 'fuzzyDate':
      return <FuzzyDateInput {...common} value={value} onChange={onChange} />;
    case 'record':
      return <RecordPicker {...common} targets={spec.targets} value={typeof value === 'string' ? value : undefined} onChange={onChange} />;
    case 'time':
      return <input {...common} type="time" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || undefined)} />;
    default:
      return (
        <input
          {...common}
          type="text"
          maxLength={'max' in spec ? spec.max : undefined}
          value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/**
 * A date as the source words it ("early January 2022", "spring 2021", "11.01.2022"): kept as
 * written, with the range Vigil reads from it shown beside, so the observer sees at once
 * whether it was understood.
 */
export function FuzzyDateInput({
  value,
  onChange,
  ...common
}: {
  id: string;
  value: unknown;
  onChange: (value: unknown) => void;
  required: boolean;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean | undefined;
}) {
  const { t } = useTranslation();
  const text = typeof value === 'string' ? value : value && typeof value === 'object' ? String((value as { text?: string }).text ?? '') : '';
  const read = text.trim() ? parseFuzzyDate(text) : null;
  const range = read && (read.start || read.end) ? (read.start === read.end ? read.start : `${read.start ?? '…'} – ${read.end ?? '…'}`) : null;
  const hintId = `${common.id}-date`;
  return (
    <>
      <input
        {...common}
        type="text"
        placeholder={t('form.dateHint')}
        value={text}
        aria-describedby={[common['aria-describedby'], hintId].filter(Boolean).join(' ')}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={hintId} className="date-reading" aria-live="polite">
        {text.trim() ? (range ? t('form.dateReads', { range }) : t('form.dateUnread')) : ''}
      </span>
    </>
  );
}

/** A link to another record: type a name or title, pick from the quick-find suggestions. */
/**
 * Picks a record by name: type, then ArrowDown/ArrowUp and Enter (or a click) choose a
 * suggestion. Enter here never submits the form. Only records of the types the field takes are
 * offered (a hearing's trial offers trials).
 */
function RecordPicker({
  value,
  onChange,
  targets,
  ...common
}: {
  id: string;
  value: string | undefined;
  onChange: (value: unknown) => void;
  targets: readonly RecordType[] | undefined;
  required: boolean;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean | undefined;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [found, setFound] = useState<ResultOf<'search.find'>>([]);
  const [active, setActive] = useState(-1);

  useEffect(() => {
    if (!value) return setTitle(null);
    call('records.describe', { ids: [value] })
      .then(([r]) => setTitle(r ? `${t(`types.${r.type}`)}: ${r.title}` : t('form.missingRecord')))
      .catch(() => setTitle(t('form.missingRecord')));
  }, [value, t]);

  useEffect(() => {
    setActive(-1);
    if (!text.trim()) return setFound([]);
    let current = true;
    call('search.find', { text: text.trim().slice(0, 200), limit: 8, ...(targets?.length ? { types: [...targets] } : {}) })
      .then((hits) => current && setFound(hits))
      .catch(() => current && setFound([]));
    return () => {
      current = false;
    };
  }, [text, targets]);

  function pick(id: string) {
    setText('');
    setFound([]);
    onChange(id);
  }

  if (value) {
    return (
      <span className="picked">
        <output id={common.id}>{title ?? '…'}</output>{' '}
        <button type="button" className="secondary" onClick={() => onChange(undefined)}>
          {t('form.remove')}
        </button>
      </span>
    );
  }
  const listId = `${common.id}-suggestions`;
  return (
    <span className="picker">
      <input
        {...common}
        type="search"
        role="combobox"
        aria-expanded={found.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && found.length) {
            e.preventDefault();
            setActive((a) => (a + 1) % found.length);
          } else if (e.key === 'ArrowUp' && found.length) {
            e.preventDefault();
            setActive((a) => (a <= 0 ? found.length - 1 : a - 1));
          } else if (e.key === 'Enter') {
            // Enter in a picker picks; it never saves the form without the choice.
            e.preventDefault();
            const chosen = found[active >= 0 ? active : 0];
            if (chosen && (active >= 0 || found.length === 1)) pick(chosen.id);
          } else if (e.key === 'Escape') {
            setFound([]);
          }
        }}
        autoComplete="off"
      />
      {found.length > 0 && (
        <ul role="listbox" id={listId} className="typeahead">
          {found.map((hit, i) => (
            <li
              key={hit.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(hit.id)}
            >
              <span className="type">{t(`types.${hit.type}`)}</span> {hit.title}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
