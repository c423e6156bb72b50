import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const cliPath = join(import.meta.dirname, '..', '..', 'cli', 'bin.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `vigil` command in a child process. */
export function vigil(args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    input: options.input ?? '',
    env: { ...process.env, VIGIL_PASSPHRASE: undefined, VIGIL_NEW_PASSPHRASE: undefined, VIGIL_RECOVERY_CODE: undefined, ...options.env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
