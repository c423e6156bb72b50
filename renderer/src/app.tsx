import { useCallback, useEffect, useState } from 'react';
import { call } from './contract-client.js';
import { SearchScreen } from './search-screen.js';
import { UnlockScreen } from './unlock-screen.js';

type State = { kind: 'starting' } | { kind: 'locked' } | { kind: 'open'; deviceId: string };

/** The app: the unlock screen until the archive is open, then the archive, until it is locked. */
export function App() {
  const [state, setState] = useState<State>({ kind: 'starting' });

  const refresh = useCallback(async () => {
    const status = await call('archive.status', {});
    setState(status.open && status.archive ? { kind: 'open', deviceId: status.archive.deviceId } : { kind: 'locked' });
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ kind: 'locked' }));
  }, [refresh]);

  const lock = useCallback(async () => {
    await call('archive.close', {});
    setState({ kind: 'locked' });
  }, []);

  if (state.kind === 'starting') return null;
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
        <SearchScreen />
      </main>
    </div>
  );
}
