import { useState, type FormEvent } from 'react';
import { ContractError, call } from './contract-client.js';

/** The passphrase is typed here, into the page: browser mode never reads it from anywhere else. */
export function UnlockScreen({ onUnlocked }: { onUnlocked: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function unlock(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The folder is the one `vigil serve` was started with; the server fills it in.
      await call('archive.open', { dir: '.', passphrase });
      setPassphrase('');
      onUnlocked();
    } catch (err) {
      setError(err instanceof ContractError && err.data.code === 'auth_failed' ? 'That passphrase does not open this archive.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="unlock">
      <form className="card" onSubmit={(e) => void unlock(e)} aria-labelledby="unlock-title">
        <h1 id="unlock-title">Unlock the archive</h1>
        <label htmlFor="passphrase">Passphrase</label>
        <input id="passphrase" type="password" autoComplete="current-password" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || !passphrase}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}
