import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createEngine } from '../../db/service.js';
import { pinArchiveFolder } from '../../db/service.js';
import { createArchive } from '../../db/store/archive.js';
import { fastKdf, passphrase } from '../support/temp-archive.js';

/**
 * Component tests talk to the real engine on a real encrypted archive, through the same
 * `window.vigil` bridge the desktop preload provides. Imported before any component, since
 * the contract client reads the bridge when it loads.
 */
export const engine = createEngine({ checkResults: true });
/** The folder the page's archive.* calls go to, as the desktop shell and `vigil serve` pin them. */
let archiveDir = '';

(window as unknown as { vigil: unknown }).vigil = {
  desktop: true,
  call: (method: string, args: unknown) => engine.call(method as never, pinArchiveFolder(method, args, archiveDir) as never),
  choose: async () => null,
  setAutoLock: async () => undefined,
  openFolder: async () => null,
  printPdf: async () => null,
  onProgress: () => () => undefined,
  onLocked: () => () => undefined,
  onMenu: () => () => undefined,
  pathForFile: () => {
    throw new Error('component tests pass paths, not files');
  },
};

const made: string[] = [];
afterAll(async () => {
  await engine.call('archive.close', {});
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh archive, open in the engine. */
export async function openFreshArchive(): Promise<string> {
  await engine.call('archive.close', {});
  const parent = mkdtempSync(join(tmpdir(), 'vigil-ui-'));
  made.push(parent);
  const dir = join(parent, 'archive');
  archiveDir = dir;
  (await createArchive(dir, passphrase, { kdf: fastKdf })).archive.close();
  const opened = await engine.call('archive.open', { dir, passphrase });
  if (!opened.ok) throw new Error(opened.error.message);
  return dir;
}

export async function value<T>(reply: Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await reply;
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}
