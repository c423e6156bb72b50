import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tools from Debian's packages that some suites need. On a developer's machine a missing tool
 * skips its suite; under CI (`VIGIL_CI=1`, set by .ci/run) it is a failure, so a CI run that
 * lost Chromium or `age` cannot pass while testing nothing.
 */
export const chromiumPath = '/usr/bin/chromium';
export const rendererBuilt = existsSync(join(import.meta.dirname, '..', '..', 'renderer', 'dist', 'index.html'));
export const underCi = process.env.VIGIL_CI === '1';

export function haveCommand(command: string, args = ['--version']): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/**
 * Whether to skip a suite whose tool is missing: true only off CI. Under CI a missing tool
 * throws while the suite is collected, which fails the run with the tool's name.
 */
export function skipWithout(tool: string, present: boolean): boolean {
  if (present) return false;
  if (underCi) throw new Error(`${tool} is missing, and CI must run the suites that need it (install it in .ci/run)`);
  return true;
}

export const skipWithoutChromium = (): boolean => skipWithout('Chromium (/usr/bin/chromium) or the built renderer', existsSync(chromiumPath) && rendererBuilt);
