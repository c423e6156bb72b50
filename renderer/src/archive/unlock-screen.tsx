import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Notices, messageOf } from '../shared/notices.js';
import { ArchiveFolder } from './archive-folder.js';
import { ContractError, call } from '../shared/contract-client.js';
import { SecretInput } from '../shared/secret-input.js';

/**
 * The passphrase is typed here, into the page: browser mode never reads it from anywhere
 * else. A forgotten passphrase is reset with the recovery code, which also unlocks.
 */
export function UnlockScreen({ onUnlocked, onFolderChanged }: { onUnlocked: () => void; onFolderChanged: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  /** A new passphrase is typed twice, as when the archive was made. */
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mode === 'recovery' && passphrase !== repeat) return setError(t('create.differ'));
    setBusy(true);
    setError(null);
    try {
      // The folder is the one the app was started on; the server or the shell fills it in.
      if (mode === 'passphrase') await call('archive.open', { dir: '.', passphrase });
      else await call('archive.resetPassphrase', { dir: '.', recoveryCode: recoveryCode.trim(), newPassphrase: passphrase });
      setPassphrase('');
      setRepeat('');
      setRecoveryCode('');
      onUnlocked();
    } catch (err) {
      const wrong = err instanceof ContractError && err.data.code === 'auth_failed';
      setError(wrong && mode === 'passphrase' ? t('unlock.wrong') : messageOf(err));
      // A wrong passphrase is cleared, so the next try starts from an empty field, not from the mistake.
      if (wrong && mode === 'passphrase') {
        setPassphrase('');
        document.getElementById('passphrase')?.focus();
      }
    } finally {
      setBusy(false);
    }
  }

  const switchTo = (next: typeof mode) => {
    setMode(next);
    setError(null);
    setPassphrase('');
    setRepeat('');
  };

  return (
    <main className="unlock">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="unlock-title">
        <h1 id="unlock-title">{mode === 'passphrase' ? t('unlock.title') : t('unlock.recoveryTitle')}</h1>
        {mode === 'recovery' && (
          <>
            <label htmlFor="recovery-code">{t('unlock.recoveryCode')}</label>
            <input id="recovery-code" autoComplete="off" spellCheck={false} autoFocus value={recoveryCode} onChange={(e) => setRecoveryCode(e.target.value)} required />
          </>
        )}
        <label htmlFor="passphrase">{mode === 'passphrase' ? t('unlock.passphrase') : t('unlock.newPassphrase')}</label>
        <SecretInput id="passphrase" autoFocus={mode === 'passphrase'} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        {mode === 'recovery' && (
          <>
            <label htmlFor="repeat-new-passphrase">{t('unlock.newPassphraseAgain')}</label>
            <SecretInput id="repeat-new-passphrase" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
          </>
        )}
        <Notices error={error} />
        <button type="submit" disabled={busy || !passphrase || (mode === 'recovery' && (!recoveryCode || !repeat))}>
          {busy ? t('unlock.busy') : mode === 'passphrase' ? t('unlock.submit') : t('unlock.reset')}
        </button>
        <button type="button" className="link" onClick={() => switchTo(mode === 'passphrase' ? 'recovery' : 'passphrase')}>
          {mode === 'passphrase' ? t('unlock.forgot') : t('unlock.back')}
        </button>
        <ArchiveFolder onChanged={onFolderChanged} />
      </form>
    </main>
  );
}
