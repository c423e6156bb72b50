import { useEffect, useState, type FormEvent } from 'react';
import { SearchTerms } from '../search/search-terms.js';
import { DefinitionsEditor } from '../templates/definitions-editor.js';
import { useTranslation } from 'react-i18next';
import type { ResultOf } from '../../../db/service.js';
import { call, callWithProgress } from '../shared/contract-client.js';
import { DeviceIdentity, Notices, messageOf } from '../shared/notices.js';
import { languages, setLanguage, type Language } from '../i18n/setup-i18n.js';
import { autoLockSetting, hearingLockChoice, hearingLockChoices, setAutoLockMinutes, setHearingLockChoice, type HearingLockChoice } from './idle-lock.js';
import { SecretInput } from '../shared/secret-input.js';
import { chooseTheme, chosenTheme, themes, type Theme } from '../shared/theme.js';

/** Language, auto-lock, this device's keys, the activity log, the passphrase, and the emergency wipe. */
export function SettingsScreen({ onWiped, onActivityLog, onNewRecoveryCode }: { onWiped: () => void; onActivityLog: () => void; onNewRecoveryCode: (code: string) => void }) {
  const { t, i18n } = useTranslation();
  const [identity, setIdentity] = useState<ResultOf<'bundle.identity'> | null>(null);
  const [minutes, setMinutes] = useState(autoLockSetting());
  const [inHearing, setInHearing] = useState(hearingLockChoice());
  const [theme, setTheme] = useState(chosenTheme());
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [wipeWord, setWipeWord] = useState('');
  const [rekey, setRekey] = useState(false);
  const [rekeying, setRekeying] = useState<number | null>(null);

  useEffect(() => {
    call('bundle.identity', {})
      .then(setIdentity)
      .catch((err: unknown) => setError(messageOf(err)));
  }, []);

  async function changePassphrase(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      if (rekey) setRekeying(0);
      const changed = await callWithProgress('archive.changePassphrase', { currentPassphrase: current, newPassphrase: next, ...(rekey ? { rekey: true } : {}) }, (progress) =>
        setRekeying(Math.floor((100 * Number(progress.done)) / Math.max(1, Number(progress.total)))),
      );
      setCurrent('');
      setNext('');
      setRekey(false);
      // Say which was done: only a re-key makes an old copy of the key file useless.
      setStatus(t(changed.rekeyed ? 'settings.rekeyed' : 'settings.changed'));
      // Shown by the app over every screen, so that leaving Settings or locking cannot lose it.
      if (changed.recoveryCode) onNewRecoveryCode(changed.recoveryCode);
    } catch (err) {
      setError(messageOf(err, { auth_failed: 'settings.wrongCurrent' }));
    } finally {
      setRekeying(null);
    }
  }

  async function wipe(event: FormEvent) {
    event.preventDefault();
    if (wipeWord.trim() !== t('settings.wipeWord')) return;
    try {
      await call('archive.wipe', { dir: '.', confirm: true });
      onWiped();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <section className="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <Notices status={status} error={error} />
      <div className="setting-row">
        <label htmlFor="language">{t('settings.language')}</label>
        <select id="language" value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {Object.entries(languages).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="setting-row">
        <label htmlFor="theme">{t('settings.theme')}</label>
        <select
          id="theme"
          value={theme}
          onChange={(e) => {
            const next = e.target.value as Theme;
            setTheme(next);
            chooseTheme(next);
          }}
        >
          {themes.map((choice) => (
            <option key={choice} value={choice}>
              {t(`settings.themes.${choice}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="setting-row">
        <label htmlFor="auto-lock">{t('settings.autoLock')}</label>
        <input
          id="auto-lock"
          type="number"
          min={0}
          max={240}
          value={minutes}
          onChange={(e) => {
            const value = Math.max(0, Math.min(240, Math.trunc(Number(e.target.value) || 0)));
            setMinutes(value);
            setAutoLockMinutes(value);
          }}
        />
      </div>
      <div className="setting-row">
        <label htmlFor="auto-lock-hearing">{t('settings.autoLockInHearing')}</label>
        <select
          id="auto-lock-hearing"
          value={inHearing}
          aria-describedby="auto-lock-hearing-help"
          onChange={(e) => {
            const choice = e.target.value as HearingLockChoice;
            setInHearing(choice);
            setHearingLockChoice(choice);
          }}
        >
          {hearingLockChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`settings.hearingLock.${choice}`)}
            </option>
          ))}
        </select>
      </div>
      <p id="auto-lock-hearing-help" className="help">
        {t('settings.autoLockInHearingHelp')}
      </p>
      <h2>{t('definitions.title')}</h2>
      <DefinitionsEditor />
      <h2>{t('searchTerms.title')}</h2>
      <SearchTerms />
      <h2>{t('settings.device')}</h2>
      {identity && <DeviceIdentity identity={identity} />}
      <h2 id="activity-log-title">{t('activity.title')}</h2>
      <p id="activity-log-about">{t('activity.about')}</p>
      <button type="button" className="secondary activity-open" aria-describedby="activity-log-about" onClick={onActivityLog}>
        {t('activity.open')}
      </button>
      <h2>{t('settings.changePassphrase')}</h2>
      <form className="stacked" onSubmit={(e) => void changePassphrase(e)}>
        <label htmlFor="current-passphrase">{t('settings.current')}</label>
        <SecretInput id="current-passphrase" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        <label htmlFor="next-passphrase">{t('settings.next')}</label>
        <SecretInput id="next-passphrase" value={next} onChange={(e) => setNext(e.target.value)} required minLength={8} />
        <label className="check">
          <input type="checkbox" checked={rekey} onChange={(e) => setRekey(e.target.checked)} aria-describedby="rekey-help" />
          {t('settings.rekey')}
        </label>
        <p id="rekey-help" className="help">
          {t('settings.rekeyHelp')}
        </p>
        <button type="submit" disabled={!current || next.length < 8 || rekeying !== null}>
          {t('settings.change')}
        </button>
        {rekeying !== null && <p role="status">{t('settings.rekeying', { percent: rekeying })}</p>}
      </form>
      <h2>{t('settings.recovery')}</h2>
      <p>{t('settings.recoveryText')}</p>
      <h2 className="danger">{t('settings.wipe')}</h2>
      <form className="stacked danger-zone" onSubmit={(e) => void wipe(e)}>
        <p>{t('settings.wipeText')}</p>
        <label htmlFor="wipe-word">{t('settings.wipeConfirm')}</label>
        <input id="wipe-word" autoComplete="off" value={wipeWord} onChange={(e) => setWipeWord(e.target.value)} />
        <button type="submit" className="danger" disabled={wipeWord.trim() !== t('settings.wipeWord')}>
          {t('settings.wipeButton')}
        </button>
      </form>
    </section>
  );
}
