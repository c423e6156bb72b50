import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, desktop } from '../shared/contract-client.js';

/**
 * Which archive folder the unlock and first-run screens are about; in the desktop app, a way
 * to open another (browser mode serves the one folder `vigil serve` was started with).
 */
export function ArchiveFolder({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [dir, setDir] = useState<string | null>(null);
  useEffect(() => {
    call('archive.inspect', { dir: '.' })
      .then((folder) => setDir(folder.dir))
      .catch(() => setDir(null));
  }, []);
  return (
    <div className="archive-folder">
      {dir && (
        <p className="help">
          {t('unlock.folder')} <span className="mono">{dir}</span>
        </p>
      )}
      {desktop && (
        <button
          type="button"
          className="link"
          onClick={() =>
            void desktop!.openFolder().then((picked) => {
              if (picked) onChanged();
            })
          }
        >
          {t('unlock.openFolder')}
        </button>
      )}
    </div>
  );
}
