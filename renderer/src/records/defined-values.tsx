import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fuzzyDateInWords } from '../../../db/shared/date-words.js';
import { isFuzzyDate } from '../../../db/shared/schema-parts.js';
import { fieldLabel } from '../shared/field-label.js';
import { RecordLink } from '../shared/record-link.js';
import { useDefinitions, type Definitions } from '../shared/use-definitions.js';
import { definedFieldsOf, labelIn } from './defined-fields.js';

type DefinedField = Definitions['fields'][number] & { vocabulary?: string; fields?: DefinedField[] };
type Term = Definitions['vocabularies'][number]['terms'][number];

/**
 * A term's label in the interface's language, found anywhere in its vocabulary, after the
 * terms above it ("Torture › Beating": the narrower term alone loses what it is a kind of);
 * its key if the vocabulary has no such term.
 */
function termLabel(definitions: Definitions | undefined, vocabulary: string | undefined, key: string, language: string): string {
  const find = (terms: readonly Term[]): Term[] | undefined => {
    for (const term of terms) {
      if (term.key === key) return [term];
      const below = find(term.children ?? []);
      if (below) return [term, ...below];
    }
    return undefined;
  };
  const path = find(definitions?.vocabularies.find((v) => v.key === vocabulary)?.terms ?? []);
  return path ? path.map((term) => labelIn(term.labels, language)).join(' › ') : key;
}

function Value({ field, value, definitions }: { field: DefinedField; value: unknown; definitions: Definitions | undefined }): ReactNode {
  const { t, i18n } = useTranslation();
  if (value === undefined || value === null || value === '') return null;
  const many = Array.isArray(value) && field.kind !== 'group' ? (value as unknown[]) : null;
  if (many) {
    return (
      <ul>
        {many.map((item, i) => (
          <li key={i}>
            <Value field={{ ...field, multiple: false } as DefinedField} value={item} definitions={definitions} />
          </li>
        ))}
      </ul>
    );
  }
  switch (field.kind) {
    case 'choice':
      return termLabel(definitions, field.vocabulary, String(value), i18n.language);
    case 'yes-no':
      return value === true ? t('record.yes') : t('record.no');
    case 'date':
      return isFuzzyDate(value) ? fuzzyDateInWords(value, i18n.language) : String(value);
    case 'link':
      return <RecordLink id={String(value)} />;
    case 'place': {
      const place = value as { name?: string; lat?: number; lon?: number };
      if (place.lat === undefined || place.lon === undefined) return place.name ?? '';
      // A place named by its coordinates (Uwazi keeps no name) is said once.
      const where = `${place.lat}, ${place.lon}`;
      return place.name && place.name !== where ? `${place.name} (${where})` : where;
    }
    case 'group':
      return (
        <ol>
          {(Array.isArray(value) ? (value as Record<string, unknown>[]) : []).map((entry, i) => (
            <li key={i}>
              <dl className="fields">
                {(field.fields ?? [])
                  .filter((member) => entry[member.key] !== undefined)
                  .map((member) => (
                    <div key={member.key}>
                      <dt>{labelIn(member.labels, i18n.language)}</dt>
                      <dd>
                        <Value field={member} value={entry[member.key]} definitions={definitions} />
                      </dd>
                    </div>
                  ))}
              </dl>
            </li>
          ))}
        </ol>
      );
    default:
      return String(value);
  }
}

/**
 * A record's values of the fields its organisation defined, under their labels in the
 * interface's language; a chosen term by its label. A value whose definition has not arrived
 * yet (a teammate's field still on its way) is shown under its key, as written.
 */
export function DefinedValues({ type, values }: { type: string; values: Record<string, unknown> }) {
  const { i18n } = useTranslation();
  const definitions = useDefinitions();
  const fields = definedFieldsOf(definitions, type) as DefinedField[];
  const keys = Object.keys(values).filter((key) => values[key] !== undefined && values[key] !== null);
  if (!keys.length) return null;
  return (
    <dl className="fields">
      {keys.map((key) => {
        const field = fields.find((f) => f.key === key);
        return (
          <div key={key}>
            <dt>{field ? labelIn(field.labels, i18n.language) : fieldLabel(key)}</dt>
            <dd>{field ? <Value field={field} value={values[key]} definitions={definitions} /> : JSON.stringify(values[key])}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** One defined value by its field's key, as the record page shows it (the history's before and after). */
export function DefinedValue({ type, fieldKey, value }: { type: string; fieldKey: string; value: unknown }) {
  const definitions = useDefinitions();
  const field = (definedFieldsOf(definitions, type) as DefinedField[]).find((f) => f.key === fieldKey);
  return field ? <Value field={field} value={value} definitions={definitions} /> : JSON.stringify(value);
}

/** A defined field's label in the interface's language, by its key; the key made readable if it is not defined here. */
export function DefinedLabel({ type, fieldKey }: { type: string; fieldKey: string }) {
  const { i18n } = useTranslation();
  const field = definedFieldsOf(useDefinitions(), type).find((f) => f.key === fieldKey);
  return field ? labelIn(field.labels, i18n.language) : fieldLabel(fieldKey);
}
