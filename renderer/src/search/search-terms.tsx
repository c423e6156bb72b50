import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../shared/contract-client.js';
import { Notices, messageOf } from '../shared/notices.js';

type Kind = 'aliases' | 'concepts';
type Group = { id: number; terms: string[] };

/**
 * The archive's own search words, in Settings: names that mean the same (aliases) and the
 * concepts a question widens to across languages. A term can be removed, and a group started or
 * added to; what Vigil shipped is the archive's to change like the rest.
 */
export function SearchTerms() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('concepts');
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [filter, setFilter] = useState('');
  // Hundreds of terms: listed once a person looks for one, or asks for all.
  const [all, setAll] = useState(false);
  const [term, setTerm] = useState('');
  const [synonyms, setSynonyms] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (which: Kind) => {
    try {
      setGroups(await call(which === 'aliases' ? 'search.aliases.list' : 'search.concepts.list', {}));
    } catch (err) {
      setError(messageOf(err));
    }
  };
  useEffect(() => {
    void load(kind);
  }, [kind]);

  async function add(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    setError(null);
    const others = synonyms
      .split(/[,;\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      const group = await call(kind === 'aliases' ? 'search.aliases.add' : 'search.concepts.add', { term: term.trim(), synonyms: others });
      setStatus(t('searchTerms.added', { terms: group.terms.join(' = ') }));
      setTerm('');
      setSynonyms('');
      await load(kind);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function remove(word: string) {
    setStatus(null);
    setError(null);
    try {
      await call(kind === 'aliases' ? 'search.aliases.remove' : 'search.concepts.remove', { term: word });
      setStatus(t('searchTerms.removed', { term: word }));
      await load(kind);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const wanted = filter.trim().toLocaleLowerCase();
  const listed = Boolean(wanted) || all;
  const shown = listed ? (groups ?? []).filter((g) => !wanted || g.terms.some((w) => w.toLocaleLowerCase().includes(wanted))) : [];
  return (
    <div className="search-terms">
      <p className="help">{t('searchTerms.about')}</p>
      <div className="type-filters" role="group" aria-label={t('searchTerms.which')}>
        {(['concepts', 'aliases'] as const).map((which) => (
          <button key={which} type="button" className="chip" aria-pressed={kind === which} onClick={() => setKind(which)}>
            {t(`searchTerms.${which}`)}
          </button>
        ))}
      </div>
      <Notices status={status} error={error} />
      <div className="setting-row">
        <label htmlFor="search-terms-filter">{t('searchTerms.find')}</label>
        <input id="search-terms-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {!listed && groups && (
        <p>
          <button type="button" className="secondary" onClick={() => setAll(true)}>
            {t('searchTerms.showAll', { count: groups.length })}
          </button>
        </p>
      )}
      <ul className="term-groups" aria-label={t(`searchTerms.${kind}`)}>
        {shown.map((group) => (
          <li key={group.id}>
            {group.terms.map((word) => (
              <span className="term" key={word}>
                {word}
                <button
                  type="button"
                  className="link"
                  aria-label={t('searchTerms.remove', { term: word })}
                  title={t('searchTerms.remove', { term: word })}
                  onClick={() => void remove(word)}
                >
                  ×
                </button>
              </span>
            ))}
          </li>
        ))}
        {listed && groups && !shown.length && <li className="empty">{t('searchTerms.none')}</li>}
      </ul>
      <form className="stacked" onSubmit={(e) => void add(e)}>
        <label htmlFor="search-terms-term">{t('searchTerms.term')}</label>
        <input id="search-terms-term" value={term} onChange={(e) => setTerm(e.target.value)} required maxLength={200} />
        <label htmlFor="search-terms-synonyms">{t('searchTerms.synonyms')}</label>
        <input id="search-terms-synonyms" value={synonyms} onChange={(e) => setSynonyms(e.target.value)} required />
        <button type="submit" disabled={!term.trim() || !synonyms.trim()}>
          {t('searchTerms.add')}
        </button>
      </form>
    </div>
  );
}
