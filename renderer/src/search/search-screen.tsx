import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ResultOf } from '../../../db/service.js';
import { useTranslation } from 'react-i18next';
import { Notices, messageOf } from '../shared/notices.js';
import { ContractError, call } from '../shared/contract-client.js';
import type { PassageFocus } from '../records/document-text.js';
import { parseFuzzyDate } from '../../../db/shared/fuzzy-date.js';
import { dayInWords } from '../../../db/shared/date-words.js';
import { inSentence, languageName } from '../../../db/shared/language-names.js';

type Found = ResultOf<'search.find'>;
type RecordType = Found[number]['type'];

const pageSize = 20;
type Results = ResultOf<'search.query'>;

/** A language's name inside a sentence: Russian writes it in lower case ("язык: английский"). */

/** The language a question is typed in, told by its letters. */
function queryLanguage(query: string): string {
  if (!/\p{Script=Cyrillic}/u.test(query)) return 'en';
  return /[әғқңөұүһі]/iu.test(query) ? 'kk' : 'ru';
}

/** "…held in **Aktau** since…" → text with the matched words marked. */
function marked(snippet: string): ReactNode[] {
  return snippet.split(/\*\*(.+?)\*\*/g).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part));
}

/**
 * The global search: type-ahead from quick-find while typing (titles, names, numbers, in any
 * script), the full results with their best passages on Enter. Ctrl/Cmd+K puts the cursor here
 * from anywhere.
 */
export function SearchScreen({ onOpen }: { onOpen: (id: string, focus?: PassageFocus) => void }) {
  const { t, i18n } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found>([]);
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const focusSearch = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', focusSearch);
    return () => window.removeEventListener('keydown', focusSearch);
  }, []);

  useEffect(() => {
    const typed = text.trim();
    if (!typed) {
      setFound([]);
      return;
    }
    let current = true;
    call('search.find', { text: typed.slice(0, 200), limit: 8 })
      .then((hits) => current && setFound(hits))
      .catch(() => current && setFound([]));
    return () => {
      current = false;
    };
  }, [text]);

  const [type, setType] = useState<RecordType | null>(null);
  const [after, setAfter] = useState('');
  const [before, setBefore] = useState('');
  const [offset, setOffset] = useState(0);
  const [asked, setAsked] = useState<string | null>(null);
  // A passage in another language than the question's says so ("in Russian").
  const questionLanguage = queryLanguage(asked ?? '');
  const whereIs = (p: { anchor: { page?: number; section?: string; paragraph?: string; ocr?: number }; language?: string }) =>
    [
      p.anchor.page ? t('search.page', { page: p.anchor.page }) : '',
      // Words read from a scan may be misread: the page's confidence says how far to trust them.
      p.anchor.ocr !== undefined ? t('search.readByOcr', { confidence: p.anchor.ocr }) : '',
      p.anchor.section ?? '',
      p.anchor.paragraph && !p.anchor.page ? t('search.paragraph', { paragraph: p.anchor.paragraph }) : '',
      p.language && p.language !== questionLanguage ? t('search.inLanguage', { language: inSentence(languageName(p.language, i18n.language)) }) : '',
    ]
      .filter(Boolean)
      .map((part) => `, ${part}`)
      .join('');

  /** The query as typed, narrowed by the date range (the query language's after: and before:). */
  const fullQuery = (words: string) => {
    // Dates typed as people write them ("2022", "January 2022", "05.01.2022", "5 января 2022"), read to the days they span.
    const from = after.trim() ? parseFuzzyDate(after)?.start : undefined;
    const to = before.trim() ? parseFuzzyDate(before)?.end : undefined;
    return [words.trim(), from ? `after:${from}` : '', to ? `before:${to}` : ''].filter(Boolean).join(' ');
  };

  async function run(words: string, options: { type: RecordType | null; offset: number }) {
    setError(null);
    try {
      setResults(await call('search.query', { query: fullQuery(words), limit: pageSize, offset: options.offset, ...(options.type ? { type: options.type } : {}) }));
      setAsked(words);
      setType(options.type);
      setOffset(options.offset);
      setFound([]);
    } catch (err) {
      setError(err instanceof ContractError ? messageOf(err) : t('search.failed'));
    }
  }

  const search = () => run(text, { type: null, offset: 0 });

  const [active, setActive] = useState(-1);
  useEffect(() => setActive(-1), [found]);

  /** Arrow keys move through the suggestions; Enter opens the one chosen, or searches. */
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && found.length) {
      event.preventDefault();
      setActive((i) => (i + 1) % found.length);
    } else if (event.key === 'ArrowUp' && found.length) {
      event.preventDefault();
      // Up from the first suggestion returns to the typed text (Enter then searches).
      setActive((i) => (i === -1 ? found.length - 1 : i - 1));
    } else if (event.key === 'Enter') {
      if (active >= 0 && found[active]) onOpen(found[active].id);
      else void search();
    } else if (event.key === 'Escape') setFound([]);
  }

  return (
    <section className="search" aria-label={t('search.region')}>
      <div className="searchbar">
        <input
          ref={input}
          type="search"
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          aria-controls={found.length ? 'search-suggestions' : undefined}
          aria-activedescendant={active >= 0 && found[active] ? `suggestion-${found[active].id}` : undefined}
          autoFocus
        />
        {found.length > 0 && (
          <ul role="listbox" id="search-suggestions" aria-label={t('search.suggestions')} className="typeahead">
            {found.map((hit, i) => (
              <li
                role="option"
                id={`suggestion-${hit.id}`}
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                key={hit.id}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => onOpen(hit.id)}
              >
                <span className="type">{t(`types.${hit.type}`)}</span> {hit.title}
              </li>
            ))}
          </ul>
        )}
      </div>
      <Notices error={error} />
      <div className="search-filters" role="group" aria-label={t('search.dates')}>
        <DateBound label={t('search.after')} value={after} onChange={setAfter} end="start" />
        <DateBound label={t('search.before')} value={before} onChange={setBefore} end="end" />
        {asked !== null && (after || before) && (
          <button type="button" className="secondary" onClick={() => void run(asked, { type, offset: 0 })}>
            {t('search.apply')}
          </button>
        )}
      </div>
      {results && (
        <div className="results">
          <p className="count" role="status">
            {t('search.found', { count: Object.values(results.counts).reduce((a, b) => a + b, 0) })}
          </p>
          {results.someWords && <p className="also-searched">{t('search.someWords')}</p>}
          {results.nowhere && <p className="also-searched">{t('search.nowhere', { words: results.nowhere.map((w) => t('search.quoted', { word: w })).join(', ') })}</p>}
          {results.missing && <p className="also-searched">{t('search.missing', { words: results.missing.map((w) => t('search.quoted', { word: w })).join(', ') })}</p>}
          {(results.corrections.length > 0 || results.aliases.length > 0) && (
            <p className="also-searched">
              {[
                ...results.corrections.map((c) => t('search.correctedTo', { word: c.word, words: (c.written ?? c.suggestions).join(', ') })),
                ...(results.aliases.length ? [t('search.aliasesOf', { words: results.aliases.map((group) => group.join(', ')).join('; ') })] : []),
              ].join(' · ')}
            </p>
          )}
          {Object.keys(results.counts).length > 0 && (
            <div className="type-filters" role="group" aria-label={t('search.byType')}>
              <button type="button" className="chip" aria-pressed={type === null} onClick={() => void run(asked ?? text, { type: null, offset: 0 })}>
                {t('search.allTypes')}
              </button>
              {Object.entries(results.counts).map(([kind, n]) => (
                <button type="button" key={kind} className="chip" aria-pressed={type === kind} onClick={() => void run(asked ?? text, { type: kind as RecordType, offset: 0 })}>
                  {t(`lists.${kind}`)} {n}
                </button>
              ))}
            </div>
          )}
          <ol start={offset + 1}>
            {results.hits.map((hit) => (
              <li key={hit.id}>
                <h2>
                  <button
                    type="button"
                    className="link"
                    onClick={() => onOpen(hit.id, { anchor: hit.anchor, terms: [...hit.snippet.matchAll(/\*\*(.+?)\*\*/g)].map((m) => m[1]!) })}
                  >
                    {hit.title}
                  </button>
                </h2>
                <p className="meta">
                  {t(`types.${hit.type}`)}
                  {whereIs(hit)}
                </p>
                <p className="snippet">{marked(hit.snippet)}</p>
                {hit.more.map((more) => (
                  <div className="more-passage" key={more.passage}>
                    <button
                      type="button"
                      className="link meta"
                      onClick={() => onOpen(hit.id, { anchor: more.anchor, terms: [...more.snippet.matchAll(/\*\*(.+?)\*\*/g)].map((m) => m[1]!) })}
                    >
                      {whereIs(more).replace(/^, /, '') || t('search.alsoHere')}
                    </button>
                    <p className="snippet">{marked(more.snippet)}</p>
                  </div>
                ))}
              </li>
            ))}
          </ol>
          {results.total > pageSize && (
            <nav className="pager" aria-label={t('search.pages')}>
              <button type="button" className="secondary" disabled={offset === 0} onClick={() => void run(asked ?? text, { type, offset: Math.max(0, offset - pageSize) })}>
                {t('search.previous')}
              </button>
              <span>{t('search.showing', { from: offset + 1, to: Math.min(results.total, offset + pageSize), total: results.total })}</span>
              <button
                type="button"
                className="secondary"
                disabled={offset + pageSize >= results.total}
                onClick={() => void run(asked ?? text, { type, offset: offset + pageSize })}
              >
                {t('search.next')}
              </button>
            </nav>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * One end of the date range, typed as the user writes dates, in any language the app speaks
 * (not the browser's date picker, which follows the system's locale): the day it reads as is
 * shown under it, or that it was not understood.
 */
function DateBound({ label, value, onChange, end }: { label: string; value: string; onChange: (value: string) => void; end: 'start' | 'end' }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const read = value.trim() ? parseFuzzyDate(value) : null;
  const day = read?.[end];
  return (
    <div className="date-bound">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} placeholder={t('search.datePlaceholder')} size={20} aria-describedby={`${id}-reads`} />
      <span id={`${id}-reads`} className="date-reading" aria-live="polite">
        {value.trim() ? (day ? dayInWords(day, i18n.language) : t('search.dateUnread')) : ''}
      </span>
    </div>
  );
}
