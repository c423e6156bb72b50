import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';

/**
 * `npm start`: the desktop app where Electron is installed; otherwise, said in one line, the
 * same interface in the browser through `vigil serve`, on the archive in VIGIL_ARCHIVE or
 * ~/vigil-archive (made on first run, in the page).
 */
const electron = join(import.meta.dirname, '..', '..', 'node_modules', 'electron', 'dist');
const dir = process.env.VIGIL_ARCHIVE || join(homedir(), 'vigil-archive');
// The desktop shell is not built yet, so for now it is always the browser.
const why = existsSync(electron) ? 'The desktop shell is not built yet' : 'The desktop app (Electron) is not installed here';
process.stderr.write(`${why}: opening Vigil in the browser instead, for the archive in ${dir}\n`);
process.exitCode = await main(['serve', dir]);
