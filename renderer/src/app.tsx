import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordType } from '../../db/shared/schemas.js';
import { ActivityLog } from './archive/activity-log.js';
import { ConflictsScreen } from './records/conflicts-screen.js';
import { ContractError, call, desktop } from './shared/contract-client.js';
import { CreateScreen } from './archive/create-screen.js';
import type { PassageFocus } from './records/document-text.js';
import { HearingMode } from './hearing/hearing-mode.js';
import { ImportScreen } from './records/import-screen.js';
import { watchIdle } from './archive/idle-lock.js';
import { RecordForm } from './records/record-form.js';
import { RecordList } from './records/record-list.js';
import { definitionsChanged, latestDefinitions, refreshDefinitions, type Definitions } from './shared/use-definitions.js';
import { RecordPage } from './records/record-page.js';
import { OpenRecordContext } from './shared/record-link.js';
import { SearchScreen } from './search/search-screen.js';
import { SettingsScreen } from './archive/settings-screen.js';
import { SyncScreen } from './sync/sync-screen.js';
import { UnlockScreen } from './archive/unlock-screen.js';
import { RecoveryCodeCard } from './archive/recovery-code-card.js';
import { writeBeforeLock } from './archive/before-lock.js';
import { hearingScreenShown, rememberHearingScreen } from './hearing/open-hearing.js';

type State = { kind: 'starting' } | { kind: 'signedOut' } | { kind: 'new' } | { kind: 'locked' } | { kind: 'open'; deviceId: string };
/** 'activity' is the activity log, reached from Settings (the rail has no room for it). */
type Section = 'search' | 'reports' | 'trials' | 'hearing' | 'detainees' | 'cases' | 'people' | 'own' | 'import' | 'sync' | 'conflicts' | 'settings' | 'activity';
/** What the content area shows besides the section itself. */
type Overlay = { kind: 'record'; id: string; focus?: PassageFocus } | { kind: 'new'; type: RecordType } | null;

/** The rail: search first, the archive by kind of record, then the courtroom and housekeeping. */
const sections: { key: Exclude<Section, 'activity'>; types?: RecordType[] }[] = [
  { key: 'search' },
  { key: 'reports', types: ['report'] },
  { key: 'trials', types: ['trial', 'hearing', 'indicator'] },
  { key: 'hearing' },
  { key: 'detainees', types: ['detainee'] },
  { key: 'cases', types: ['case'] },
  { key: 'people', types: ['person', 'organisation'] },
  { key: 'import' },
  { key: 'sync' },
  { key: 'conflicts' },
  { key: 'settings' },
];

/** The app: the unlock screen until the archive is open, then the archive, until it is locked. */
export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'starting' });
  const [definitions, setDefinitions] = useState<Definitions | undefined>();
  const [overlay, setOverlay] = useState<Overlay>(null);
  // An observer in an open hearing comes back to it after a reload, an unlock or an auto-lock.
  const [section, setSection] = useState<Section>(() => (hearingScreenShown() ? 'hearing' : 'search'));
  /** A re-key's new recovery code: shown over everything, locked or not, until the monitor says it is written down. */
  const [newRecoveryCode, setNewRecoveryCode] = useState<string | null>(null);

  /**
   * Where the app is, as an entry in the browser's (or the window's) history, so Back and
   * Forward move between screens and records. The address shows the screen's name only; which
   * record is open stays in the entry's state, never in the address.
   */
  const place = useCallback((next: { section: Section; overlay: Overlay }, how: 'push' | 'replace' = 'push') => {
    setSection(next.section);
    setOverlay(next.overlay);
    const depth = ((history.state as { vigil?: { depth: number } } | null)?.vigil?.depth ?? 0) + (how === 'push' ? 1 : 0);
    history[how === 'push' ? 'pushState' : 'replaceState']({ vigil: { ...next, depth } }, '', `#${next.section}`);
  }, []);

  useEffect(() => {
    const back = (event: PopStateEvent) => {
      const entry = (event.state as { vigil?: { section: Section; overlay: Overlay } } | null)?.vigil;
      if (!entry) return;
      rememberHearingScreen(entry.section === 'hearing');
      setSection(entry.section);
      setOverlay(entry.overlay);
    };
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);

  const refresh = useCallback(async () => {
    const status = await call('archive.status', {});
    if (status.open && status.archive) return setState({ kind: 'open', deviceId: status.archive.deviceId });
    const folder = await call('archive.inspect', { dir: '.' });
    setState({ kind: folder.exists ? 'locked' : 'new' });
  }, []);

  useEffect(() => {
    // Browser mode: a page whose address was spent elsewhere, or whose server restarted, can do nothing but say so.
    refresh().catch((err: unknown) => setState({ kind: err instanceof ContractError && err.data.code === 'not_signed_in' ? 'signedOut' : 'locked' }));
  }, [refresh]);

  /** Locked: nothing of the archive stays on screen or in the page's state. */
  const showLocked = useCallback(() => {
    setOverlay(null);
    // The screen stays as it was (the hearing, a list): after the unlock the monitor is where they were.
    setState({ kind: 'locked' });
  }, []);

  const lock = useCallback(async () => {
    await writeBeforeLock();
    await call('archive.close', {}).catch(() => undefined);
    showLocked();
  }, [showLocked]);

  const open = state.kind === 'open';
  useEffect(() => {
    if (!open) return;
    const stopIdle = watchIdle(() => void lock());
    const quickLock = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void lock();
      }
    };
    window.addEventListener('keydown', quickLock);
    // Ctrl/Cmd+K: search, from any screen.
    const toSearch = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        place({ section: 'search', overlay: null });
        setTimeout(() => document.querySelector<HTMLInputElement>('.searchbar input')?.focus());
      }
    };
    window.addEventListener('keydown', toSearch);
    const stopLocked = desktop?.onLocked(showLocked);
    // The desktop app's File menu opens the screen that does what its item says.
    const stopMenu = desktop?.onMenu((command) => {
      setOverlay(null);
      setSection(command === 'import' ? 'import' : 'sync');
    });
    return () => {
      stopIdle();
      window.removeEventListener('keydown', quickLock);
      window.removeEventListener('keydown', toSearch);
      stopLocked?.();
      stopMenu?.();
    };
  }, [open, lock, showLocked, place]);

  // The first entry of an open archive: what Back returns to at the start.
  useEffect(() => {
    if (open && !(history.state as { vigil?: unknown } | null)?.vigil) place({ section, overlay: null }, 'replace');
    // Only when the archive opens: later screens push their own entries.
  }, [open]);

  // The organisation's definitions, read on unlock and again on each change of screen (a template
  // applied from the command line, definitions arrived in a bundle): they name the rail's own section.
  useEffect(() => {
    if (!open) return;
    let current = true;
    void refreshDefinitions().then((found) => current && setDefinitions(found));
    // Defined in Settings a moment ago: the rail's own section appears at once.
    const changed = () => current && setDefinitions(latestDefinitions());
    window.addEventListener(definitionsChanged, changed);
    return () => {
      current = false;
      window.removeEventListener(definitionsChanged, changed);
    };
  }, [open, section]);

  if (state.kind === 'starting') return null;
  if (newRecoveryCode) {
    return <RecoveryCodeCard title={t('settings.newRecoveryTitle')} text={t('settings.newRecoveryText')} code={newRecoveryCode} onWritten={() => setNewRecoveryCode(null)} />;
  }
  if (state.kind === 'signedOut') {
    return (
      <main className="unlock">
        <section className="card" aria-labelledby="session-title">
          <h1 id="session-title">{t('session.title')}</h1>
          <p>{t('session.text')}</p>
        </section>
      </main>
    );
  }
  if (state.kind === 'new') return <CreateScreen onCreated={() => void refresh()} onFolderChanged={() => void refresh()} />;
  if (state.kind === 'locked') return <UnlockScreen onUnlocked={() => void refresh()} onFolderChanged={() => void refresh()} />;

  const openRecord = (id: string, focus?: PassageFocus) => place({ section, overlay: focus ? { kind: 'record', id, focus } : { kind: 'record', id } });
  const go = (next: Section) => {
    // Leaving hearing mode for another screen: a reload then opens on that screen, not the hearing.
    rememberHearingScreen(next === 'hearing');
    place({ section: next, overlay: null });
  };
  /** Back from a record or a form: the entry before it, as the browser's Back does. */
  const closeOverlay = () => {
    if (((history.state as { vigil?: { depth: number } } | null)?.vigil?.depth ?? 0) > 0) history.back();
    else place({ section, overlay: null }, 'replace');
  };
  // The organisation's own record types have a place of their own, after the built-in ones.
  const definedTypes = (definitions?.types ?? []).filter((d) => !d.hidden).map((d) => d.key as RecordType);
  const rail = definedTypes.length
    ? [
        ...sections.slice(
          0,
          sections.findIndex((s) => s.key === 'import'),
        ),
        { key: 'own' as const, types: definedTypes },
        ...sections.slice(sections.findIndex((s) => s.key === 'import')),
      ]
    : sections;
  const current = rail.find((s) => s.key === section);
  const inRail = section === 'activity' ? 'settings' : section;
  return (
    <div className="layout">
      <nav className="rail" aria-label={t('app.sections')}>
        <span className="brand">{t('app.name')}</span>
        {rail.map((s) => (
          <button type="button" key={s.key} className="rail-item" aria-current={inRail === s.key ? 'page' : undefined} onClick={() => go(s.key)}>
            {t(`rail.${s.key}`)}
          </button>
        ))}
        <button type="button" className="rail-item lock" onClick={() => void lock()} title="Ctrl+Shift+L">
          {t('app.lock')}
        </button>
      </nav>
      <main className="content">
        <OpenRecordContext.Provider value={openRecord}>
          {/* The search stays mounted under an open record, so Back returns to the same results. */}
          <div hidden={overlay !== null || section !== 'search'}>
            <SearchScreen onOpen={openRecord} />
          </div>
          {/* So is the activity log, so Back from a record opened in it returns to the same rows. */}
          {section === 'activity' && (
            <div hidden={overlay !== null}>
              <ActivityLog active={overlay === null} onOpen={openRecord} onBack={() => go('settings')} />
            </div>
          )}
          {overlay?.kind === 'record' && <RecordPage id={overlay.id} focus={overlay.focus} onBack={closeOverlay} onOpen={openRecord} />}
          {overlay?.kind === 'new' && (
            <RecordForm type={overlay.type} onSaved={(saved) => place({ section, overlay: { kind: 'record', id: saved.id } }, 'replace')} onCancel={closeOverlay} />
          )}
          {!overlay && (
            <>
              {current?.types?.map((type) => (
                <RecordList key={type} type={type} onOpen={openRecord} onCreate={() => place({ section, overlay: { kind: 'new', type } })} />
              ))}
              {section === 'hearing' && <HearingMode onOpen={openRecord} />}
              {section === 'import' && <ImportScreen onOpen={openRecord} />}
              {section === 'sync' && <SyncScreen />}
              {section === 'conflicts' && <ConflictsScreen onOpen={openRecord} />}
              {section === 'settings' && <SettingsScreen onWiped={() => void refresh()} onActivityLog={() => go('activity')} onNewRecoveryCode={setNewRecoveryCode} />}
            </>
          )}
        </OpenRecordContext.Provider>
      </main>
    </div>
  );
}
