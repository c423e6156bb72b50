import { useEffect, useState } from 'react';
import type { ResultOf } from '../../db/service.js';
import { ContractError, call } from './contract-client.js';

type Page = ResultOf<'records.list'>;
export type RecordType = Page['records'][number]['type'];

const pageSize = 50;

/**
 * The records of one type, newest first, a page at a time from the engine (an archive may
 * hold a hundred thousand), each opening its record page.
 */
export function RecordList({ title, type, onOpen }: { title: string; type: RecordType; onOpen: (id: string) => void }) {
  const [page, setPage] = useState(0);
  const [rows, setRows] = useState<Page['records']>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setPage(0), [type]);

  useEffect(() => {
    let current = true;
    setError(null);
    (async () => {
      // The engine lists oldest first: the newest page is counted from the end.
      const { total: count } = await call('records.list', { type, limit: 1 });
      const end = Math.max(0, count - page * pageSize);
      const start = Math.max(0, end - pageSize);
      const { records } = end > 0 ? await call('records.list', { type, limit: end - start, offset: start }) : { records: [] };
      if (current) {
        setTotal(count);
        setRows([...records].reverse());
      }
    })().catch((err: unknown) => current && setError(err instanceof ContractError ? err.message : 'The list could not be read.'));
    return () => {
      current = false;
    };
  }, [type, page]);

  const last = total ? Math.ceil(total / pageSize) - 1 : 0;
  return (
    <section className="list" aria-labelledby={`list-${type}`}>
      <h1 id={`list-${type}`}>{title}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {total !== null && (
        <p className="count" role="status">
          {total} record{total === 1 ? '' : 's'}
        </p>
      )}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Country</th>
              <th scope="col">Sensitivity</th>
              <th scope="col">Tags</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <button type="button" className="link" onClick={() => onOpen(r.id)}>
                    {r.title || '(untitled)'}
                  </button>
                  {r.conflict && <span className="badge">conflict</span>}
                </td>
                <td>{r.country ?? ''}</td>
                <td>{r.sensitivity ?? ''}</td>
                <td>{r.tags?.join(', ') ?? ''}</td>
                <td>{new Date(r.updatedAt).toLocaleDateString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {last > 0 && (
        <nav className="pager" aria-label="Pages">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Newer
          </button>
          <span>
            Page {page + 1} of {last + 1}
          </span>
          <button type="button" disabled={page === last} onClick={() => setPage(page + 1)}>
            Older
          </button>
        </nav>
      )}
    </section>
  );
}
