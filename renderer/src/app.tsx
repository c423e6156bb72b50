import { useCallback, useEffect, useState } from 'react';
import { call } from './contract-client.js';
import { CreateScreen } from './create-screen.js';
import { RecordPage } from './record-page.js';
import { SearchScreen } from './search-screen.js';
import { UnlockScreen } from './unlock-screen.js';

type State = { kind: 'starting' } | { kind: 'new' } | { kind: 'locked' } | { kind: 'open'; deviceId: string };

/** The app: the unlock screen until the archive is open, then the archive, until it is locked. */
export function App() {
  const [state, setState] = useState<State>({ kind: 'starting' });
  const [opened, setOpened] = useState<string | null>(null);

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
  return (
    <div className="layout">
      <nav className="rail" aria-label="Sections">
        <span className="brand">Vigil</span>
        <a className="rail-item" aria-current="page" href="#search">
          Search
        </a>
        <button type="button" className="rail-item lock" onClick={() => void lock()}>
          Lock
        </button>
      </nav>
      <main className="content">
        {/* The search stays mounted under an open record, so Back returns to the same results. */}
        <div hidden={opened !== null}>
          <SearchScreen onOpen={setOpened} />
        </div>
        {opened && <RecordPage id={opened} onBack={() => setOpened(null)} />}
      </main>
    </div>
  );
}
