import { useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../../db/service.js';
import type { RecordView } from '../../../db/shared/record-views.js';
import { call } from '../shared/contract-client.js';
import { messageOf } from '../shared/notices.js';
import { OpenRecordContext } from '../shared/record-link.js';

type Hit = ResultOf<'search.query'>['hits'][number];
type Source = NonNullable<RecordView['data']['sources']>[number];

/** The names a person goes by, as search phrases: the title and every spelling and alias, once each. */
export function namesOf(view: RecordView): string[] {
  const names = [String(view.data.title ?? ''), ...((view.data as { names?: { name: string }[] }).names ?? []).map((n) => n.name)];
  return [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 3))].slice(0, 8);
}

/** The phrase query for those names: any of them, each as written ("Max Bokayev" OR "Макс Бокаев"). */
export function mentionQuery(names: readonly string[]): string {
  return names.map((n) => `"${n.replace(/"/g, '')}"`).join(' OR ');
}

const sameSource = (s: Source, hit: Hit) => s.report === hit.id && (s.page ?? undefined) === (hit.anchor.page ?? undefined);

/**
 * The reports that mention a person, found by searching every name and alias they go by (across
 * scripts and spellings, as search does): the passage and its page, opening the report there,
 * and "Link as source" to add it to the person's sources in one click.
 */
export function MentionedIn({ view, onChanged }: { view: RecordView; onChanged: (next: RecordView) => void }) {
  const { t } = useTranslation();
  const open = useContext(OpenRecordContext);
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = namesOf(view);
  const query = mentionQuery(names);

  useEffect(() => {
    if (!query) return setHits([]);
    let current = true;
    call('search.query', { query, type: 'report', limit: 20 })
      .then((found) => current && setHits(found.hits))
      .catch(() => current && setHits([]));
    return () => {
      current = false;
    };
  }, [query]);

  async function linkAsSource(hit: Hit) {
    setError(null);
    const sources = view.data.sources ?? [];
    const quote = hit.snippet.replace(/\*\*/g, '').trim();
    const added: Source = {
      report: hit.id,
      ...(hit.anchor.page !== undefined ? { page: hit.anchor.page } : {}),
      ...(hit.anchor.section ? { section: hit.anchor.section.slice(0, 300) } : {}),
      ...(quote ? { quote: quote.slice(0, 5000) } : {}),
    };
    try {
      onChanged(await call('records.update', { id: view.id, patch: { sources: [...sources, added] }, baseRevision: view.revision }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  if (!hits?.length) return null;
  const sources = view.data.sources ?? [];
  return (
    <section className="mentions" aria-labelledby={`mentions-${view.id}`}>
      <h2 id={`mentions-${view.id}`}>{t('mentions.title')}</h2>
      <p className="help">{t('mentions.help', { names: names.join(', ') })}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {hits.map((hit) => (
          <li key={hit.id}>
            <button type="button" className="link" onClick={() => open?.(hit.id, { anchor: hit.anchor, terms: [...hit.snippet.matchAll(/\*\*(.+?)\*\*/g)].map((m) => m[1]!) })}>
              {hit.title}
            </button>
            {hit.anchor.page !== undefined && <span className="meta"> · {t('mentions.page', { page: hit.anchor.page })}</span>}
            <p className="snippet">{hit.fragments.map((f, i) => (f.match ? <mark key={i}>{f.text}</mark> : <span key={i}>{f.text}</span>))}</p>
            {sources.some((s) => sameSource(s, hit)) ? (
              <span className="help">{t('mentions.linked')}</span>
            ) : (
              <button type="button" className="secondary" onClick={() => void linkAsSource(hit)}>
                {t('mentions.link')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
