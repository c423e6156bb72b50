import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Definitions } from '../shared/use-definitions.js';
import { labelIn } from '../records/defined-fields.js';

type Field = Definitions['fields'][number];
export const fieldKinds = ['text', 'long-text', 'number', 'date', 'yes-no', 'choice', 'link', 'place', 'group'] as const;

/** What a template file says of a field: its definition without the record around it. */
const fileKeys = ['key', 'kind', 'labels', 'help', 'required', 'valueSensitivity', 'vocabulary', 'multiple', 'linkTypes', 'fields', 'hidden', 'uwazi'] as const;
export function fieldInFile(field: Field): Record<string, unknown> {
  const out: Record<string, unknown> = { type: field.of };
  for (const key of fileKeys) if (field[key] !== undefined) out[key] = field[key];
  return out;
}

/**
 * One defined field in Settings: its name, kind, list and whether it must be filled in, with
 * what a person may do to it. Removing hides it from forms and keeps every value written;
 * a change of kind is checked by the engine against the values already written, and refused
 * naming them when they would not fit.
 */
export function DefinedFieldRow({
  field,
  vocabularies,
  onChange,
}: {
  field: Field;
  vocabularies: Definitions['vocabularies'];
  onChange: (changed: Record<string, unknown>, done: string) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [changing, setChanging] = useState(false);
  const [kind, setKind] = useState<string>(field.kind);
  const [vocabulary, setVocabulary] = useState<string>((field.vocabulary as string | undefined) ?? '');
  const name = labelIn(field.labels, language) || field.key;
  const list = field.vocabulary ? vocabularies.find((v) => v.key === field.vocabulary) : undefined;
  const facts = [
    t(`definitions.kinds.${field.kind}`),
    ...(list ? [labelIn(list.labels, language)] : []),
    ...(field.multiple ? [t('definitions.several')] : []),
    ...(field.required ? [t('definitions.mustBeFilled')] : []),
    ...(field.hidden ? [t('definitions.removed')] : []),
  ];
  const id = `field-${field.of}-${field.key}`;

  async function changeKind() {
    const changed: Record<string, unknown> = { ...fieldInFile(field), kind, ...(kind === 'choice' ? { vocabulary } : { vocabulary: undefined, multiple: undefined }) };
    if (kind !== 'group') delete changed.fields;
    if (kind !== 'link') delete changed.linkTypes;
    if (await onChange(changed, t('definitions.kindChanged', { field: name, kind: t(`definitions.kinds.${kind}`) }))) setChanging(false);
  }

  return (
    <li className={field.hidden ? 'defined-field removed' : 'defined-field'}>
      <span>
        <strong>{name}</strong> <span className="help">({facts.join(', ')})</span>
      </span>
      <span className="actions">
        {field.hidden ? (
          <button type="button" className="secondary" onClick={() => void onChange({ ...fieldInFile(field), hidden: false }, t('definitions.fieldBack', { field: name }))}>
            {t('definitions.bringBack')}
          </button>
        ) : (
          <button
            type="button"
            className="secondary"
            aria-label={t('definitions.removeField', { field: name })}
            onClick={() => void onChange({ ...fieldInFile(field), hidden: true }, t('definitions.fieldRemoved', { field: name }))}
          >
            {t('definitions.remove')}
          </button>
        )}
        {field.kind !== 'group' && !changing && (
          <button type="button" className="secondary" aria-label={t('definitions.changeKindOf', { field: name })} onClick={() => setChanging(true)}>
            {t('definitions.changeKind')}
          </button>
        )}
      </span>
      {changing && (
        <span className="change-kind">
          <label htmlFor={`${id}-kind`}>{t('definitions.newKind', { field: name })}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
            {fieldKinds
              .filter((k) => k !== 'group')
              .map((k) => (
                <option key={k} value={k}>
                  {t(`definitions.kinds.${k}`)}
                </option>
              ))}
          </select>
          {kind === 'choice' && (
            <>
              <label htmlFor={`${id}-vocabulary`}>{t('definitions.vocabulary')}</label>
              <select id={`${id}-vocabulary`} value={vocabulary} onChange={(e) => setVocabulary(e.target.value)}>
                <option value="">{t('form.choose')}</option>
                <VocabularyOptions vocabularies={vocabularies} language={language} />
              </select>
            </>
          )}
          <button
            type="button"
            disabled={(kind === field.kind && (kind !== 'choice' || vocabulary === field.vocabulary)) || (kind === 'choice' && !vocabulary)}
            onClick={() => void changeKind()}
          >
            {t('definitions.changeKindButton')}
          </button>
          <button type="button" className="secondary" onClick={() => setChanging(false)}>
            {t('form.cancel')}
          </button>
        </span>
      )}
    </li>
  );
}

/** The archive's lists of terms as options, by their names in the interface's language. */
export function VocabularyOptions({ vocabularies, language }: { vocabularies: Definitions['vocabularies']; language: string }) {
  return (
    <>
      {vocabularies.map((v) => (
        <option key={v.key} value={v.key}>
          {labelIn(v.labels, language)}
        </option>
      ))}
    </>
  );
}
