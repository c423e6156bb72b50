import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditAction } from '../../../db/shared/audit-actions.js';
import { recordTypes, type RecordType } from '../../../db/shared/schemas.js';
import type { ResultOf } from '../../../db/service.js';
import { call, desktop, downloadFile } from '../shared/contract-client.js';
import { fieldLabel } from '../shared/field-value.js';
import { displayLocale } from '../i18n/setup-i18n.js';
import { Notices, messageOf } from '../shared/notices.js';

type Entry = ResultOf<'audit.page'>['entries'][number];
type Check = ResultOf<'audit.check'>;
type Issue = NonNullable<Check['issue']>;

/** Entries fetched at a time, and added by "Show older". */
const pageSize = 50;

/** Each action's label in `activity.actions` (i18next keys cannot hold the action's dot). */
const actionKeys: Record<AuditAction, string> = {
  'archive.create': 'archiveCreate',
  unlock: 'unlock',
  'unlock.failed': 'unlockFailed',
  'passphrase.change': 'passphraseChange',
  'passphrase.reset': 'passphraseReset',
  'passphrase.rekey': 'passphraseRekey',
  'record.create': 'recordCreate',
  'record.update': 'recordUpdate',
  'record.delete': 'recordDelete',
  'record.restore': 'recordRestore',
  'record.resolve': 'recordResolve',
  'record.attach': 'recordAttach',
  'revisions.merge': 'revisionsMerge',
  'import.file': 'importFile',
  'bundle.export': 'bundleExport',
  'bundle.import': 'bundleImport',
  'export.file': 'exportFile',
};

const issueKeys: Record<Issue['kind'], string> = {
  missing: 'missing',
  unlinked: 'unlinked',
  unreadable: 'unreadable',
  altered: 'altered',
  unsigned: 'unsigned',
  removed: 'removed',
  'not-signed': 'notSigned',
  rewritten: 'rewritten',
};

/** How the interface's language writes times, lists and sizes. */
export interface Wording {
  t: TFunction;
  /** "7 Dec 2026, 05:12" / «7 дек. 2026 г., 05:12», in this computer's time zone. */
  when(ms: number): string;
  /** The same, kept on one line inside a sentence (a narrow column would break it after the year). */
  whenInText(ms: number): string;
  /** "05:12", for the end of a span on the same day. */
  clock(ms: number): string;
  sameDay(a: number, b: number): boolean;
  list(items: string[]): string;
  size(bytes: number): string;
}

export function wordingFor(t: TFunction, language: string): Wording {
  const locale = displayLocale(language);
  const dateTime = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const lists = new Intl.ListFormat(locale, { type: 'conjunction' });
  const unit = (unit: string, display: 'short' | 'long', digits = 0) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: display, maximumFractionDigits: digits });
  return {
    t,
    when: (ms) => dateTime.format(ms),
    whenInText: (ms) => dateTime.format(ms).replace(/ /g, '\u00a0'),
    clock: (ms) => clock.format(ms),
    sameDay: (a, b) => new Date(a).toDateString() === new Date(b).toDateString(),
    list: (items) => lists.format(items),
    size: (bytes) =>
      bytes >= 1024 ** 2
        ? unit('megabyte', 'short', 1).format(bytes / 1024 ** 2)
        : bytes >= 1024
          ? unit('kilobyte', 'short').format(bytes / 1024)
          : unit('byte', 'long').format(bytes),
  };
}

export function actionLabel(action: string, t: TFunction): string {
  const key = actionKeys[action as AuditAction];
  return t(`activity.actions.${key ?? 'other'}`);
}

/** The problem audit.check found, in the interface's language (the engine's sentence when it is of a kind not known here). */
export function issueWords(check: Check, t: TFunction): string {
  const { issue } = check;
  if (!issue || !issueKeys[issue.kind]) return check.problem ?? '';
  return t(`activity.issues.${issueKeys[issue.kind]}`, { ...issue, ...('action' in issue ? { action: actionLabel(issue.action, t) } : {}) });
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function secretWords(value: unknown, t: TFunction): string[] {
  const secrets = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const words = secrets.map((s) => (s === 'passphrase' ? t('activity.secrets.passphrase') : s === 'recovery code' ? t('activity.secrets.recoveryCode') : s));
  return words.length ? words : [t('activity.secrets.passphrase')];
}

/**
 * What an entry's detail says, in words: the counterpart of describeAuditDetail in
 * db/audit/audit-view.ts, worded in the interface's language. Ids, hashes and internal
 * field names in the detail are left out or named as people know them.
 */
export function detailWords(entry: Pick<Entry, 'action' | 'detail'>, w: Wording): string {
  const { t } = w;
  const d = entry.detail;
  const records = (d.records ?? {}) as Record<string, unknown>;
  const merged = () =>
    [
      t('activity.newRecords', { count: count(records.new) }),
      t('activity.updated', { count: count(records.updated) }),
      t('activity.conflicts', { count: count(records.conflicts) }),
    ].join(', ');
  const files = (value: unknown) => (Array.isArray(value) ? value.filter((f): f is string => typeof f === 'string') : []).join(', ');
  switch (entry.action as AuditAction) {
    case 'unlock':
      return t('activity.unlockedWith', { secret: w.list(secretWords(d.with, t)) });
    case 'unlock.failed': {
      const secret = w.list(secretWords(d.with, t));
      const attempts = count(d.attempts);
      if (typeof d.first !== 'number' || typeof d.last !== 'number') return t('activity.failed', { count: attempts, secret });
      if (w.when(d.first) === w.when(d.last)) return t('activity.failedAt', { count: attempts, secret, time: w.whenInText(d.first) });
      const last = w.sameDay(d.first, d.last) ? w.clock(d.last) : w.whenInText(d.last);
      return t('activity.failedBetween', { count: attempts, secret, first: w.whenInText(d.first), last });
    }
    case 'record.create':
    case 'record.delete':
    case 'record.restore':
      return recordTypes.includes(d.type as RecordType) ? t(`types.${d.type as RecordType}`) : '';
    case 'record.update': {
      const fields = Array.isArray(d.fields) ? d.fields.filter((f): f is string => typeof f === 'string') : [];
      return fields.length ? t('activity.changed', { fields: w.list(fields.map(fieldLabel)) }) : '';
    }
    case 'record.resolve':
      return d.merged ? t('activity.resolvedMerged') : t('activity.resolvedPicked');
    case 'record.attach':
      return typeof d.size === 'number' ? t('activity.attached', { size: w.size(d.size) }) : '';
    case 'revisions.merge':
      return `${t('activity.revisionsAdded', { count: count(d.added) })}: ${merged()}`;
    case 'bundle.import':
      return `${text(d.fingerprint) ? `${t('activity.fromDevice', { fingerprint: text(d.fingerprint) })}: ` : ''}${merged()}`;
    case 'bundle.export': {
      const to = Array.isArray(d.to) ? t('activity.toRecipients', { count: d.to.length }) : t('activity.toPassphrase');
      // A sync folder's bundle is kept under "sync:<device id>" and named after the device: neither says anything to a person.
      const toSyncFolder = text(d.peer).startsWith('sync:');
      const peer = toSyncFolder ? `, ${t('activity.forSyncFolder')}` : text(d.peer) && d.peer !== 'team' ? `, ${t('activity.forPeer', { peer: text(d.peer) })}` : '';
      return `${text(d.file) && !toSyncFolder ? `${text(d.file)}: ` : ''}${[t('activity.revisions', { count: count(d.revisions) }), t('activity.attachments', { count: count(d.blobs) }), to].join(', ')}${peer}`;
    }
    case 'import.file':
      return `${text(d.file) ? `${text(d.file)}: ` : ''}${t('activity.records', { count: count(d.records) })}`;
    case 'export.file': {
      const format = text(d.format).toUpperCase();
      if (d.what === 'audit log') return `${t('activity.logExportedTo', { format, files: files(d.files) })}: ${t('activity.entries', { count: count(d.entries) })}`;
      return `${t('activity.exportedTo', { format, files: files(d.files) })}${d.records !== undefined ? `: ${t('activity.records', { count: count(d.records) })}` : ''}`;
    }
    default:
      return '';
  }
}

/** The date in this computer's time zone, for a file name. */
function localDate(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Newer entries put before the ones shown; all of them afresh when the two do not meet. */
function mergeNewest(shown: Entry[], fresh: Entry[]): Entry[] {
  const newest = shown[0]?.seq ?? 0;
  const added = fresh.filter((e) => e.seq > newest);
  if (!shown.length || added.length === fresh.length) return fresh;
  return [...added, ...shown];
}

/**
 * The archive's activity log as the person using Vigil reads it: whether it checks out, then
 * what happened, newest first, a page at a time; each record by its title (opening it), each
 * device as "this device" or by the fingerprint its owner reads out. Exported in the clear
 * after a warning. It stays mounted under a record opened from it, so Back returns to the same
 * rows; it catches up on what happened meanwhile when it is shown again.
 */
export function ActivityLog({ active, onOpen, onBack }: { active: boolean; onOpen: (id: string) => void; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const wording = useMemo(() => wordingFor(t, i18n.language), [t, i18n.language]);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [total, setTotal] = useState(0);
  const [check, setCheck] = useState<Check | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const table = useRef<HTMLTableElement>(null);
  /** The row whose record was opened, to put the focus back on its title on return. */
  const openedFrom = useRef<number | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [checked, page] = await Promise.all([call('audit.check', {}), call('audit.page', { limit: pageSize })]);
      setCheck(checked);
      setTotal(page.total);
      setEntries((shown) => mergeNewest(shown, page.entries));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => {
    void refresh();
    heading.current?.focus();
  }, [refresh]);

  const wasActive = useRef(active);
  useEffect(() => {
    if (active && !wasActive.current) {
      void refresh();
      const seq = openedFrom.current;
      if (seq !== null) table.current?.querySelector<HTMLElement>(`tr[data-seq="${seq}"] .link`)?.focus();
    }
    wasActive.current = active;
  }, [active, refresh]);

  const focusRow = useRef<number | null>(null);
  useEffect(() => {
    if (focusRow.current === null) return;
    table.current?.querySelector<HTMLElement>(`tr[data-seq="${focusRow.current}"]`)?.focus();
    focusRow.current = null;
  }, [entries]);

  async function showOlder() {
    const oldest = entries.at(-1);
    if (!oldest) return;
    setBusy(true);
    try {
      const page = await call('audit.page', { beforeSeq: oldest.seq, limit: pageSize });
      setEntries((shown) => [...shown, ...page.entries.filter((e) => e.seq < (shown.at(-1)?.seq ?? Infinity))]);
      setTotal(page.total);
      // The button goes busy (or away, at the end): reading goes on from the first row it brought.
      const first = page.entries[0];
      if (first) focusRow.current = first.seq;
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function exportLog() {
    setError(null);
    setStatus(null);
    // The log leaves the archive in the clear here: the user says yes to that first, every time.
    if (!window.confirm(t('activity.exportWarning'))) return;
    const name = `vigil-activity-log-${localDate()}.csv`;
    const out = desktop ? (await desktop.choose('export-log'))?.[0] : name;
    if (!out) return;
    setBusy(true);
    try {
      const written = await call('audit.export', { out });
      if (!desktop) await downloadFile(name);
      setStatus(t('activity.exported', { count: written.entries, file: written.file.split(/[/\\]/).pop() }));
      // The export is itself an entry in the log.
      await refresh();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const open = (entry: Entry) => {
    openedFrom.current = entry.seq;
    onOpen(entry.recordId!);
  };

  return (
    <section className="activity" aria-labelledby="activity-title">
      <button type="button" className="back" onClick={onBack}>
        {t('activity.back')}
      </button>
      <div className="activity-head">
        <h1 id="activity-title" ref={heading} tabIndex={-1}>
          {t('activity.title')}
        </h1>
        <button type="button" className="secondary" onClick={() => void exportLog()} disabled={busy || !loaded}>
          {t('activity.export')}
        </button>
      </div>
      <LogCheck check={check} newest={entries[0]} wording={wording} />
      <Notices status={status} error={error} />
      {entries.length > 0 && (
        <table className="activity-table" ref={table}>
          <caption>{entries.length < total ? t('activity.shown', { count: total, shown: entries.length }) : t('activity.all', { count: total })}</caption>
          <thead>
            <tr>
              <th scope="col" className="seq">
                {t('activity.columns.no')}
              </th>
              <th scope="col">{t('activity.columns.when')}</th>
              <th scope="col" className="what">
                {t('activity.columns.what')}
              </th>
              <th scope="col" className="record">
                {t('activity.columns.record')}
              </th>
              <th scope="col">{t('activity.columns.device')}</th>
              <th scope="col">{t('activity.columns.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq} data-seq={entry.seq} tabIndex={-1}>
                <td className="seq">{entry.seq}</td>
                <td className="when">{wording.when(entry.atMs)}</td>
                <td className="what">{actionLabel(entry.action, t)}</td>
                <td className="record">
                  {entry.record &&
                    (entry.record.deleted ? (
                      <>
                        {entry.record.title || t('list.untitled')} <span className="help">{t('activity.deleted')}</span>
                      </>
                    ) : (
                      <button type="button" className="link" onClick={() => open(entry)}>
                        {entry.record.title || t('list.untitled')}
                      </button>
                    ))}
                </td>
                <td className={entry.device.self ? 'self' : 'mono'}>{entry.device.self ? t('activity.thisDevice') : entry.device.fingerprint}</td>
                <td>{detailWords(entry, wording)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.length < total && (
        <button type="button" className="secondary older" onClick={() => void showOlder()} disabled={busy}>
          {t('activity.older')}
        </button>
      )}
    </section>
  );
}

/** Whether the log checks out: said calmly when it does, as a warning when it does not. */
function LogCheck({ check, newest, wording }: { check: Check | null; newest: Entry | undefined; wording: Wording }) {
  const { t } = wording;
  if (!check) return <p className="log-check">{t('activity.checking')}</p>;
  if (check.problem) {
    return (
      <p role="alert" className="log-check broken">
        {t('activity.broken', { problem: issueWords(check, t) })}
      </p>
    );
  }
  return (
    <p role="status" className="log-check intact">
      {!newest || newest.device.self
        ? t('activity.intact', { count: check.entries })
        : t('activity.intactElsewhere', { count: check.entries, fingerprint: newest.device.fingerprint })}
    </p>
  );
}
