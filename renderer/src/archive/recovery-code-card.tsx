import { useTranslation } from 'react-i18next';

/**
 * A recovery code shown once, in place of every screen, until the monitor says it is written
 * down: after an archive is made, and after a re-key replaces the code.
 */
export function RecoveryCodeCard({ title, text, code, onWritten }: { title: string; text: string; code: string; onWritten: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="unlock">
      <section className="card" aria-labelledby="recovery-title">
        <h1 id="recovery-title" tabIndex={-1} ref={(heading) => heading?.focus()}>
          {title}
        </h1>
        <p>{text}</p>
        <p className="recovery-code" aria-label={t('create.recoveryLabel')}>
          {code}
        </p>
        <button type="button" onClick={onWritten}>
          {t('create.written')}
        </button>
      </section>
    </main>
  );
}
