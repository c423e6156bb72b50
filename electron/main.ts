import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { startDesktop } from './desktop-app.js';

/**
 * Electron's entry (package.json "main"). The archive is VIGIL_ARCHIVE, or "archive" in the
 * app's own data folder.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
startDesktop(electron, {
  archiveDir: process.env.VIGIL_ARCHIVE || join(electron.app.getPath('userData'), 'archive'),
  ...(process.env.VIGIL_ARCHIVE ? {} : { settingsFile: join(electron.app.getPath('userData'), 'vigil-desktop.json') }),
  rendererDir: join(here, '..', '..', 'renderer', 'dist'),
  preload: join(here, 'preload.cjs'),
  engineProcess: join(here, 'engine-process.js'),
});
