import { useState, type FormEvent } from 'react';
import { call } from './contract-client.js';

/** A rough guide, not a gate: length matters most, then variety. */
function strengthOf(passphrase: string): { label: string; level: 0 | 1 | 2 | 3 } {
  const length = [...passphrase].length;
  const kinds = [/[a-zа-яё]/u, /[A-ZА-ЯЁ]/u, /\d/, /[^\p{L}\d]/u].filter((r) => r.test(passphrase)).length;
  if (length < 8) return { label: 'Too short: at least 8 characters', level: 0 };
  if (length >= 20 || (length >= 14 && kinds >= 3)) return { label: 'Strong', level: 3 };
  if (length >= 12 || kinds >= 3) return { label: 'Fair: a few more words make it much harder to guess', level: 2 };
  return { label: 'Weak: use several words, or a longer phrase', level: 1 };
}

/**
 * First run: a new archive in the folder `vigil serve` was started with. The passphrase is
 * typed twice; the recovery code is shown once, with a request to write it down.
 */
export function CreateScreen({ onCreated }: { onCreated: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const strength = strengthOf(passphrase);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (passphrase !== repeat) return setError('The two passphrases differ.');
    if (strength.level === 0) return setError(strength.label);
    setBusy(true);
    setError(null);
    try {
      const created = await call('archive.create', { dir: '.', passphrase });
      setPassphrase('');
      setRepeat('');
      setRecoveryCode(created.recoveryCode);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (recoveryCode) {
    return (
      <main className="unlock">
        <section className="card" aria-labelledby="recovery-title">
          <h1 id="recovery-title">Write down your recovery code</h1>
          <p>If the passphrase is forgotten, this code is the only way back into the archive. It is shown now and never again. Write it on paper and keep it apart from the laptop.</p>
          <p className="recovery-code" aria-label="Recovery code">
            {recoveryCode}
          </p>
          <button type="button" onClick={onCreated}>
            I have written it down
          </button>
        </section>
      </main>
    );
  }

  return (
    <main className="unlock">
      <form className="card" onSubmit={(e) => void create(e)} aria-labelledby="create-title">
        <h1 id="create-title">Create an archive</h1>
        <p>There is no archive in this folder yet. Choose a passphrase: it encrypts everything Vigil keeps.</p>
        <label htmlFor="new-passphrase">Passphrase</label>
        <input id="new-passphrase" type="password" autoComplete="new-password" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} aria-describedby="strength" required />
        <p id="strength" className={`strength level-${strength.level}`} aria-live="polite">
          {passphrase ? strength.label : 'Several words you can remember are best.'}
        </p>
        <label htmlFor="repeat-passphrase">Passphrase again</label>
        <input id="repeat-passphrase" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || !passphrase || !repeat}>
          {busy ? 'Creating…' : 'Create the archive'}
        </button>
      </form>
    </main>
  );
}
