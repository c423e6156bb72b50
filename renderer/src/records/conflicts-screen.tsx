import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayLocale } from '../i18n/setup-i18n.js';
import type { ResultOf } from '../../../db/service.js';
import { call } from '../shared/contract-client.js';
import { Notices, messageOf } from '../shared/notices.js';
import { FieldValue } from '../shared/field-value.js';
import { SideBySide } from '../shared/side-by-side.js';

type Conflict = ResultOf<'records.conflicts'>[number];

/**
 * Records that two people changed apart: their versions side by side, field by field. Keep
 * one version whole, or pick each differing field from either side; the result becomes a new
 * revision that travels in the next bundle and closes the conflict everywhere.
 */
export function ConflictsScreen({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    call('records.conflicts', {})
      .then(setConflicts)
      .catch((err: unknown) => setError(messageOf(err)));
  }, []);
  useEffect(load, [load]);

  async function resolve(args: { id: string; pick: string } | { id: string; data: Record<string, unknown> }) {
    setError(null);
    try {
      await call('records.resolve', args);
      setStatus(t('conflicts.resolved'));
      load();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <section className="conflicts" aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">{t('conflicts.title')}</h1>
      <Notices status={status} error={error} />
      {conflicts?.length === 0 && <p>{t('conflicts.none')}</p>}
      {conflicts?.map((conflict) => (
        <ConflictCard key={conflict.id} conflict={conflict} onOpen={onOpen} onResolve={(args) => void resolve(args)} />
      ))}
    </section>
  );
}

function ConflictCard({
  conflict,
  onOpen,
  onResolve,
}: {
  conflict: Conflict;
  onOpen: (id: string) => void;
  onResolve: (args: { id: string; pick: string } | { id: string; data: Record<string, unknown> }) => void;
}) {
  const { t, i18n } = useTranslation();
  const leaves = conflict.leaves.filter((leaf) => leaf.data);
  const fields = [...new Set(leaves.flatMap((leaf) => Object.keys(leaf.data!)))];
  const differs = (field: string) => new Set(leaves.map((leaf) => JSON.stringify(leaf.data![field] ?? null))).size > 1;
  const currentIndex = Math.max(
    0,
    leaves.findIndex((leaf) => leaf.id === conflict.current),
  );
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const pickedFrom = (field: string) => chosen[field] ?? currentIndex;

  function merged(): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    for (const field of fields) {
      const value = leaves[pickedFrom(field)]!.data![field];
      if (value !== undefined) data[field] = value;
    }
    return data;
  }

  return (
    <article className="conflict" aria-labelledby={`conflict-${conflict.id}`}>
      <h2 id={`conflict-${conflict.id}`}>
        <button type="button" className="link" onClick={() => onOpen(conflict.id)}>
          {conflict.title}
        </button>{' '}
        <span className="type">{t(`types.${conflict.type}`)}</span>
      </h2>
      <SideBySide
        columns={leaves}
        columnKey={(leaf) => leaf.id}
        heading={(leaf, i) => (
          <>
            {t('conflicts.version', { n: i + 1, device: leaf.device.slice(0, 8), when: new Date(leaf.time).toLocaleString(displayLocale(i18n.language)) })}
            <div>
              <button type="button" aria-label={`${t('conflicts.keep')}: ${i + 1}`} onClick={() => onResolve({ id: conflict.id, pick: leaf.id })}>
                {t('conflicts.keep')}
              </button>
            </div>
          </>
        )}
        fields={fields}
        differs={differs}
        cell={(leaf, i, field) =>
          differs(field) ? (
            <label className="pick">
              <input type="radio" name={`${conflict.id}-${field}`} checked={pickedFrom(field) === i} onChange={() => setChosen({ ...chosen, [field]: i })} />
              {leaf.data![field] === undefined ? <span className="help">{t('conflicts.empty')}</span> : <FieldValue value={leaf.data![field]} field={field} />}
            </label>
          ) : (
            <FieldValue value={leaf.data![field]} field={field} />
          )
        }
      />
      <button type="button" onClick={() => onResolve({ id: conflict.id, data: merged() })}>
        {t('conflicts.merge')}
      </button>
    </article>
  );
}
