import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { secretVariables, withoutSecrets } from '../electron/secret-environment.js';
import { main } from './main.js';

/**
 * `npm start`: the desktop app where Electron's binary is installed; otherwise, said in one
 * line, the same interface in the browser through `vigil serve`, on the archive in
 * VIGIL_ARCHIVE or ~/vigil-archive (made on first run, in the page).
 */
const root = join(import.meta.dirname, '..', '..');
const electronPackage = join(root, 'node_modules', 'electron');

/** Electron's binary as its npm package records it (path.txt), when it was downloaded. */
function electronBinary(): string | null {
  const recorded = join(electronPackage, 'path.txt');
  if (!existsSync(recorded)) return null;
  const binary = join(electronPackage, 'dist', readFileSync(recorded, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (binary) {
  const child = spawn(binary, [root], { stdio: 'inherit', env: withoutSecrets(process.env) });
  child.on('exit', (code) => (process.exitCode = code ?? 0));
} else {
  const dir = process.env.VIGIL_ARCHIVE || join(homedir(), 'vigil-archive');
  // The page asks for the passphrase; none stays in this long-lived process's environment.
  for (const name of secretVariables) delete process.env[name];
  process.stderr.write(`Electron is not installed here (offline install): opening Vigil in the browser instead, for the archive in ${dir}\n`);
  process.exitCode = await main(['serve', dir]);
}
