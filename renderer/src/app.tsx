import { useCallback, useEffect, useState } from 'react';
import { call } from './contract-client.js';
import { CreateScreen } from './create-screen.js';
import { RecordList, type RecordType } from './record-list.js';
import { RecordPage } from './record-page.js';
import { SearchScreen } from './search-screen.js';
import { UnlockScreen } from './unlock-screen.js';

type State = { kind: 'starting' } | { kind: 'new' } | { kind: 'locked' } | { kind: 'open'; deviceId: string };

/** The app: the unlock screen until the archive is open, then the archive, until it is locked. */
export function App() {
  const [state, setState] = useState<State>({ kind: 'starting' });
  const [opened, setOpened] = useState<string | null>(null);
  const [section, setSection] = useState<Section>('search');

  const refresh = useCallback(async () => {
    const status = await call('archive.status', {});
    if (status.open && status.archive) return setState({ kind: 'open', deviceId: status.archive.deviceId });
    const folder = await call('archive.inspect', { dir: '.' });
    setState({ kind: folder.exists ? 'locked' : 'new' });
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ kind: 'locked' }));
  }, [refresh]);

  const lock = useCallback(async () => {
    await call('archive.close', {});
    setOpened(null);
    setState({ kind: 'locked' });
  }, []);

  if (state.kind === 'starting') return null;
  if (state.kind === 'new') return <CreateScreen onCreated={() => void refresh()} />;
  if (state.kind === 'locked') return <UnlockScreen onUnlocked={() => void refresh()} />;
  const open = (id: string) => setOpened(id);
  const go = (next: Section) => {
    setOpened(null);
    setSection(next);
  };
  return (
    <div className="layout">
      <nav className="rail" aria-label="Sections">
        <span className="brand">Vigil</span>
        {sections.map((s) => (
          <button type="button" key={s.key} className="rail-item" aria-current={section === s.key ? 'page' : undefined} onClick={() => go(s.key)}>
            {s.label}
          </button>
        ))}
        <button type="button" className="rail-item lock" onClick={() => void lock()}>
          Lock
        </button>
      </nav>
      <main className="content">
        {/* The search stays mounted under an open record, so Back returns to the same results. */}
        <div hidden={opened !== null || section !== 'search'}>
          <SearchScreen onOpen={open} />
        </div>
        {!opened &&
          sections
            .filter((s) => s.key === section && s.types)
            .flatMap((s) => s.types!.map((t) => <RecordList key={t.type} title={t.title} type={t.type} onOpen={open} />))}
        {opened && <RecordPage id={opened} onBack={() => setOpened(null)} />}
      </main>
    </div>
  );
}

type Section = 'search' | 'reports' | 'trials' | 'detainees' | 'cases' | 'people';

/** The rail: search first, then the archive by kind of record. */
const sections: { key: Section; label: string; types?: { type: RecordType; title: string }[] }[] = [
  { key: 'search', label: 'Search' },
  { key: 'reports', label: 'Reports', types: [{ type: 'report', title: 'Reports' }] },
  { key: 'trials', label: 'Trials & hearings', types: [{ type: 'trial', title: 'Trials' }, { type: 'hearing', title: 'Hearings' }] },
  { key: 'detainees', label: 'Detainees', types: [{ type: 'detainee', title: 'Detainees' }] },
  { key: 'cases', label: 'Cases', types: [{ type: 'case', title: 'Cases' }] },
  { key: 'people', label: 'People & organisations', types: [{ type: 'person', title: 'People' }, { type: 'organisation', title: 'Organisations' }] },
];
