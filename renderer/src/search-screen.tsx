import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ResultOf } from '../../db/service.js';
import { useTranslation } from 'react-i18next';
import { ContractError, call } from './contract-client.js';
import type { PassageFocus } from './document-text.js';

type Found = ResultOf<'search.find'>;
type Results = ResultOf<'search.query'>;

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
  const { t } = useTranslation();
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

  async function search() {
    setError(null);
    try {
      setResults(await call('search.query', { query: text, limit: 50 }));
      setFound([]);
    } catch (err) {
      setError(err instanceof ContractError ? err.message : t('search.failed'));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') void search();
    if (event.key === 'Escape') setFound([]);
  }

  return (
    <section className="search" aria-label={t('search.region')}>
      <div className="searchbar">
        <input ref={input} type="search" aria-label={t('search.label')} placeholder={t('search.placeholder')} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} autoFocus />
        {found.length > 0 && (
          <ul role="listbox" aria-label={t('search.suggestions')} className="typeahead">
            {found.map((hit) => (
              <li role="option" aria-selected="false" key={hit.id} onMouseDown={(e) => e.preventDefault()} onClick={() => onOpen(hit.id)}>
                <span className="type">{t(`types.${hit.type}`)}</span> {hit.title}
              </li>
            ))}
          </ul>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {results && (
        <div className="results">
          <p className="count" role="status">
            {t('search.found', { count: results.total })}
            {Object.entries(results.counts).length > 0 && ` — ${Object.entries(results.counts).map(([type, n]) => `${t(`types.${type}`)} ${n}`).join(', ')}`}
          </p>
          <ol>
            {results.hits.map((hit) => (
              <li key={hit.id}>
                <h2>
                  <button type="button" className="link" onClick={() => onOpen(hit.id, { anchor: hit.anchor, terms: [...hit.snippet.matchAll(/\*\*(.+?)\*\*/g)].map((m) => m[1]!) })}>
                    {hit.title}
                  </button>
                </h2>
                <p className="meta">
                  {t(`types.${hit.type}`)}
                  {hit.anchor.page ? `, ${t('search.page', { page: hit.anchor.page })}` : ''}
                  {hit.anchor.section ? `, ${hit.anchor.section}` : ''}
                </p>
                <p className="snippet">{marked(hit.snippet)}</p>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
