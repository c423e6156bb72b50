import { Fragment, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { recordTypes, type RecordType } from '../../../db/shared/schemas.js';
import { call } from '../shared/contract-client.js';
import { Notices, messageOf } from '../shared/notices.js';
import { refreshDefinitions, type Definitions } from '../shared/use-definitions.js';
import { labelIn, termOptions } from '../records/defined-fields.js';
import { DefinedFieldRow, VocabularyOptions, fieldKinds } from './defined-field-row.js';
import { ThesaurusFiles } from './thesaurus-files.js';
import { sensitivities } from '../shared/choice-select.js';

const kinds = fieldKinds;
type Kind = (typeof kinds)[number];
/** Record types a person adds fields to: the records of the archive, not its own settings. */
export const documentedTypes = recordTypes.filter((t) => !['search-words', 'vocabulary', 'record-type', 'field', 'indicator'].includes(t));
const newType = '(new)';
type Term = Definitions['vocabularies'][number]['terms'][number];

/** A key from words: "Prison visit" → prison-visit. Words in another script give no key; the person writes one. */
export function keyFrom(words: string): string {
  return words
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 64);
}

/** Labels from the two inputs, leaving out what is empty. */
function labelsOf(en: string, ru: string, kk = ''): { en?: string; ru?: string; kk?: string } {
  return { ...(en.trim() ? { en: en.trim() } : {}), ...(ru.trim() ? { ru: ru.trim() } : {}), ...(kk.trim() ? { kk: kk.trim() } : {}) };
}

interface Member {
  en: string;
  ru: string;
  kind: Exclude<Kind, 'group'>;
  vocabulary: string;
}

/**
 * The organisation's own record types, fields and vocabularies, in Settings: what is defined,
 * and forms to add a field (to a record type, or to a new one, a repeating group included) and
 * a vocabulary term (nested under another). Each change is a template applied through the
 * engine, checked whole; definitions travel to the team in bundles.
 */
export function DefinitionsEditor() {
  const { t, i18n } = useTranslation();
  const [definitions, setDefinitions] = useState<Definitions | undefined>();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Adding a field.
  const [type, setType] = useState<string>('detainee');
  const [typeEn, setTypeEn] = useState('');
  const [typeRu, setTypeRu] = useState('');
  const [typeKk, setTypeKk] = useState('');
  const [en, setEn] = useState('');
  const [ru, setRu] = useState('');
  const [kind, setKind] = useState<Kind>('text');
  const [vocabulary, setVocabulary] = useState('');
  const [multiple, setMultiple] = useState(false);
  const [required, setRequired] = useState(false);
  const [members, setMembers] = useState<Member[]>([]);
  // Less often given: a Kazakh name, help shown under the field, how sensitive its values are, what a link may name.
  const [kk, setKk] = useState('');
  const [help, setHelp] = useState('');
  const [valueSensitivity, setValueSensitivity] = useState('');
  const [linkTypes, setLinkTypes] = useState<string[]>([]);
  // Adding a term.
  const [termVocabulary, setTermVocabulary] = useState('');
  const [vocabularyEn, setVocabularyEn] = useState('');
  const [vocabularyRu, setVocabularyRu] = useState('');
  const [vocabularyKk, setVocabularyKk] = useState('');
  const [parent, setParent] = useState('');
  const [termEn, setTermEn] = useState('');
  const [termRu, setTermRu] = useState('');
  const [termKk, setTermKk] = useState('');

  const load = async () => {
    const found = await refreshDefinitions();
    setDefinitions(found);
    if (found && !termVocabulary) setTermVocabulary(found.vocabularies.find((v) => !v.shipped)?.key ?? newType);
  };
  useEffect(() => {
    void load();
  }, []);

  const told = async (message: string) => {
    setError(null);
    setStatus(message);
    await load();
  };
  const failed = (message: string) => {
    setStatus(null);
    setError(message);
  };

  async function apply(template: unknown, done: string) {
    setStatus(null);
    setError(null);
    try {
      await call('templates.apply', { template });
      setStatus(done);
      await load();
      return true;
    } catch (err) {
      setError(messageOf(err));
      return false;
    }
  }

  async function addField(event: FormEvent) {
    event.preventDefault();
    const of = type === newType ? keyFrom(typeEn) : type;
    const field = {
      key: keyFrom(en),
      kind,
      labels: labelsOf(en, ru, kk),
      ...(help.trim() ? { help: { [language.startsWith('ru') ? 'ru' : 'en']: help.trim() } } : {}),
      ...(valueSensitivity ? { valueSensitivity } : {}),
      ...(kind === 'link' && linkTypes.length ? { linkTypes } : {}),
      ...(required ? { required: true } : {}),
      ...(kind === 'choice' ? { vocabulary } : {}),
      ...((kind === 'choice' || kind === 'link') && multiple ? { multiple: true } : {}),
      ...(kind === 'group'
        ? { fields: members.map((m) => ({ key: keyFrom(m.en), kind: m.kind, labels: labelsOf(m.en, m.ru), ...(m.kind === 'choice' ? { vocabulary: m.vocabulary } : {}) })) }
        : {}),
    };
    const template = type === newType ? { types: [{ key: of, labels: labelsOf(typeEn, typeRu, typeKk), fields: [field] }] } : { fields: [{ type: of, ...field }] };
    if (await apply(template, t('definitions.fieldAdded', { field: en.trim() || ru.trim() }))) {
      setEn('');
      setRu('');
      setKk('');
      setHelp('');
      setValueSensitivity('');
      setLinkTypes([]);
      setMembers([]);
      setRequired(false);
      setMultiple(false);
      if (type === newType) setType(of);
    }
  }

  async function addTerm(event: FormEvent) {
    event.preventDefault();
    const creating = termVocabulary === newType;
    const key = creating ? keyFrom(vocabularyEn) : termVocabulary;
    const existing = definitions?.vocabularies.find((v) => v.key === key);
    const term = { key: keyFrom(termEn), labels: labelsOf(termEn, termRu, termKk) };
    // The engine merges terms by key: naming the parent, with its labels as they are, and the new term as its child puts it there.
    const find = (list: readonly Term[]): Term | undefined => {
      for (const candidate of list) {
        const found = candidate.key === parent ? candidate : find(candidate.children ?? []);
        if (found) return found;
      }
      return undefined;
    };
    const above = parent ? find(existing?.terms ?? []) : undefined;
    const terms = above ? [{ key: above.key, labels: above.labels, children: [term] }] : [term];
    const labels = creating ? labelsOf(vocabularyEn, vocabularyRu, vocabularyKk) : (existing?.labels ?? { en: key });
    if (await apply({ vocabularies: [{ key, labels, terms }] }, t('definitions.termAdded', { term: termEn.trim() || termRu.trim() }))) {
      setTermEn('');
      setTermRu('');
      setTermKk('');
      if (creating) setTermVocabulary(key);
    }
  }

  const language = i18n.language;
  const typeName = (key: string) =>
    recordTypes.includes(key as RecordType) ? t(`types.${key}`) : labelIn(definitions?.types.find((d) => d.key === key)?.labels ?? {}, language) || key;
  const fieldTypes = [...documentedTypes, ...(definitions?.types.map((d) => d.key) ?? [])];
  const byType = new Map<string, Definitions['fields']>();
  for (const f of definitions?.fields ?? []) byType.set(f.of, [...(byType.get(f.of) ?? []), f]);
  const vocabularies = definitions?.vocabularies ?? [];
  const ownVocabularies = vocabularies.filter((v) => !v.shipped);
  const termChoices = termVocabulary && termVocabulary !== newType && definitions ? termOptions(definitions, termVocabulary, language) : { options: [], labels: {} };
  const fieldKeyMissing = !keyFrom(en) || (type === newType && !keyFrom(typeEn));

  return (
    <div className="definitions">
      <p className="help">{t('definitions.about')}</p>
      <Notices status={status} error={error} />
      {byType.size === 0 ? (
        <p>{t('definitions.noneYet')}</p>
      ) : (
        <div className="definition-list" role="group" aria-label={t('definitions.defined')}>
          {[...byType].map(([of, fields]) => (
            <section key={of} aria-label={typeName(of)}>
              <h4>{typeName(of)}</h4>
              <ul>
                {fields.map((f) => (
                  <DefinedFieldRow key={f.key} field={f} vocabularies={vocabularies} onChange={(changed, done) => apply({ fields: [changed] }, done)} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
      {ownVocabularies.length > 0 && (
        <>
          <h4>{t('definitions.yourLists')}</h4>
          <ul className="definition-list">
            {ownVocabularies.map((v) => (
              <li key={v.key} className="defined-field">
                <span>
                  <strong>{labelIn(v.labels, language)}</strong> <span className="help">({t('definitions.termCount', { count: countTerms(v.terms) })})</span>
                </span>
                <ThesaurusFiles vocabulary={v.key} name={labelIn(v.labels, language)} onDone={told} onError={failed} />
              </li>
            ))}
          </ul>
        </>
      )}

      <form className="stacked" onSubmit={(e) => void addField(e)} aria-labelledby="add-field-title">
        <h3 id="add-field-title">{t('definitions.addField')}</h3>
        <label htmlFor="definition-type">{t('definitions.recordType')}</label>
        <select id="definition-type" value={type} onChange={(e) => setType(e.target.value)}>
          {fieldTypes.map((key) => (
            <option key={key} value={key}>
              {typeName(key)}
            </option>
          ))}
          <option value={newType}>{t('definitions.newType')}</option>
        </select>
        {type === newType && (
          <>
            <NamesInLanguages
              id="definition-type"
              labels={[t('definitions.typeNameEn'), t('definitions.typeNameRu'), t('definitions.typeNameKk')]}
              values={[typeEn, typeRu, typeKk]}
              onChange={[setTypeEn, setTypeRu, setTypeKk]}
            />
          </>
        )}
        <NamesInLanguages
          id="definition-field"
          labels={[t('definitions.fieldNameEn'), t('definitions.fieldNameRu'), t('definitions.fieldNameKk')]}
          values={[en, ru, kk]}
          onChange={[setEn, setRu, setKk]}
        />
        <label htmlFor="definition-kind">{t('definitions.kind')}</label>
        <select id="definition-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`definitions.kinds.${k}`)}
            </option>
          ))}
        </select>
        {kind === 'choice' && (
          <>
            <label htmlFor="definition-vocabulary">{t('definitions.vocabulary')}</label>
            <select id="definition-vocabulary" value={vocabulary} onChange={(e) => setVocabulary(e.target.value)} required>
              <option value="">{t('form.choose')}</option>
              <VocabularyOptions vocabularies={vocabularies} language={language} />
            </select>
            <p className="help">{t('definitions.newListHelp')}</p>
          </>
        )}
        {(kind === 'choice' || kind === 'link') && (
          <label className="check">
            <input type="checkbox" checked={multiple} onChange={(e) => setMultiple(e.target.checked)} /> {t('definitions.multiple')}
          </label>
        )}
        {kind === 'group' && (
          <fieldset>
            <legend>{t('definitions.members')}</legend>
            {members.map((member, i) => (
              <div className="member" key={i}>
                <input
                  aria-label={t('definitions.memberNameEn', { n: i + 1 })}
                  placeholder={t('definitions.nameEn')}
                  value={member.en}
                  onChange={(e) => setMembers(members.map((m, j) => (j === i ? { ...m, en: e.target.value } : m)))}
                />
                <input
                  aria-label={t('definitions.memberNameRu', { n: i + 1 })}
                  placeholder={t('definitions.nameRu')}
                  value={member.ru}
                  onChange={(e) => setMembers(members.map((m, j) => (j === i ? { ...m, ru: e.target.value } : m)))}
                />
                <select
                  aria-label={t('definitions.memberKind', { n: i + 1 })}
                  value={member.kind}
                  onChange={(e) => setMembers(members.map((m, j) => (j === i ? { ...m, kind: e.target.value as Member['kind'] } : m)))}
                >
                  {kinds
                    .filter((k) => k !== 'group')
                    .map((k) => (
                      <option key={k} value={k}>
                        {t(`definitions.kinds.${k}`)}
                      </option>
                    ))}
                </select>
                {member.kind === 'choice' && (
                  <select
                    aria-label={t('definitions.memberVocabulary', { n: i + 1 })}
                    value={member.vocabulary}
                    onChange={(e) => setMembers(members.map((m, j) => (j === i ? { ...m, vocabulary: e.target.value } : m)))}
                  >
                    <option value="">{t('form.choose')}</option>
                    <VocabularyOptions vocabularies={vocabularies} language={language} />
                  </select>
                )}
                <button type="button" className="secondary" onClick={() => setMembers(members.filter((_, j) => j !== i))}>
                  {t('form.remove')}
                </button>
              </div>
            ))}
            <button type="button" className="secondary" onClick={() => setMembers([...members, { en: '', ru: '', kind: 'text', vocabulary: '' }])}>
              {t('definitions.addMember')}
            </button>
          </fieldset>
        )}
        {kind === 'link' && (
          <fieldset>
            <legend>{t('definitions.linkTypes')}</legend>
            <div className="checks">
              {fieldTypes.map((key) => (
                <label className="check" key={key}>
                  <input
                    type="checkbox"
                    checked={linkTypes.includes(key)}
                    onChange={(e) => setLinkTypes(e.target.checked ? [...linkTypes, key] : linkTypes.filter((k) => k !== key))}
                  />
                  {typeName(key)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <label className="check">
          <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} /> {t('definitions.required')}
        </label>
        <details className="more-about-field">
          <summary>{t('definitions.more')}</summary>
          <label htmlFor="definition-field-help">{t('definitions.help')}</label>
          <textarea id="definition-field-help" value={help} onChange={(e) => setHelp(e.target.value)} maxLength={2000} rows={2} />
          <label htmlFor="definition-field-sensitivity">{t('definitions.valueSensitivity')}</label>
          <select id="definition-field-sensitivity" value={valueSensitivity} onChange={(e) => setValueSensitivity(e.target.value)}>
            <option value="">{t('definitions.asTheRecord')}</option>
            {sensitivities.map((level) => (
              <option key={level} value={level}>
                {t(`choices.${level}`, { defaultValue: level })}
              </option>
            ))}
          </select>
          <p className="help">{t('definitions.valueSensitivityHelp')}</p>
        </details>
        {fieldKeyMissing && (en.trim() || ru.trim() || typeEn.trim() || typeRu.trim()) && <p className="help">{t('definitions.latinNeeded')}</p>}
        <button type="submit" disabled={fieldKeyMissing || (kind === 'group' && !members.some((m) => keyFrom(m.en)))}>
          {t('definitions.addFieldButton')}
        </button>
      </form>

      <form className="stacked" onSubmit={(e) => void addTerm(e)} aria-labelledby="add-term-title">
        <h3 id="add-term-title">{t('definitions.addTerm')}</h3>
        <label htmlFor="term-vocabulary">{t('definitions.vocabulary')}</label>
        <select
          id="term-vocabulary"
          value={termVocabulary}
          onChange={(e) => {
            setTermVocabulary(e.target.value);
            setParent('');
          }}
        >
          <VocabularyOptions vocabularies={vocabularies} language={language} />
          <option value={newType}>{t('definitions.newVocabulary')}</option>
        </select>
        {termVocabulary === newType && (
          <>
            <NamesInLanguages
              id="vocabulary"
              labels={[t('definitions.vocabularyNameEn'), t('definitions.vocabularyNameRu'), t('definitions.vocabularyNameKk')]}
              values={[vocabularyEn, vocabularyRu, vocabularyKk]}
              onChange={[setVocabularyEn, setVocabularyRu, setVocabularyKk]}
            />
            {keyFrom(vocabularyEn) && (
              <p className="help">
                {t('definitions.orFromCsv')}{' '}
                <ThesaurusFiles
                  vocabulary={keyFrom(vocabularyEn)}
                  name={vocabularyEn.trim()}
                  creating
                  onDone={async (message) => {
                    await told(message);
                    setTermVocabulary(keyFrom(vocabularyEn));
                  }}
                  onError={failed}
                />
              </p>
            )}
          </>
        )}
        {termChoices.options.length > 0 && (
          <>
            <label htmlFor="term-parent">{t('definitions.under')}</label>
            <select id="term-parent" value={parent} onChange={(e) => setParent(e.target.value)}>
              <option value="">{t('definitions.topLevel')}</option>
              {termChoices.options.map((key) => (
                <option key={key} value={key}>
                  {termChoices.labels[key]}
                </option>
              ))}
            </select>
          </>
        )}
        <NamesInLanguages
          id="term"
          labels={[t('definitions.termEn'), t('definitions.termRu'), t('definitions.termKk')]}
          values={[termEn, termRu, termKk]}
          onChange={[setTermEn, setTermRu, setTermKk]}
        />
        <button type="submit" disabled={!keyFrom(termEn) || (termVocabulary === newType && !keyFrom(vocabularyEn))}>
          {t('definitions.addTermButton')}
        </button>
      </form>
    </div>
  );
}

/** How many terms a list holds, at every depth. */
function countTerms(terms: readonly Term[]): number {
  return terms.reduce((n, term) => n + 1 + countTerms(term.children ?? []), 0);
}

/** A name asked in English (which gives the key), Russian and Kazakh: three inputs, the English one required. */
function NamesInLanguages({
  id,
  labels,
  values,
  onChange,
}: {
  id: string;
  labels: [string, string, string];
  values: [string, string, string];
  onChange: [(value: string) => void, (value: string) => void, (value: string) => void];
}) {
  return (
    <>
      {(['en', 'ru', 'kk'] as const).map((language, i) => (
        <Fragment key={language}>
          <label htmlFor={`${id}-${language}`}>{labels[i]}</label>
          <input id={`${id}-${language}`} value={values[i]} onChange={(e) => onChange[i]!(e.target.value)} required={language === 'en'} maxLength={300} />
        </Fragment>
      ))}
    </>
  );
}
