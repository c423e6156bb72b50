import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
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
  const child = spawn(binary, [root], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
  child.on('exit', (code) => (process.exitCode = code ?? 0));
} else {
  const dir = process.env.VIGIL_ARCHIVE || join(homedir(), 'vigil-archive');
  process.stderr.write(`Electron is not installed here (offline install): opening Vigil in the browser instead, for the archive in ${dir}\n`);
  process.exitCode = await main(['serve', dir]);
}
