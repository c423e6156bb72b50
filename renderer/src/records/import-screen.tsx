import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordType } from '../../../db/shared/schemas.js';
import type { ResultOf } from '../../../db/service.js';
import { call, callWithProgress, desktop, fileForEngine, type Progress } from '../shared/contract-client.js';
import { Notices, messageOf } from '../shared/notices.js';
import { FieldList, fieldLabel } from '../shared/field-value.js';
import { ColumnHeads } from '../shared/column-heads.js';

type Outcome = ResultOf<'import.files'>[number];
type Preview = NonNullable<Outcome['preview']>;
interface Chosen {
  name: string;
  path: string;
}

const spreadsheet = (name: string) => /\.(csv|xlsx|tsv)$/i.test(name);
const rowTypes: RecordType[] = ['detainee', 'person', 'trial', 'case', 'organisation', 'event', 'report'];

/**
 * Import: drop files or pick them. Documents become reports; a spreadsheet's rows become
 * records of a chosen type, after a preview of how its columns were matched (and a chance to
 * change that) with nothing written. Progress while it runs; then each file's outcome.
 */
export function ImportScreen({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [as, setAs] = useState<RecordType>('detainee');
  const [preview, setPreview] = useState<{ file: string; preview: Preview } | null>(null);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const hasSheet = chosen.some((c) => spreadsheet(c.name));

  async function add(files: File[]) {
    setError(null);
    setOutcomes(null);
    try {
      const paths = await Promise.all(files.map(async (file) => ({ name: file.name, path: await fileForEngine(file) })));
      setChosen((current) => [...current, ...paths]);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function pickNative() {
    const paths = await desktop!.choose('import-files');
    if (paths) setChosen((current) => [...current, ...paths.map((path) => ({ name: path.split(/[/\\]/).pop()!, path }))]);
  }

  // Columns chosen by hand, as data: a header may hold a comma or an equals sign.
  const columnMap = () => Object.entries(overrides).map(([column, field]) => ({ column, field: field === '-' ? null : field }));

  async function checkSheet() {
    const sheet = chosen.find((c) => spreadsheet(c.name));
    if (!sheet) return;
    setError(null);
    try {
      const [outcome] = await call('import.files', { paths: [sheet.path], as, dryRun: true, ...(columnMap().length ? { map: columnMap() } : {}) });
      if (outcome?.preview) setPreview({ file: sheet.name, preview: outcome.preview });
      if (outcome?.status === 'rejected') setError(`${sheet.name}: ${outcome.error}`);
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function run() {
    setBusy(true);
    setError(null);
    setProgress(null);
    try {
      const result = await callWithProgress(
        'import.files',
        { paths: chosen.map((c) => c.path), ...(hasSheet ? { as } : {}), ...(columnMap().length ? { map: columnMap() } : {}) },
        setProgress,
      );
      setOutcomes(result);
      setChosen([]);
      setPreview(null);
      setOverrides({});
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void add([...event.dataTransfer.files]);
  };
  const nameOf = (path: string) => chosen.find((c) => c.path === path)?.name ?? path.split(/[/\\]/).pop()!;
  const done = Number(progress?.bytesDone ?? 0);
  const all = Number(progress?.bytes ?? 0);

  return (
    <section className="import" aria-labelledby="import-title">
      <h1 id="import-title">{t('import.title')}</h1>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('import.drop')}</p>
        {desktop ? (
          <button type="button" onClick={() => void pickNative()}>
            {t('import.pick')}
          </button>
        ) : (
          <>
            <label htmlFor="import-files" className="button-like">
              {t('import.pick')}
            </label>
            <input
              id="import-files"
              ref={picker}
              type="file"
              multiple
              className="visually-hidden"
              accept=".pdf,.docx,.html,.htm,.txt,.md,.csv,.xlsx"
              onChange={(e) => {
                void add([...(e.target.files ?? [])]);
                e.target.value = '';
              }}
            />
          </>
        )}
        <p className="help">{t('import.kinds')}</p>
      </div>
      {chosen.length > 0 && (
        <ul className="chosen" aria-label={t('import.chosen')}>
          {chosen.map((c) => (
            <li key={c.path}>{c.name}</li>
          ))}
        </ul>
      )}
      {hasSheet && (
        <div className="sheet-options">
          <label>
            {t('import.rowsAs')}
            <select value={as} onChange={(e) => setAs(e.target.value as RecordType)}>
              {rowTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`types.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" onClick={() => void checkSheet()}>
            {t('import.preview')}
          </button>
        </div>
      )}
      {preview && (
        <MappingPreview
          preview={preview}
          overrides={overrides}
          onOverride={(column, field) => setOverrides({ ...overrides, [column]: field })}
          onRecheck={() => void checkSheet()}
        />
      )}
      <Notices error={error} />
      {chosen.length > 0 && (
        <button type="button" disabled={busy} onClick={() => void run()}>
          {t('import.run', { count: chosen.length })}
        </button>
      )}
      {busy && (
        <div className="progress" role="status">
          <progress max={all || undefined} value={all ? done : undefined} />
          <span>
            {progress
              ? t('import.progress', { done: progress.filesDone ?? 0, files: progress.files ?? chosen.length, current: progress.current ? nameOf(String(progress.current)) : '' })
              : t('import.starting')}
          </span>
        </div>
      )}
      {outcomes && (
        <table className="outcomes">
          <caption>
            {t('import.summary', {
              imported: outcomes.filter((o) => o.status === 'imported').length,
              duplicate: outcomes.filter((o) => o.status === 'duplicate').length,
              rejected: outcomes.filter((o) => o.status === 'rejected').length,
            })}
          </caption>
          <ColumnHeads labels={[t('import.file'), t('import.outcome'), t('import.detail')]} />
          <tbody>
            {outcomes.map((o) => (
              <tr key={o.file} className={`outcome-${o.status}`}>
                <td>{o.file.split(/[/\\]/).pop()}</td>
                <td>{t(`import.status.${o.status}`)}</td>
                <td>
                  {o.error}
                  {o.id && (
                    <button type="button" className="link" onClick={() => onOpen(o.id!)}>
                      {t('import.open')}
                    </button>
                  )}
                  {o.ids && t('import.records', { count: o.ids.length })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A column's target in the interface's language: "arrest.date" → "Arrests › Date". */
function targetLabel(key: string): string {
  return key
    .split('.')
    .map((part) => fieldLabel(part === 'arrest' ? 'arrests' : part))
    .join(' › ');
}

/** How a spreadsheet's columns were matched, each changeable, and its first rows as they would be saved. */
function MappingPreview({
  preview,
  overrides,
  onOverride,
  onRecheck,
}: {
  preview: { file: string; preview: Preview };
  overrides: Record<string, string>;
  onOverride: (column: string, field: string) => void;
  onRecheck: () => void;
}) {
  const { t } = useTranslation();
  const { mapping = [], targets = [], rows = 0, records } = preview.preview;
  return (
    <div className="mapping">
      <h2>{t('import.mapping', { file: preview.file, rows })}</h2>
      <table>
        <ColumnHeads labels={[t('import.column'), t('import.field')]} />
        <tbody>
          {mapping.map((m) => (
            <tr key={m.column}>
              <th scope="row">{m.header}</th>
              <td>
                <select
                  aria-label={t('import.fieldFor', { column: m.header })}
                  value={overrides[m.header] ?? m.target ?? '-'}
                  onChange={(e) => onOverride(m.header, e.target.value)}
                >
                  <option value="-">{t('import.ignore')}</option>
                  {targets.map((target) => (
                    <option key={target.key} value={target.key}>
                      {targetLabel(target.key)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {Object.keys(overrides).length > 0 && (
        <button type="button" className="secondary" onClick={onRecheck}>
          {t('import.recheck')}
        </button>
      )}
      <h3>{t('import.firstRows')}</h3>
      <ol className="preview-rows">
        {records.map((record, i) => (
          <li key={i}>
            <FieldList data={record} />
          </li>
        ))}
      </ol>
    </div>
  );
}
