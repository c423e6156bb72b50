import { Fragment, useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { recordSchemaOf, recordTypes, type RecordType } from '../../../db/shared/schemas.js';
import { parseFuzzyDate } from '../../../db/shared/fuzzy-date.js';
import type { ResultOf } from '../../../db/service.js';
import { Notices, messageOf } from '../shared/notices.js';
import { call } from '../shared/contract-client.js';
import { fieldLabel, fieldLabelFor } from '../shared/field-label.js';
import { countryCodes, countryName } from '../../../db/shared/countries.js';
import { documentLanguages, languageName } from '../../../db/shared/language-names.js';
import { rangeInWords } from '../../../db/shared/date-words.js';
import { isFuzzyDate } from '../../../db/shared/schema-parts.js';
import { localIssue } from './field-issues.js';
import type { FieldSpec, RecordField } from '../../../db/shared/record-fields.js';
import { cleanValue, emptyValue, formSections, patchBetween, pathKey } from './form-model.js';
import { definedFormFields, definedPathWords, termsOfDefinitions } from './defined-fields.js';
import { definedValuesSchema } from '../../../db/shared/defined-value-schemas.js';
import type { FieldDefinition } from '../../../db/shared/definition-schemas.js';
import { useDefinitions } from '../shared/use-definitions.js';

type RecordView = ResultOf<'records.get'>;
type Issues = Map<string, string>;

/**
 * Create or edit a record of any type. The form is generated from the record type's schema
 * (form-model.ts); the values are checked against the same schema before they are sent, and
 * the engine checks them again.
 */
export function RecordForm({ type, initial, onSaved, onCancel }: { type: RecordType; initial?: RecordView; onSaved: (view: RecordView) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { i18n } = useTranslation();
  const definitions = useDefinitions();
  const sections = useMemo(() => formSections(type), [type]);
  const ownFields = useMemo(() => definedFormFields(definitions, type, i18n.language), [definitions, type, i18n.language]);
  const [value, setValue] = useState<Record<string, unknown>>(() => structuredClone(initial?.data ?? {}));
  const [issues, setIssues] = useState<Issues>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const defined = (value.defined ?? {}) as Record<string, unknown>;

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const data = (cleanValue(value) ?? {}) as Record<string, unknown>;
    const checked = recordSchemaOf(type).safeParse(data);
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
                .map((p, i) => (/^\d+$/.test(p) ? String(Number(p) + 1) : i === 0 ? fieldLabelFor(type, p) : fieldLabel(p)))
                .join(' › ')}: ${text}`,
          )
          .join('; '),
      );
      return;
    }
    // The organisation's fields are checked here as the engine will, and said by their labels.
    const own = definedValuesSchema((definitions?.fields ?? []).filter((f) => f.of === type) as unknown as FieldDefinition[], termsOfDefinitions(definitions)).safeParse(
      data.defined ?? {},
    );
    if (!own.success) {
      const found: Issues = new Map();
      const said: string[] = [];
      for (const issue of own.error.issues) {
        const key = pathKey(['defined', ...issue.path]);
        if (found.has(key)) continue;
        found.set(key, localIssue(issue.message, t));
        said.push(`${definedPathWords(definitions, type, issue.path, i18n.language)}: ${localIssue(issue.message, t)}`);
      }
      setIssues(found);
      setError(said.join('; '));
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

  // A type the organisation defined is mostly its own fields: they come right after the title, open.
  const ownType = !(recordTypes as string[]).includes(type);
  const ownSection = ownFields.length > 0 && (
    <FormSectionView heading={t('form.sections.own')} startOpen={ownType || Object.keys(defined).length > 0 || [...issues.keys()].some((k) => k.startsWith('defined.'))}>
      {ownFields.map((field) => (
        <Field
          key={field.key}
          field={field}
          path={['defined', field.key]}
          value={defined[field.key]}
          issues={issues}
          onChange={(v) => {
            setValue((current) => ({ ...current, defined: { ...((current.defined ?? {}) as Record<string, unknown>), [field.key]: v } }));
            setError(null);
          }}
        />
      ))}
    </FormSectionView>
  );
  const title = initial ? t('form.editTitle', { title: String(initial.data.title ?? '') }) : t(`form.newOf.${type}`);
  return (
    <form className="record-form" onSubmit={(e) => void save(e)} aria-labelledby="record-form-title" noValidate>
      <h1 id="record-form-title">{title}</h1>
      <p className="help">{t('form.requiredMarked')}</p>
      {[...sections.slice(0, ownType ? 1 : sections.length), 'own' as const, ...(ownType ? sections.slice(1) : [])].map((section, index) =>
        section === 'own' ? (
          <Fragment key="own">{ownSection}</Fragment>
        ) : (
          <FormSectionView
            key={section.key}
            heading={t(`form.sections.${section.key}`)}
            // The first section, and any that holds something or a complaint, start open.
            startOpen={
              index === 0 || section.fields.some((f) => cleanValue(value[f.key]) !== undefined || [...issues.keys()].some((k) => k === f.key || k.startsWith(`${f.key}.`)))
            }
          >
            {section.fields.map((field) => (
              <Field
                key={field.key}
                field={field}
                label={fieldLabelFor(type, field.key)}
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
          </FormSectionView>
        ),
      )}
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

/** A part of the form that folds; open when it starts open or when someone opens it. */
function FormSectionView({ heading, startOpen, children }: { heading: string; startOpen: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(startOpen);
  // A complaint or a value arriving in a folded section opens it.
  useEffect(() => {
    if (startOpen) setOpen(true);
  }, [startOpen]);
  return (
    <details className="form-section" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2>{heading}</h2>
      </summary>
      {children}
    </details>
  );
}

interface FieldProps {
  field: RecordField;
  /** The field's label where the record type names it its own way ("Full name"). */
  label?: string;
  path: (string | number)[];
  value: unknown;
  issues: Issues;
  onChange: (value: unknown) => void;
}

function Field({ field, label: given, path, value, issues, onChange }: FieldProps) {
  const id = `field-${path.join('-')}`;
  const issue = issues.get(pathKey(path));
  const label = given ?? field.label ?? fieldLabel(field.key);
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
  if (spec.kind === 'list') return <ListField field={field} label={label} spec={spec} path={path} value={value} issues={issues} onChange={onChange} />;

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

/** A list: items that are groups read as one-line summaries that open to edit; a removed item can be put back. */
function ListField({ field, label: given, spec, path, value, issues, onChange }: FieldProps & { spec: Extract<FieldSpec, { kind: 'list' }> }) {
  const { t, i18n } = useTranslation();
  const items = Array.isArray(value) ? value : [];
  const label = given ?? field.label ?? fieldLabel(field.key);
  // A defined field is named by its own label, never by a built-in field's words that share its key.
  const itemName = field.label ?? t(`form.items.${field.key}`, { defaultValue: label });
  const [removed, setRemoved] = useState<{ index: number; item: unknown } | null>(null);
  const set = (index: number, item: unknown) => onChange(items.map((old, i) => (i === index ? item : old)));
  const remove = (index: number) => {
    setRemoved({ index, item: items[index] });
    onChange(items.filter((_, i) => i !== index));
  };
  return (
    <fieldset className={items.length ? 'list-field' : 'list-field empty'}>
      <legend>{label}</legend>
      {items.map((item, index) =>
        spec.item.kind === 'group' ? (
          <ListItem
            // Keyed by position: a removed item's successors move up with their values.
            key={index}
            heading={t('form.item', { field: itemName, n: index + 1 })}
            summary={summaryOf(item, spec.item, i18n.language, t)}
            startOpen={cleanValue(item) === undefined || [...issues.keys()].some((k) => k.startsWith(`${pathKey([...path, index])}.`))}
            removeLabel={`${t('form.remove')}: ${t('form.item', { field: itemName, n: index + 1 })}`}
            onRemove={() => remove(index)}
          >
            {spec.item.fields.map((inner) => (
              <Field
                key={inner.key}
                field={inner}
                path={[...path, index, inner.key]}
                value={(item as Record<string, unknown> | undefined)?.[inner.key]}
                issues={issues}
                onChange={(v) => set(index, { ...((item ?? {}) as Record<string, unknown>), [inner.key]: v })}
              />
            ))}
          </ListItem>
        ) : (
          <div className="list-item" key={index}>
            <Field
              field={{ key: field.key, spec: spec.item, required: true }}
              label={t('form.item', { field: itemName, n: index + 1 })}
              path={[...path, index]}
              value={item}
              issues={issues}
              onChange={(v) => set(index, v)}
            />
            <button type="button" className="secondary" aria-label={`${t('form.remove')}: ${t('form.item', { field: itemName, n: index + 1 })}`} onClick={() => remove(index)}>
              {t('form.remove')}
            </button>
          </div>
        ),
      )}
      {removed && (
        <p className="notice" role="status">
          {t('form.removed', { item: itemName })}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              onChange([...items.slice(0, removed.index), removed.item, ...items.slice(removed.index)]);
              setRemoved(null);
            }}
          >
            {t('form.undo')}
          </button>
        </p>
      )}
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setRemoved(null);
          onChange([...items, emptyValue(spec.item)]);
        }}
      >
        {field.label ? `${t('form.add')}: ${label}` : t(`form.adds.${field.key}`, { defaultValue: `${t('form.add')}: ${label}` })}
      </button>
    </fieldset>
  );
}

/** One item of a list of groups: a line that says what it holds, opening to edit it. */
function ListItem({
  heading,
  summary,
  startOpen,
  removeLabel,
  onRemove,
  children,
}: {
  heading: string;
  summary: string;
  startOpen: boolean;
  removeLabel: string;
  onRemove: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(startOpen);
  useEffect(() => {
    if (startOpen) setOpen(true);
  }, [startOpen]);
  return (
    <details className="list-item group-item" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <strong>{heading}</strong>
        {summary && <span className="item-summary"> — {summary}</span>}
      </summary>
      <div className="group-item-fields">{children}</div>
      <button type="button" className="secondary" aria-label={removeLabel} onClick={onRemove}>
        {t('form.remove')}
      </button>
    </details>
  );
}

/** A group's first few facts in a line: "early May 2016 — Atyrau — Detained at home…". */
function summaryOf(item: unknown, spec: Extract<FieldSpec, { kind: 'group' }>, language: string, t: TFunction): string {
  if (!item || typeof item !== 'object') return '';
  const values: string[] = [];
  for (const field of spec.fields) {
    const v = (item as Record<string, unknown>)[field.key];
    if (v === undefined || v === null || v === '') continue;
    if (isFuzzyDate(v)) values.push(v.text);
    else if (typeof v === 'string' && field.spec.kind === 'choice') values.push(field.spec.labels?.[v]?.replace(/^(— )+/, '') ?? t(`choices.${v}`, { defaultValue: v }));
    else if (typeof v === 'string' && field.spec.kind === 'country') values.push(countryName(v, language));
    else if (typeof v === 'string' && field.spec.kind === 'language') values.push(languageName(v, language));
    else if (typeof v === 'string' && field.spec.kind !== 'record') values.push(v.length > 60 ? `${v.slice(0, 59)}…` : v);
    else if (typeof v === 'number') values.push(String(v));
    else if (field.spec.kind === 'group' && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string') {
      const who = v as { kind: string; name?: string };
      values.push([t(`choices.${who.kind}`, { defaultValue: who.kind }), who.name].filter(Boolean).join(': '));
    }
    if (values.length === 3) break;
  }
  return values.join(' — ');
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
    case 'yesNo':
      return (
        <select
          {...common}
          value={value === true ? 'yes' : value === false ? 'no' : ''}
          onChange={(e) => onChange(e.target.value === 'yes' ? true : e.target.value === 'no' ? false : undefined)}
        >
          <option value="">{t('form.choose')}</option>
          <option value="yes">{t('form.yes')}</option>
          <option value="no">{t('form.no')}</option>
        </select>
      );
    case 'number':
      return (
        <input
          {...common}
          type="number"
          min={spec.anyNumber ? undefined : 0}
          step={spec.anyNumber ? 'any' : 1}
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
              {spec.labels?.[option] ?? (spec.vocabulary === 'indicators' ? t(`indicators.${option}`, { defaultValue: option }) : t(`choices.${option}`, { defaultValue: option }))}
            </option>
          ))}
        </select>
      );
    case 'fuzzyDate':
      return <FuzzyDateInput {...common} value={value} onChange={onChange} />;
    case 'country':
      return <CountrySelect {...common} value={typeof value === 'string' ? value.toUpperCase() : ''} onChange={onChange} />;
    case 'language':
      return <LanguageSelect {...common} value={typeof value === 'string' ? value : ''} onChange={onChange} />;
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
  const { t, i18n } = useTranslation();
  const text = typeof value === 'string' ? value : value && typeof value === 'object' ? String((value as { text?: string }).text ?? '') : '';
  const read = text.trim() ? parseFuzzyDate(text) : null;
  const range = read && (read.start || read.end) ? rangeInWords(read.start, read.end, i18n.language) : null;
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

interface CodeSelectProps {
  id: string;
  value: string;
  onChange: (value: unknown) => void;
  required: boolean;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean | undefined;
}

/** Countries by their names in the interface's language, sorted as that language sorts them; the stored value is the ISO code. */
function CountrySelect(props: CodeSelectProps) {
  const { i18n } = useTranslation();
  // Stable per language, so the sorted list is made once, not on every keystroke in the form.
  const nameOf = useCallback((code: string) => countryName(code, i18n.language), [i18n.language]);
  const order = useMemo(() => {
    const collator = new Intl.Collator(i18n.language);
    return (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);
  }, [i18n.language]);
  return <NamedCodeSelect {...props} codes={countryCodes} nameOf={nameOf} order={order} />;
}

/** Languages by their names in the interface's language, the region's first; the stored value is the ISO 639 code. */
function LanguageSelect(props: CodeSelectProps) {
  const { i18n } = useTranslation();
  const nameOf = useCallback((code: string) => languageName(code, i18n.language), [i18n.language]);
  return <NamedCodeSelect {...props} codes={documentLanguages} nameOf={nameOf} />;
}

/** A choice among codes shown by name; a code stored before (or by a teammate) that is not on the list is still shown. */
function NamedCodeSelect({
  value,
  onChange,
  codes,
  nameOf,
  order,
  ...common
}: CodeSelectProps & { codes: readonly string[]; nameOf: (code: string) => string; order?: (a: { name: string }, b: { name: string }) => number }) {
  const { t } = useTranslation();
  const options = useMemo(() => {
    const named = codes.map((code) => ({ code, name: nameOf(code) }));
    if (value && !codes.includes(value)) named.push({ code: value, name: nameOf(value) });
    return order ? named.sort(order) : named;
  }, [codes, nameOf, order, value]);
  return (
    <select {...common} value={value} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{t('form.choose')}</option>
      {options.map((o) => (
        <option key={o.code} value={o.code}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

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
