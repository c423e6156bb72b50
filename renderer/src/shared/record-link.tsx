import { createContext, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../../db/service.js';
import { call } from './contract-client.js';
import type { PassageFocus } from '../records/document-text.js';
import { fieldLabel } from './field-label.js';

/** Opens a record's page from anywhere a record is named (given by the app). */
export const OpenRecordContext = createContext<((id: string, focus?: PassageFocus) => void) | null>(null);

type Described = ResultOf<'records.describe'>[number];

/** Names asked for in one render go to the archive in one call. */
let waiting: Map<string, ((found: Described | null) => void)[]> | null = null;

function describe(id: string): Promise<Described | null> {
  return new Promise((resolve) => {
    if (!waiting) {
      waiting = new Map();
      queueMicrotask(() => {
        const asked = waiting!;
        waiting = null;
        call('records.describe', { ids: [...asked.keys()] }).then(
          (found) => {
            const byId = new Map(found.map((f) => [f.id, f]));
            for (const [key, callbacks] of asked) for (const callback of callbacks) callback(byId.get(key) ?? null);
          },
          () => {
            for (const callbacks of asked.values()) for (const callback of callbacks) callback(null);
          },
        );
      });
    }
    waiting.set(id, [...(waiting.get(id) ?? []), resolve]);
  });
}

/** A record named by its type and title, opening its page; never its id. */
export function RecordLink({ id }: { id: string }) {
  const { t } = useTranslation();
  const open = useContext(OpenRecordContext);
  const [found, setFound] = useState<Described | null | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void describe(id).then((d) => current && setFound(d));
    return () => {
      current = false;
    };
  }, [id]);
  if (found === undefined) return <span className="help">…</span>;
  if (found === null) return <span className="help">{t('form.missingRecord')}</span>;
  const name = (
    <>
      <span className="type">{t(`types.${found.type}`)}</span> {found.title}
    </>
  );
  return open ? (
    <button type="button" className="link record-link" onClick={() => open(id)}>
      {name}
    </button>
  ) : (
    <span className="record-link">{name}</span>
  );
}

/**
 * What names this record, grouped by the kind of record and the field or link they name it
 * in ("Hearings — Trial", "Detainees — Defendant in"), each opening its page.
 */
export function LinkedFrom({ id }: { id: string }) {
  const { t } = useTranslation();
  const open = useContext(OpenRecordContext);
  const [sources, setSources] = useState<ResultOf<'records.linkedFrom'> | null>(null);
  useEffect(() => {
    let current = true;
    call('records.linkedFrom', { id })
      .then((found) => current && setSources(found))
      .catch(() => current && setSources([]));
    return () => {
      current = false;
    };
  }, [id]);
  if (!sources?.length) return null;
  const groups = new Map<string, ResultOf<'records.linkedFrom'>>();
  for (const source of sources) {
    const how = source.field.startsWith('links:') ? t(`choices.${source.field.slice(6)}`) : fieldLabel(source.field.split('.').at(-1)!);
    const key = `${t(`lists.${source.type}`)} — ${how}`;
    groups.set(key, [...(groups.get(key) ?? []), source]);
  }
  return (
    <section className="linked-from" aria-labelledby={`linked-from-${id}`}>
      <h2 id={`linked-from-${id}`}>{t('record.linkedFrom')}</h2>
      {[...groups].map(([heading, items]) => (
        <div key={heading}>
          <h3>{heading}</h3>
          <ul>
            {items.map((item) => (
              <li key={`${item.id}-${item.field}`}>
                {open ? (
                  <button type="button" className="link" onClick={() => open(item.id)}>
                    {item.title}
                  </button>
                ) : (
                  item.title
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
