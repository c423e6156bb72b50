import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notices, messageOf } from '../shared/notices.js';
import { ArchiveFolder } from './archive-folder.js';
import { call } from '../shared/contract-client.js';
import { SecretInput } from '../shared/secret-input.js';
import { RecoveryCodeCard } from './recovery-code-card.js';

/** A rough guide, not a gate: length matters most, then variety. */
function strengthOf(passphrase: string): { label: 'tooShort' | 'weak' | 'fair' | 'strong'; level: 0 | 1 | 2 | 3 } {
  const length = [...passphrase].length;
  const kinds = [/[a-zа-яё]/u, /[A-ZА-ЯЁ]/u, /\d/, /[^\p{L}\d]/u].filter((r) => r.test(passphrase)).length;
  if (length < 8) return { label: 'tooShort', level: 0 };
  if (length >= 20 || (length >= 14 && kinds >= 3)) return { label: 'strong', level: 3 };
  if (length >= 12 || kinds >= 3) return { label: 'fair', level: 2 };
  return { label: 'weak', level: 1 };
}

/**
 * First run: a new archive in the folder `vigil serve` was started with. The passphrase is
 * typed twice; the recovery code is shown once, with a request to write it down.
 */
export function CreateScreen({ onCreated, onFolderChanged }: { onCreated: () => void; onFolderChanged: () => void }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const strength = strengthOf(passphrase);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (passphrase !== repeat) return setError(t('create.differ'));
    // The strength line under the field says it is too short: said once, the field focused to fix it.
    if (strength.level === 0) return document.getElementById('new-passphrase')?.focus();
    setBusy(true);
    setError(null);
    try {
      const created = await call('archive.create', { dir: '.', passphrase });
      setPassphrase('');
      setRepeat('');
      setRecoveryCode(created.recoveryCode);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  if (recoveryCode) return <RecoveryCodeCard title={t('create.recoveryTitle')} text={t('create.recoveryText')} code={recoveryCode} onWritten={onCreated} />;

  return (
    <main className="unlock">
      <form className="card" onSubmit={(e) => void create(e)} aria-labelledby="create-title">
        <h1 id="create-title">{t('create.title')}</h1>
        <p>{t('create.intro')}</p>
        <label htmlFor="new-passphrase">{t('create.passphrase')}</label>
        <SecretInput id="new-passphrase" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} aria-describedby="strength" required />
        {/* Neutral until something is typed: a hint, not a complaint. */}
        <p id="strength" className={passphrase ? `strength level-${strength.level}` : 'strength'} aria-live="polite">
          {passphrase ? t(`create.${strength.label}`) : t('create.hint')}
        </p>
        <label htmlFor="repeat-passphrase">{t('create.again')}</label>
        <SecretInput id="repeat-passphrase" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
        <Notices error={error} />
        <button type="submit" disabled={busy || !passphrase || !repeat}>
          {busy ? t('create.busy') : t('create.submit')}
        </button>
        <ArchiveFolder onChanged={onFolderChanged} />
      </form>
    </main>
  );
}
