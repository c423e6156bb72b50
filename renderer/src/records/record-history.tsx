import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../../db/service.js';
import { call } from '../shared/contract-client.js';
import { FieldValue, fieldLabel } from '../shared/field-value.js';
import { displayLocale } from '../i18n/setup-i18n.js';
import { ColumnHeads } from '../shared/column-heads.js';
import { DefinedLabel, DefinedValue } from './defined-values.js';

type Revision = ResultOf<'records.history'>[number];

/** What one revision changed, field by field, against the revision it was made on. */
export function changesBetween(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): { field: string; before: unknown; after: unknown; defined?: boolean }[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields
    .filter((f) => JSON.stringify(before?.[f]) !== JSON.stringify(after?.[f]))
    .flatMap((field) =>
      // The organisation's fields count one by one, under their own labels.
      field === 'defined'
        ? changesBetween(before?.defined as Record<string, unknown> | undefined, after?.defined as Record<string, unknown> | undefined).map((c) => ({ ...c, defined: true }))
        : [{ field, before: before?.[field], after: after?.[field] }],
    );
}

/**
 * A record's history, newest first: who changed what and when, as a readable list of the
 * fields each revision changed, the old value beside the new.
 */
export function RecordHistory({ id, revision }: { id: string; revision: string }) {
  const { t, i18n } = useTranslation();
  const [history, setHistory] = useState<Revision[] | null>(null);

  useEffect(() => {
    call('records.history', { id })
      .then(setHistory)
      .catch(() => setHistory([]));
  }, [id, revision]);

  if (!history) return null;
  const byId = new Map(history.map((r) => [r.id, r]));
  return (
    <details className="history">
      <summary>{t('history.title', { count: history.length })}</summary>
      <ol reversed>
        {[...history].reverse().map((rev) => {
          const parent = rev.parents.map((p) => byId.get(p)).find(Boolean);
          const changes = rev.op === 'delete' ? [] : changesBetween(parent?.data, rev.data);
          return (
            <li key={rev.id}>
              <p className="meta">
                {new Date(rev.time).toLocaleString(displayLocale(i18n.language))} ·{' '}
                {rev.by.self ? t('history.thisDevice') : t('history.device', { device: rev.by.fingerprint.split('-').slice(0, 2).join('-') })} ·{' '}
                {rev.op === 'delete' ? t('history.deleted') : parent ? t('history.changed', { count: changes.length }) : t('history.created')}
                {rev.parents.length > 1 ? ` · ${t('history.merge')}` : ''}
              </p>
              {parent && changes.length > 0 && (
                <table className="diff">
                  <ColumnHeads labels={[t('conflicts.field'), t('history.before'), t('history.after')]} />
                  <tbody>
                    {changes.map((c) => (
                      <tr key={`${c.defined ? 'defined.' : ''}${c.field}`}>
                        <th scope="row">{c.defined ? <DefinedLabel type={rev.type} fieldKey={c.field} /> : fieldLabel(c.field)}</th>
                        <td className="removed">
                          {c.before === undefined ? (
                            <span className="help">{t('conflicts.empty')}</span>
                          ) : c.defined ? (
                            <DefinedValue type={rev.type} fieldKey={c.field} value={c.before} />
                          ) : (
                            <FieldValue value={c.before} field={c.field} />
                          )}
                        </td>
                        <td className="added">
                          {c.after === undefined ? (
                            <span className="help">{t('conflicts.empty')}</span>
                          ) : c.defined ? (
                            <DefinedValue type={rev.type} fieldKey={c.field} value={c.after} />
                          ) : (
                            <FieldValue value={c.after} field={c.field} />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          );
        })}
      </ol>
    </details>
  );
}
