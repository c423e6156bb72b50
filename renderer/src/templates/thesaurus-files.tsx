import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, desktop, downloadFile, fileForEngine } from '../shared/contract-client.js';
import { messageOf } from '../shared/notices.js';

const today = () => new Date().toISOString().slice(0, 10);

/** Where a thesaurus CSV comes from: the desktop's dialog, or a file the browser picked. */
async function pickedPath(file?: File): Promise<string | undefined> {
  if (desktop) return (await desktop.choose('import-thesaurus'))?.[0];
  return file ? fileForEngine(file) : undefined;
}

/**
 * A list of terms out as Uwazi's thesaurus CSV (a column per language, children marked "- "),
 * and terms read into it from one. Told through `onDone` and `onError`, as the Settings
 * section around it tells everything else.
 */
export function ThesaurusFiles({
  vocabulary,
  name,
  creating = false,
  onDone,
  onError,
}: {
  vocabulary: string;
  name: string;
  /** A new list, named `name`: only reading a file is offered. */
  creating?: boolean;
  onDone: (message: string) => Promise<void> | void;
  onError: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    try {
      // Named by the list's name as the person reads it, in Latin letters where it has them.
      const slug = name
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-+|-+$/g, '');
      const file = `${slug || 'terms'}-${today()}.csv`;
      const out = desktop ? (await desktop.choose('export-thesaurus'))?.[0] : file;
      if (!out) return;
      const made = await call('vocabularies.exportCsv', { key: vocabulary, out });
      if (!desktop) await downloadFile(file);
      await onDone(t('definitions.thesaurusSaved', { list: name, count: made.terms, file: out.split(/[/\\]/).pop() }));
    } catch (err) {
      onError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function read(file?: File) {
    setBusy(true);
    try {
      const path = await pickedPath(file);
      if (!path) return;
      const done = await call('vocabularies.importCsv', { path, key: vocabulary, ...(creating ? { name } : {}) });
      await onDone(t('definitions.thesaurusRead', { list: name, count: done.terms, added: done.added }));
    } catch (err) {
      onError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const inputId = `thesaurus-${vocabulary}`;
  return (
    <span className="actions">
      {!creating && (
        <button type="button" className="secondary" disabled={busy} aria-label={t('definitions.saveThesaurusOf', { list: name })} onClick={() => void save()}>
          {t('definitions.saveThesaurus')}
        </button>
      )}
      {desktop ? (
        <button type="button" className="secondary" disabled={busy} aria-label={t('definitions.readThesaurusOf', { list: name })} onClick={() => void read()}>
          {t('definitions.readThesaurus')}
        </button>
      ) : (
        <>
          <label htmlFor={inputId} className="button-like secondary">
            {t('definitions.readThesaurus')}
          </label>
          <input
            id={inputId}
            aria-label={t('definitions.readThesaurusOf', { list: name })}
            type="file"
            accept=".csv"
            className="visually-hidden"
            onChange={(e) => {
              const picked = e.target.files?.[0];
              e.target.value = '';
              if (picked) void read(picked);
            }}
          />
        </>
      )}
    </span>
  );
}
