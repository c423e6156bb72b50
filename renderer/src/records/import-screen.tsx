import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordType } from '../../../db/shared/schemas.js';
import type { ResultOf } from '../../../db/service.js';
import { call, callWithProgress, ContractError, desktop, fileForEngine, type Progress } from '../shared/contract-client.js';
import { Notices, messageOf, reasonIn } from '../shared/notices.js';
import { FieldList, fieldLabel } from '../shared/field-value.js';
import { ColumnHeads } from '../shared/column-heads.js';
import { useDefinitions } from '../shared/use-definitions.js';
import { UwaziImport } from './uwazi-import.js';

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
  const { t, i18n } = useTranslation();
  const definitions = useDefinitions();
  // The organisation's own types take spreadsheet rows too.
  const sheetTypes = [...rowTypes, ...((definitions?.types.filter((d) => !d.hidden).map((d) => d.key) ?? []) as RecordType[])];
  const [chosen, setChosen] = useState<Chosen[]>([]);
  /** What each spreadsheet's rows become, by its path (a detainee list and a list of witnesses differ). */
  const [asOf, setAsOf] = useState<Record<string, RecordType>>({});
  const typeOf = (path: string): RecordType => asOf[path] ?? 'detainee';
  /** Each spreadsheet's dry run, by its path: the preview, or that it is already in the archive, or why it cannot be read. */
  const [checks, setChecks] = useState<Record<string, Outcome>>({});
  /** The spreadsheet whose preview is open. */
  const [previewing, setPreviewing] = useState<string | null>(null);
  /** Columns chosen by hand, per spreadsheet (each has its own columns). */
  const [overrides, setOverrides] = useState<Record<string, Record<string, string>>>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  function stage(files: Chosen[]) {
    // The same file chosen twice is staged once.
    setChosen((current) => [...current, ...files.filter((f) => !current.some((c) => c.path === f.path))]);
  }

  async function add(files: File[]) {
    setError(null);
    setOutcomes(null);
    try {
      stage(await Promise.all(files.map(async (file) => ({ name: file.name, path: await fileForEngine(file) }))));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function pickNative() {
    const paths = await desktop!.choose('import-files');
    if (paths) stage(paths.map((path) => ({ name: path.split(/[/\\]/).pop()!, path })));
  }

  function unstage(path: string) {
    setChosen((current) => current.filter((c) => c.path !== path));
    if (previewing === path) setPreviewing(null);
  }

  // Columns chosen by hand, as data: a header may hold a comma or an equals sign.
  const columnMap = (path: string) => Object.entries(overrides[path] ?? {}).map(([column, field]) => ({ column, field: field === '-' ? null : field }));

  async function checkSheet(sheet: Chosen, type = typeOf(sheet.path)) {
    setError(null);
    setPreviewing(sheet.path);
    try {
      const map = columnMap(sheet.path);
      const [outcome] = await call('import.files', { paths: [sheet.path], as: type, dryRun: true, ...(map.length ? { map } : {}) });
      if (outcome) setChecks((current) => ({ ...current, [sheet.path]: outcome }));
    } catch (err) {
      setError(messageOf(err));
    }
  }

  // A cancel clicked before the import has said anything may reach the engine before the import
  // itself: it is sent again once the import reports its first progress.
  const cancelWanted = useRef(false);
  const progressSeen = useRef(false);
  const sendCancel = () => void call('import.cancel', {}).catch(() => undefined);
  function cancel() {
    setCancelling(true);
    cancelWanted.current = true;
    sendCancel();
  }
  const onProgress = (event: Progress) => {
    if (cancelWanted.current && !progressSeen.current) sendCancel();
    progressSeen.current = true;
    setProgress(event);
  };

  async function run() {
    setBusy(true);
    setCancelling(false);
    cancelWanted.current = false;
    progressSeen.current = false;
    setError(null);
    setStatus(null);
    setProgress(null);
    try {
      // Documents together; each spreadsheet on its own, with the type its rows become and its own column choices.
      const documents = chosen.filter((c) => !spreadsheet(c.name));
      const sheets = chosen.filter((c) => spreadsheet(c.name));
      const results: Outcome[] = [];
      if (documents.length) results.push(...(await callWithProgress('import.files', { paths: documents.map((c) => c.path) }, onProgress)));
      for (const sheet of sheets) {
        const map = columnMap(sheet.path);
        if (cancelWanted.current) break;
        results.push(...(await callWithProgress('import.files', { paths: [sheet.path], as: typeOf(sheet.path), ...(map.length ? { map } : {}) }, onProgress)));
      }
      setOutcomes(results);
      setChosen([]);
      setChecks({});
      setPreviewing(null);
      setOverrides({});
      setAsOf({});
    } catch (err) {
      // Cancelled on purpose: said as what happened, not as an error.
      if (err instanceof ContractError && err.data.code === 'cancelled' && /^the import was cancelled/.test(err.message)) setStatus(t('import.cancelled'));
      else setError(messageOf(err));
    } finally {
      setBusy(false);
      setCancelling(false);
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
  // A scan being read by OCR: progress is its pages.
  const pages = Number(progress?.pages ?? 0);
  const pagesDone = Number(progress?.pagesDone ?? 0);
  const shown = previewing ? checks[previewing] : undefined;

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
              accept=".pdf,.docx,.html,.htm,.txt,.md,.csv,.xlsx,.jpg,.jpeg,.png,.tif,.tiff"
              onChange={(e) => {
                void add([...(e.target.files ?? [])]);
                e.target.value = '';
              }}
            />
          </>
        )}
        <p className="help">{t('import.kinds')}</p>
      </div>
      {chosen.length === 0 && !outcomes && <p className="empty">{t('import.nothingStaged')}</p>}
      {chosen.length > 0 && (
        <ul className="chosen" aria-label={t('import.chosen')}>
          {chosen.map((c) => {
            const check = checks[c.path];
            return (
              <li key={c.path} className={previewing === c.path ? 'previewing' : undefined}>
                <span className="chosen-name">{c.name}</span>
                {check?.status === 'duplicate' && <span className="chosen-note">{t('import.alreadyHere')}</span>}
                {check?.status === 'rejected' && <span className="chosen-note error-text">{reasonIn(i18n.language, check.error ?? '')}</span>}
                {check?.status === 'checked' && check.preview?.rows !== undefined && <span className="chosen-note">{t('import.rows', { count: check.preview.rows })}</span>}
                {spreadsheet(c.name) && (
                  <>
                    <select
                      aria-label={t('import.rowsOf', { file: c.name })}
                      value={typeOf(c.path)}
                      onChange={(e) => {
                        const type = e.target.value as RecordType;
                        setAsOf((current) => ({ ...current, [c.path]: type }));
                        // Another type has other fields: the choices made for the old one no longer apply.
                        setOverrides(({ [c.path]: _dropped, ...rest }) => rest);
                        setChecks(({ [c.path]: _stale, ...rest }) => rest);
                        if (previewing === c.path) void checkSheet(c, type);
                      }}
                    >
                      {sheetTypes.map((type) => (
                        <option key={type} value={type}>
                          {t('import.rowsBecome', { type: t(`lists.${type}`) })}
                        </option>
                      ))}
                    </select>
                    <button type="button" className="secondary" aria-label={t('import.previewOf', { file: c.name })} onClick={() => void checkSheet(c)}>
                      {t('import.preview')}
                    </button>
                  </>
                )}
                <button type="button" className="secondary" aria-label={t('import.removeFile', { file: c.name })} onClick={() => unstage(c.path)}>
                  {t('import.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {previewing && shown?.status === 'duplicate' && (
        <p className="notice" role="status">
          {t('import.duplicatePreview', { file: nameOf(previewing) })}{' '}
          {shown.id && (
            <button type="button" className="link" onClick={() => onOpen(shown.id!)}>
              {t('import.open')}
            </button>
          )}
          {shown.ids && t('import.records', { count: shown.ids.length })}
        </p>
      )}
      {previewing && shown?.status === 'rejected' && (
        <p className="error" role="alert">
          {nameOf(previewing)}: {reasonIn(i18n.language, shown.error ?? '')}
        </p>
      )}
      {previewing && shown?.status === 'checked' && shown.preview && (
        <MappingPreview
          preview={{ file: nameOf(previewing), preview: shown.preview }}
          overrides={overrides[previewing] ?? {}}
          onOverride={(column, field) => setOverrides({ ...overrides, [previewing]: { ...overrides[previewing], [column]: field } })}
          onRecheck={() => void checkSheet(chosen.find((c) => c.path === previewing)!)}
        />
      )}
      <Notices status={status} error={error} />
      {chosen.length > 0 && (
        <button type="button" disabled={busy} onClick={() => void run()}>
          {t('import.run', { count: chosen.length })}
        </button>
      )}
      {busy && (
        <div className="progress" role="status">
          {pages ? <progress max={pages} value={pagesDone} /> : <progress max={all || undefined} value={all ? done : undefined} />}
          <span>
            {progress && pages
              ? t('import.readingPage', { page: Math.min(pagesDone + 1, pages), pages, current: nameOf(String(progress.current)) })
              : progress
                ? t('import.progress', { done: progress.filesDone ?? 0, files: progress.files ?? chosen.length, current: progress.current ? nameOf(String(progress.current)) : '' })
                : t('import.starting')}
          </span>
          <button type="button" disabled={cancelling} onClick={cancel}>
            {cancelling ? t('import.cancelling') : t('import.cancel')}
          </button>
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
                  {o.error && reasonIn(i18n.language, o.error)}
                  {o.id && (
                    <button type="button" className="link" onClick={() => onOpen(o.id!)}>
                      {t('import.open')}
                    </button>
                  )}
                  {o.ids && t('import.records', { count: o.ids.length })}
                  {o.ocr && <span className="ocr-note"> {t('import.ocrRead', { count: o.ocr.pages })}</span>}
                  {o.ocr && o.ocr.lowConfidence.length > 0 && (
                    <span className="ocr-note">
                      {' '}
                      {t(o.ocr.lowConfidence.length === 1 ? 'import.ocrCheckPage' : 'import.ocrCheckPages', { pages: o.ocr.lowConfidence.join(', ') })}
                    </span>
                  )}
                  {o.warning && <span className="ocr-note"> {reasonIn(i18n.language, o.warning)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <UwaziImport />
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
  const { mapping = [], targets = [], records } = preview.preview;
  return (
    <div className="mapping">
      <h2>{t('import.mapping', { file: preview.file })}</h2>
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
