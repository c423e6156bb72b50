import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Two of the code's groups the monitor types back, different for each code shown. */
export function groupsToCheck(code: string): [number, number] {
  const groups = code.split('-').length;
  const sum = [...code].reduce((acc, c) => acc + c.charCodeAt(0), 0);
  const first = sum % groups;
  const second = (first + 1 + (sum % (groups - 1))) % groups;
  return first < second ? [first, second] : [second, first];
}

/**
 * A recovery code shown once, in place of every screen, until the monitor has written it down:
 * after an archive is made, and after a re-key replaces the code. Shown in groups that never
 * break across lines; printable; then two of its groups are asked back, so a code glanced at
 * and not written down is caught while it can still be read.
 */
export function RecoveryCodeCard({ title, text, code, onWritten }: { title: string; text: string; code: string; onWritten: () => void }) {
  const { t } = useTranslation();
  const [checking, setChecking] = useState(false);
  const [typed, setTyped] = useState(['', '']);
  const [wrong, setWrong] = useState(false);
  const [copied, setCopied] = useState(false);
  const groups = code.split('-');
  const asked = groupsToCheck(code);

  if (checking) {
    return (
      <main className="unlock">
        <form
          className="card"
          aria-labelledby="recovery-check-title"
          onSubmit={(e) => {
            e.preventDefault();
            const right = asked.every((g, i) => typed[i]!.trim().toUpperCase() === groups[g]);
            setWrong(!right);
            if (right) onWritten();
          }}
        >
          <h1 id="recovery-check-title" tabIndex={-1} ref={(heading) => heading?.focus()}>
            {t('create.checkTitle')}
          </h1>
          <p>{t('create.checkText')}</p>
          {asked.map((g, i) => (
            <label key={g} className="check-group">
              {t('create.group', { n: g + 1 })}
              <input
                value={typed[i]}
                maxLength={4}
                autoComplete="off"
                spellCheck={false}
                className="mono"
                onChange={(e) => setTyped((now) => now.map((v, j) => (j === i ? e.target.value : v)))}
                required
              />
            </label>
          ))}
          {wrong && (
            <p className="error" role="alert">
              {t('create.checkWrong')}
            </p>
          )}
          <div className="form-actions">
            <button type="submit">{t('create.checkSubmit')}</button>
            <button type="button" className="secondary" onClick={() => setChecking(false)}>
              {t('create.showAgain')}
            </button>
          </div>
        </form>
      </main>
    );
  }

  return (
    <main className="unlock">
      <section className="card recovery-card" aria-labelledby="recovery-title">
        <h1 id="recovery-title" tabIndex={-1} ref={(heading) => heading?.focus()}>
          {title}
        </h1>
        <p>{text}</p>
        <p className="recovery-code" aria-label={t('create.recoveryLabel')}>
          {groups.map((group, i) => (
            <span key={i}>
              {group}
              {i < groups.length - 1 ? '-' : ''}
            </span>
          ))}
        </p>
        <div className="form-actions">
          <button type="button" className="secondary" onClick={() => window.print()}>
            {t('create.print')}
          </button>
          <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(code).then(() => setCopied(true))}>
            {t('create.copy')}
          </button>
          <button
            type="button"
            onClick={() => {
              setTyped(['', '']);
              setWrong(false);
              setChecking(true);
            }}
          >
            {t('create.written')}
          </button>
        </div>
        {copied && (
          <p className="help" role="status">
            {t('create.copied')}
          </p>
        )}
      </section>
    </main>
  );
}
