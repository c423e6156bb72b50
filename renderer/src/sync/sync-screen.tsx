import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ChoiceSelect, sensitivities } from '../shared/choice-select.js';
import { recordTypes, type RecordType } from '../../../db/shared/schemas.js';
import type { ResultOf } from '../../../db/service.js';
import { call, desktop, downloadFile, fileForEngine, printRecordsPdf } from '../shared/contract-client.js';
import { DeviceIdentity, Notices, TypeChoice, messageOf } from '../shared/notices.js';
import { SecretInput } from '../shared/secret-input.js';
import { ColumnHeads } from '../shared/column-heads.js';
import { sizeInWords } from '../../../db/shared/size-words.js';
import { useDefinitions } from '../shared/use-definitions.js';

type Summary = ResultOf<'bundle.import'>;
type Contact = ResultOf<'contacts.list'>[number];
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Sync and export: make a signed, encrypted bundle for the team (everything, or what one
 * teammate has not been sent; some types only; up to a sensitivity; to the team passphrase or
 * to members' keys), import one and see what it brought and from which device, and export
 * records in the clear after a warning.
 */
export function SyncScreen() {
  const { t } = useTranslation();
  const [identity, setIdentity] = useState<ResultOf<'bundle.identity'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [contacts, setContacts] = useState<Contact[]>([]);

  const loadContacts = useCallback(() => {
    call('contacts.list', {})
      .then(setContacts)
      .catch((err: unknown) => setError(messageOf(err)));
  }, []);

  useEffect(() => {
    call('bundle.identity', {})
      .then(setIdentity)
      .catch((err: unknown) => setError(messageOf(err)));
    loadContacts();
  }, [loadContacts]);

  return (
    <section className="sync" aria-labelledby="sync-title">
      <h1 id="sync-title">{t('sync.title')}</h1>
      {identity && <DeviceIdentity identity={identity} />}
      <Notices error={error} />
      <TeamContacts contacts={contacts} onChanged={loadContacts} />
      <MakeBundle contacts={contacts} />
      <ImportBundle ownDevice={identity?.deviceId} />
      <ExportRecords />
    </section>
  );
}

/** What one part of the screen just did or failed to do, said beside its own button. */
function useNotice() {
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return {
    status,
    error,
    done: (message: string) => {
      setError(null);
      setStatus(message);
    },
    failed: (message: string | null) => {
      setStatus(null);
      setError(message);
    },
  };
}

/** The team: who bundles can be encrypted to, each with the fingerprint they read out. */
function TeamContacts({ contacts, onChanged }: { contacts: Contact[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const notice = useNotice();
  const onError = notice.failed;
  const [name, setName] = useState('');
  const [recipient, setRecipient] = useState('');
  const [fingerprint, setFingerprint] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    onError(null);
    try {
      await call('contacts.add', { name, recipient: recipient.trim(), ...(fingerprint.trim() ? { fingerprint: fingerprint.trim().toUpperCase() } : {}) });
      setName('');
      setRecipient('');
      setFingerprint('');
      onChanged();
    } catch (err) {
      onError(messageOf(err));
    }
  }

  async function remove(contact: Contact) {
    try {
      await call('contacts.remove', { recipient: contact.recipient });
      onChanged();
    } catch (err) {
      onError(messageOf(err));
    }
  }

  return (
    <form className="stacked-wide" onSubmit={(e) => void add(e)} aria-labelledby="contacts-title">
      <h2 id="contacts-title">{t('sync.contacts')}</h2>
      {contacts.length === 0 && <p className="empty">{t('sync.noContacts')}</p>}
      {contacts.length > 0 && (
        <table>
          <ColumnHeads labels={[t('sync.contactName'), t('settings.fingerprint'), t('settings.recipient'), null]} />
          <tbody>
            {contacts.map((c) => (
              <tr key={c.recipient}>
                <td>{c.name}</td>
                <td className="mono">{c.fingerprint ?? ''}</td>
                <td className="mono">{c.recipient}</td>
                <td>
                  <button type="button" className="secondary" aria-label={`${t('form.remove')}: ${c.name}`} onClick={() => void remove(c)}>
                    {t('form.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="inline-fields">
        <label>
          {t('sync.contactName')}
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          {t('settings.recipient')}
          <input value={recipient} onChange={(e) => setRecipient(e.target.value)} required spellCheck={false} placeholder="age1…" />
        </label>
        <label>
          {t('settings.fingerprint')}
          <input value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} spellCheck={false} />
        </label>
        <button type="submit">{t('sync.addContact')}</button>
      </div>
      <Notices error={notice.error} />
    </form>
  );
}

function MakeBundle({ contacts }: { contacts: Contact[] }) {
  const { t, i18n } = useTranslation();
  const notice = useNotice();
  const [made, setMade] = useState<(ResultOf<'bundle.export'> & { name: string }) | null>(null);
  const [mode, setMode] = useState<'all' | 'peer'>('all');
  const [peer, setPeer] = useState('');
  const [types, setTypes] = useState<RecordType[]>([]);
  const [maxSensitivity, setMaxSensitivity] = useState('');
  const [encryption, setEncryption] = useState<'passphrase' | 'keys'>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [recipients, setRecipients] = useState('');
  const [chosenContacts, setChosenContacts] = useState<string[]>([]);
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);

  async function make(event: FormEvent) {
    event.preventDefault();
    notice.failed(null);
    setMade(null);
    const name = `vigil-${mode === 'peer' && peer ? `${peer.replace(/[^\p{L}\p{N}_-]+/gu, '-')}-` : ''}${today()}.vigil`;
    const out = desktop ? (await desktop.choose('save-bundle'))?.[0] : name;
    if (!out) return;
    setBusy(true);
    try {
      const made = await call('bundle.export', {
        out,
        ...(mode === 'all' ? { all: true } : { peer: peer.trim() }),
        ...(types.length ? { types } : {}),
        ...(maxSensitivity ? { maxSensitivity: maxSensitivity as 'public' } : {}),
        ...(tag.trim() ? { tags: [tag.trim()] } : {}),
        ...(encryption === 'passphrase' ? { passphrase } : { to: [...new Set([...chosenContacts, ...recipients.split(/\s+/).filter(Boolean)])] }),
      });
      if (!desktop) await downloadFile(name);
      setMade({ ...made, name: out.split(/[/\\]/).pop()! });
      notice.done(t('sync.made', { file: out.split(/[/\\]/).pop(), size: sizeInWords(made.bytes, i18n.language) }));
      setPassphrase('');
    } catch (err) {
      notice.failed(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stacked-wide" onSubmit={(e) => void make(e)} aria-labelledby="make-bundle-title">
      <h2 id="make-bundle-title">{t('sync.makeBundle')}</h2>
      <fieldset>
        <label className="check">
          <input type="radio" name="bundle-mode" checked={mode === 'all'} onChange={() => setMode('all')} />
          {t('sync.everything')}
        </label>
        <label className="check">
          <input type="radio" name="bundle-mode" checked={mode === 'peer'} onChange={() => setMode('peer')} />
          {t('sync.sinceLast')}
        </label>
        {mode === 'peer' && (
          <label>
            {t('sync.peer')}
            <input value={peer} onChange={(e) => setPeer(e.target.value)} required />
          </label>
        )}
      </fieldset>
      <TypeChoice chosen={types} onChange={setTypes} />
      <label>
        {t('sync.tag')}
        <input value={tag} onChange={(e) => setTag(e.target.value)} />
      </label>
      <label>
        {t('sync.maxSensitivity')}
        <ChoiceSelect value={maxSensitivity} options={sensitivities} anyLabel={t('sync.anySensitivity')} onChange={setMaxSensitivity} />
      </label>
      <fieldset>
        <legend>{t('sync.encryptTo')}</legend>
        <label className="check">
          <input type="radio" name="bundle-encryption" checked={encryption === 'passphrase'} onChange={() => setEncryption('passphrase')} />
          {t('sync.teamPassphrase')}
        </label>
        <label className="check">
          <input type="radio" name="bundle-encryption" checked={encryption === 'keys'} onChange={() => setEncryption('keys')} />
          {t('sync.recipients')}
        </label>
        {encryption === 'passphrase' ? (
          <label>
            {t('sync.bundlePassphrase')}
            <SecretInput value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required minLength={8} />
          </label>
        ) : (
          <>
            {contacts.map((c) => (
              <label className="check" key={c.recipient}>
                <input
                  type="checkbox"
                  checked={chosenContacts.includes(c.recipient)}
                  onChange={(e) => setChosenContacts(e.target.checked ? [...chosenContacts, c.recipient] : chosenContacts.filter((r) => r !== c.recipient))}
                />
                {c.name} <span className="help mono">{c.fingerprint ?? c.recipient.slice(0, 16) + '…'}</span>
              </label>
            ))}
            <textarea
              aria-label={t('sync.recipients')}
              rows={2}
              value={recipients}
              onChange={(e) => setRecipients(e.target.value)}
              required={chosenContacts.length === 0}
              spellCheck={false}
            />
          </>
        )}
      </fieldset>
      <button type="submit" disabled={busy}>
        {t('sync.make')}
      </button>
      <Notices status={notice.status} error={notice.error} />
      {made && (
        <SyncCounts
          counts={[
            [t('sync.countRevisions'), made.revisions],
            [t('sync.countAttachments'), made.blobs],
          ]}
        />
      )}
    </form>
  );
}

function ImportBundle({ ownDevice }: { ownDevice: string | undefined }) {
  const { t } = useTranslation();
  const notice = useNotice();
  const onError = notice.failed;
  const [path, setPath] = useState<{ name: string; path: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [summary, setSummary] = useState<Summary | null>(null);
  const [busy, setBusy] = useState(false);
  // A new file input once a bundle is imported: the same file picked again is a new upload (the last one was used up).
  const [picker, setPicker] = useState(0);

  async function choose(file?: File) {
    onError(null);
    try {
      if (desktop) {
        const picked = (await desktop.choose('open-bundle'))?.[0];
        if (picked) setPath({ name: picked.split(/[/\\]/).pop()!, path: picked });
      } else if (file) {
        setPath({ name: file.name, path: await fileForEngine(file) });
      }
    } catch (err) {
      onError(messageOf(err));
    }
  }

  async function run(event: FormEvent) {
    event.preventDefault();
    if (!path) return;
    setBusy(true);
    onError(null);
    setSummary(null);
    try {
      const result = await call('bundle.import', { path: path.path, ...(passphrase ? { passphrase } : {}) });
      setSummary(result);
      setPassphrase('');
      setPath(null);
      setPicker((n) => n + 1);
      notice.done(t(result.device === ownDevice ? 'sync.importedOwn' : result.newDevice ? 'sync.importedFromNew' : 'sync.importedFromKnown', { fingerprint: result.fingerprint }));
    } catch (err) {
      onError(messageOf(err, { auth_failed: 'sync.wrongTeamPassphrase' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stacked-wide" onSubmit={(e) => void run(e)} aria-labelledby="import-bundle-title">
      <h2 id="import-bundle-title">{t('sync.importBundle')}</h2>
      {desktop ? (
        <button type="button" className="secondary" onClick={() => void choose()}>
          {t('sync.chooseBundle')}
        </button>
      ) : (
        <label>
          {t('sync.chooseBundle')}
          <input key={picker} type="file" accept=".vigil" onChange={(e) => void choose(e.target.files?.[0])} />
        </label>
      )}
      {path && <p className="mono">{path.name}</p>}
      <label>
        {t('sync.bundlePassphrase')}
        <SecretInput value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || !path}>
        {t('sync.importBundle')}
      </button>
      <Notices status={notice.status} error={notice.error} />
      {summary && (
        <SyncCounts
          counts={[
            [t('sync.countNew'), summary.new],
            [t('sync.countUpdated'), summary.updated],
            [t('sync.countConflicts'), summary.conflicts],
            [t('sync.countUnchanged'), summary.unchanged],
          ]}
        />
      )}
      {summary && summary.newDevices.length > 0 && (
        <div className="notice">
          <p>{t('sync.newDevices')}</p>
          <ul>
            {summary.newDevices.map((d) => (
              <li key={d.deviceId} className="mono">
                {d.fingerprint}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}

function ExportRecords() {
  const { t, i18n } = useTranslation();
  const notice = useNotice();
  const onDone = notice.done;
  const onError = notice.failed;
  const [format, setFormat] = useState<'json' | 'html' | 'csv' | 'docx' | 'uwazi-csv'>('json');
  const [types, setTypes] = useState<RecordType[]>([]);
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState('');
  const [sensitivity, setSensitivity] = useState('');
  // A CSV for Uwazi holds one type: one with fields of the organisation's, as an Uwazi template has.
  const [uwaziType, setUwaziType] = useState('');
  const definitions = useDefinitions();
  const uwaziTypes = [...new Set((definitions?.fields ?? []).filter((f) => !f.hidden).map((f) => f.of))];
  // Tag and sensitivity narrow through the query language's own filters.
  const fullQuery = () => [query.trim(), tag.trim() ? `tag:${JSON.stringify(tag.trim())}` : '', sensitivity ? `sensitivity:${sensitivity}` : ''].filter(Boolean).join(' ');
  // An HTML export or a PDF speaks the interface's language.
  const selection = () => ({
    ...(types.length ? { types } : {}),
    ...(fullQuery() ? { query: fullQuery() } : {}),
    language: i18n.language.startsWith('ru') ? ('ru' as const) : ('en' as const),
  });

  async function run(event: FormEvent) {
    event.preventDefault();
    onError(null);
    if (format === 'uwazi-csv' && !uwaziType) return onError(t('sync.uwaziOneType'));
    // Plaintext leaves the archive here: the user says yes to that first, every time.
    if (!window.confirm(t('sync.exportWarning'))) return;
    // In the browser a CSV export is downloaded one file per record type.
    if (format === 'csv' && !desktop) return csvDownloads();
    const name = format === 'uwazi-csv' ? `uwazi-${uwaziType}-${today()}.csv` : `vigil-export-${today()}.${format}`;
    const purposes = { json: 'export-json', html: 'export-html', csv: 'export-csv', docx: 'export-docx', 'uwazi-csv': 'export-uwazi-csv' } as const;
    const out = desktop ? (await desktop.choose(purposes[format]))?.[0] : name;
    if (!out) return;
    try {
      const made = await call('export.records', { format, out, ...selection(), ...(format === 'uwazi-csv' ? { types: [uwaziType as RecordType] } : {}) });
      if (!desktop) await downloadFile(name);
      onDone(t('sync.exported', { count: made.records, files: made.files.map((f) => f.split(/[/\\]/).pop()).join(', ') }));
    } catch (err) {
      onError(messageOf(err));
    }
  }

  /** Browser mode: one CSV file per record type chosen (or per type that has records), each downloaded. */
  async function csvDownloads() {
    try {
      const chosen = types.length ? types : recordTypes.filter((type) => type !== 'indicator');
      const files: string[] = [];
      let records = 0;
      for (const type of chosen) {
        if (!types.length && (await call('records.list', { type, limit: 1 })).total === 0) continue;
        const name = `vigil-${type}-${today()}.csv`;
        const made = await call('export.records', { format: 'csv', out: name, ...selection(), types: [type] });
        await downloadFile(name);
        files.push(name);
        records += made.records;
      }
      onDone(t('sync.exported', { count: records, files: files.join(', ') }));
    } catch (err) {
      onError(messageOf(err));
    }
  }

  async function pdf() {
    onError(null);
    if (!window.confirm(t('sync.exportWarning'))) return;
    try {
      const saved = await printRecordsPdf(selection());
      if (saved) onDone(t('sync.pdfSaved', { file: saved.split(/[/\\]/).pop() }));
    } catch (err) {
      onError(messageOf(err));
    }
  }

  return (
    <form className="stacked-wide" onSubmit={(e) => void run(e)} aria-labelledby="export-title">
      <h2 id="export-title">{t('sync.export')}</h2>
      <label>
        {t('sync.format')}
        <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
          <option value="json">JSON</option>
          <option value="html">HTML</option>
          <option value="csv">CSV</option>
          <option value="docx">{t('sync.formatDocx')}</option>
          <option value="uwazi-csv">{t('sync.formatUwazi')}</option>
        </select>
      </label>
      {format === 'csv' && !desktop && <p className="help">{t('sync.csvOneFilePerType')}</p>}
      {format === 'uwazi-csv' ? (
        <>
          <p className="help">{t('sync.uwaziHelp')}</p>
          <label>
            {t('sync.uwaziType')}
            <select value={uwaziType} onChange={(e) => setUwaziType(e.target.value)}>
              <option value="">{t('form.choose')}</option>
              {uwaziTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`lists.${type}`, { defaultValue: type })}
                </option>
              ))}
            </select>
          </label>
        </>
      ) : (
        <TypeChoice chosen={types} onChange={setTypes} />
      )}
      <label>
        {t('search.label')}
        <input value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <div className="inline-fields">
        <label>
          {t('sync.tag')}
          <input value={tag} onChange={(e) => setTag(e.target.value)} />
        </label>
        <label>
          {t('list.sensitivity')}
          <ChoiceSelect value={sensitivity} options={sensitivities} anyLabel={t('sync.anySensitivity')} onChange={setSensitivity} />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit">{t('sync.exportButton')}</button>
        <button type="button" className="secondary" onClick={() => void pdf()}>
          {t('sync.printPdf')}
        </button>
      </div>
      <Notices status={notice.status} error={notice.error} />
    </form>
  );
}

/** What a bundle held or brought, as labelled numbers: no sentence to bend for plural forms. */
function SyncCounts({ counts }: { counts: [string, number][] }) {
  return (
    <dl className="sync-counts">
      {counts.map(([label, count]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{count.toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}
