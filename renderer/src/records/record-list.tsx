import { parseFuzzyDate } from '../../../db/shared/fuzzy-date.js';
import { countryName } from '../../../db/shared/countries.js';
import { useCallback, useEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notices, messageOf } from '../shared/notices.js';
import { ChoiceSelect, sensitivities } from '../shared/choice-select.js';
import { displayLocale } from '../i18n/setup-i18n.js';
import type { ResultOf } from '../../../db/service.js';
import { recordForm } from './form-model.js';
import { ContractError, call } from '../shared/contract-client.js';
import { fieldLabelFor } from '../shared/field-label.js';
import { useDefinitions } from '../shared/use-definitions.js';
import { cellWords, definedFieldsOf, labelIn, termOptions } from './defined-fields.js';

type Listing = ResultOf<'records.list'>;
type Row = Listing['records'][number];
export type RecordType = Row['type'];
type Sort = 'newest' | 'oldest' | 'title' | 'changed';
interface Filter {
  status: string;
  country: string;
  sensitivity: string;
  tag: string;
  after: string;
  before: string;
}

const noFilter: Filter = { status: '', country: '', sensitivity: '', tag: '', after: '', before: '' };

/** Rows are this tall, so the list can place any of 100,000 rows without rendering the rest. */
export const rowHeight = 36;
const blockSize = 200;
const overscan = 10;
const maxCachedBlocks = 24;

/**
 * The records of one type in a virtualized table: only the rows in view are rendered, and
 * they are fetched from the engine a block at a time as the list scrolls. Sorted by a click
 * on a column, filtered by the columns a monitor narrows by (status, country, sensitivity, tag).
 */
export function RecordList({ type, onOpen, onCreate }: { type: RecordType; onOpen: (id: string) => void; onCreate: () => void }) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<Sort | `field:${string}`>('newest');
  const definitions = useDefinitions();
  // The organisation's fields that read well in a cell, at most three so the table still fits.
  const ownColumns = useMemo(
    () =>
      definedFieldsOf(definitions, type)
        .filter((f) => !f.hidden && ['text', 'number', 'date', 'yes-no', 'choice', 'place'].includes(f.kind))
        .slice(0, 3),
    [definitions, type],
  );
  const ownChoices = ownColumns.filter((f) => f.kind === 'choice');
  const [ownFilter, setOwnFilter] = useState<{ key: string; value: string } | null>(null);
  const [filter, setFilter] = useState<Filter>(noFilter);
  const [total, setTotal] = useState<number | null>(null);
  const [blocks, setBlocks] = useState<Map<number, Row[]>>(new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(600);
  const [error, setError] = useState<string | null>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const requested = useRef(new Set<number>());
  const generation = useRef(0);

  const statuses = useMemo(() => {
    const spec = recordForm(type).find((f) => f.key === 'status')?.spec;
    return spec?.kind === 'choice' ? spec.options : [];
  }, [type]);

  const query = useMemo(() => {
    const q: {
      type: RecordType;
      sort?: Sort;
      sortBy?: string;
      field?: { key: string; value: string };
      status?: string;
      country?: string;
      sensitivity?: string;
      tag?: string;
      after?: string;
      before?: string;
    } = sort.startsWith('field:') ? { type, sortBy: sort.slice('field:'.length) } : { type, sort: sort as Sort };
    if (ownFilter?.value) q.field = ownFilter;
    // Dates as people type them ("2022", "May 2016", "5.1.2022"): from the start of what they mean, until its end.
    const after = filter.after.trim() ? parseFuzzyDate(filter.after) : null;
    const before = filter.before.trim() ? parseFuzzyDate(filter.before) : null;
    if (after?.start) q.after = after.start;
    if (before?.end ?? before?.start) q.before = (before!.end ?? before!.start)!;
    if (filter.status) q.status = filter.status;
    if (/^[A-Za-z]{2}$/.test(filter.country)) q.country = filter.country;
    if (filter.sensitivity) q.sensitivity = filter.sensitivity;
    if (filter.tag.trim()) q.tag = filter.tag.trim();
    return q;
  }, [type, sort, filter, ownFilter]);

  // A new query starts from the top with nothing cached.
  useEffect(() => {
    const mine = ++generation.current;
    requested.current = new Set([0]);
    setBlocks(new Map());
    setTotal(null);
    setError(null);
    viewport.current?.scrollTo({ top: 0 });
    setScrollTop(0);
    call('records.list', { ...query, limit: blockSize, offset: 0 })
      .then((listing) => {
        if (generation.current !== mine) return;
        setTotal(listing.total ?? 0);
        setBlocks(new Map([[0, listing.records]]));
      })
      .catch((err: unknown) => generation.current === mine && setError(err instanceof ContractError ? messageOf(err) : t('list.failed')));
  }, [query, t]);

  useEffect(() => {
    const measure = () => setViewHeight(viewport.current?.clientHeight ?? 600);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const viewCentre = useRef(0);
  viewCentre.current = Math.floor((scrollTop + viewHeight / 2) / rowHeight);
  const last = Math.min((total ?? 0) - 1, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan);

  const fetchBlock = useCallback(
    (block: number) => {
      if (requested.current.has(block)) return;
      requested.current.add(block);
      const mine = generation.current;
      call('records.list', { ...query, limit: blockSize, offset: block * blockSize, count: false })
        .then((listing) => {
          if (generation.current !== mine) return;
          setBlocks((current) => {
            const next = new Map(current).set(block, listing.records);
            // Only blocks near the view stay cached, so a long fling does not pile up 100,000 rows.
            const centre = Math.floor(viewCentre.current / blockSize);
            for (const kept of [...next.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))) {
              if (next.size <= maxCachedBlocks) break;
              next.delete(kept);
              requested.current.delete(kept);
            }
            return next;
          });
        })
        .catch((err: unknown) => setError(err instanceof ContractError ? messageOf(err) : t('list.failed')));
    },
    [query, t],
  );

  useEffect(() => {
    if (total === null || last < 0) return;
    for (let block = Math.floor(first / blockSize); block <= Math.floor(last / blockSize); block++) fetchBlock(block);
  }, [first, last, total, fetchBlock]);

  const rows: { index: number; row: Row | undefined }[] = [];
  for (let index = first; index <= last; index++) rows.push({ index, row: blocks.get(Math.floor(index / blockSize))?.[index % blockSize] });

  const onScroll = (event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop);
  const ariaSort = (keys: Sort[]) => ((keys as string[]).includes(sort) ? (sort === 'title' || sort === 'oldest' ? 'ascending' : 'descending') : undefined);
  const setField = (key: keyof Filter) => (value: string) => setFilter((current) => ({ ...current, [key]: value }));

  return (
    <section className="list" aria-labelledby={`list-${type}`}>
      <div className="list-head">
        <h1 id={`list-${type}`}>{t(`lists.${type}`)}</h1>
        <button type="button" onClick={onCreate}>
          {t(`form.newOf.${type}`)}
        </button>
      </div>
      <div className="filters" role="group" aria-label={t('list.filters')}>
        <label>
          {t('list.sort')}
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="newest">{t('list.newestFirst')}</option>
            <option value="oldest">{t('list.oldestFirst')}</option>
            <option value="title">{t('list.byTitle')}</option>
            <option value="changed">{t('list.recentlyChanged')}</option>
            {ownColumns.map((f) => (
              <option key={f.key} value={`field:${f.key}`}>
                {t('list.byField', { field: labelIn(f.labels, i18n.language) })}
              </option>
            ))}
          </select>
        </label>
        {statuses.length > 0 && (
          <label>
            {t('list.status')}
            <ChoiceSelect value={filter.status} options={statuses} anyLabel={t('list.any')} onChange={setField('status')} />
          </label>
        )}
        {ownChoices.map((f) => {
          const terms = termOptions(definitions!, (f as { vocabulary?: string }).vocabulary ?? '', i18n.language);
          return (
            <label key={f.key}>
              {labelIn(f.labels, i18n.language)}
              <select value={ownFilter?.key === f.key ? ownFilter.value : ''} onChange={(e) => setOwnFilter(e.target.value ? { key: f.key, value: e.target.value } : null)}>
                <option value="">{t('list.any')}</option>
                {terms.options.map((key) => (
                  <option key={key} value={key}>
                    {terms.labels[key]}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
        <label>
          {t('list.country')}
          <input value={filter.country} onChange={(e) => setField('country')(e.target.value)} maxLength={2} size={3} placeholder="KZ" />
        </label>
        <label>
          {t('list.sensitivityShort')}
          <ChoiceSelect value={filter.sensitivity} options={sensitivities} anyLabel={t('sync.anySensitivity')} onChange={setField('sensitivity')} />
        </label>
        <label>
          {t('list.tag')}
          <input value={filter.tag} onChange={(e) => setField('tag')(e.target.value)} size={12} />
        </label>
        <label>
          {t('search.after')}
          <input
            value={filter.after}
            onChange={(e) => setField('after')(e.target.value)}
            size={16}
            placeholder={t('list.datePlaceholder')}
            aria-invalid={Boolean(filter.after.trim() && !parseFuzzyDate(filter.after)?.start) || undefined}
          />
        </label>
        <label>
          {t('search.before')}
          <input
            value={filter.before}
            onChange={(e) => setField('before')(e.target.value)}
            size={16}
            placeholder={t('list.datePlaceholder')}
            aria-invalid={Boolean(filter.before.trim() && !(parseFuzzyDate(filter.before)?.end ?? parseFuzzyDate(filter.before)?.start)) || undefined}
          />
        </label>
      </div>
      <Notices error={error} />
      {total !== null && (
        <p className="count" role="status">
          {t('list.count', { count: total })}
        </p>
      )}
      {total === 0 &&
        (Object.values(filter).some((v) => v.trim()) || ownFilter ? (
          <p className="empty">
            {t('list.noneMatch')}{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                setFilter(noFilter);
                setOwnFilter(null);
              }}
            >
              {t('list.clearFilters')}
            </button>
          </p>
        ) : (
          <p className="empty">{t(`list.noneYet.${type}`, { defaultValue: t('list.noneYet.other') })}</p>
        ))}
      <div className="list-viewport" hidden={total === 0} ref={viewport} onScroll={onScroll} tabIndex={0} aria-label={t(`lists.${type}`)}>
        <table
          aria-rowcount={total ?? undefined}
          className={[statuses.length > 0 ? 'with-status' : '', ownColumns.length ? 'with-own' : ''].filter(Boolean).join(' ') || undefined}
        >
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort(['title'])}>
                {fieldLabelFor(type, 'title')}
              </th>
              {statuses.length > 0 && <th scope="col">{t('list.status')}</th>}
              {ownColumns.map((f) => (
                <th scope="col" className="own" key={f.key} aria-sort={sort === `field:${f.key}` ? 'ascending' : undefined}>
                  {labelIn(f.labels, i18n.language)}
                </th>
              ))}
              <th scope="col">{t('list.country')}</th>
              <th scope="col" title={t('list.sensitivity')}>
                {t('list.sensitivityShort')}
              </th>
              <th scope="col">{t('list.tags')}</th>
              <th scope="col" aria-sort={ariaSort(['changed'])}>
                {t('list.changed')}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr aria-hidden="true" style={{ height: first * rowHeight }} />
            {rows.map(({ index, row }) => (
              <tr key={row?.id ?? `loading-${index}`} style={{ height: rowHeight }} aria-rowindex={index + 2}>
                {row ? (
                  <>
                    <td>
                      <button type="button" className="link" title={row.title} onClick={() => onOpen(row.id)}>
                        {row.title || t('list.untitled')}
                      </button>
                      {row.conflict && <span className="badge">{t('list.conflict')}</span>}
                    </td>
                    {statuses.length > 0 && (
                      <td>
                        <span className="clamp">{row.status ? t(`choices.${row.status}`, { defaultValue: row.status }) : ''}</span>
                      </td>
                    )}
                    {ownColumns.map((f) => (
                      <td className="own" key={f.key}>
                        <span className="clamp">{cellWords(definitions, f, row.defined?.[f.key], i18n.language, t)}</span>
                      </td>
                    ))}
                    <td>
                      <span className="clamp">{row.country ? countryName(row.country, i18n.language) : ''}</span>
                    </td>
                    <td>
                      <span className="clamp">{row.sensitivity ? t(`choices.${row.sensitivity}`, { defaultValue: row.sensitivity }) : ''}</span>
                    </td>
                    <td>
                      <span className="clamp">{row.tags?.join(', ') ?? ''}</span>
                    </td>
                    <td>
                      <span className="clamp">{new Date(row.updatedAt).toLocaleDateString(displayLocale(i18n.language), { day: 'numeric', month: 'short', year: 'numeric' })}</span>
                    </td>
                  </>
                ) : (
                  <td colSpan={(statuses.length > 0 ? 6 : 5) + ownColumns.length} className="loading">
                    …
                  </td>
                )}
              </tr>
            ))}
            <tr aria-hidden="true" style={{ height: Math.max(0, (total ?? 0) - last - 1) * rowHeight }} />
          </tbody>
        </table>
      </div>
    </section>
  );
}
