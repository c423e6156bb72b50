import { openSync, readFileSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { UsageError } from './usage-error.js';

/**
 * Where the CLI gets passphrases: an environment variable, a file, or a hidden prompt on the
 * terminal. Never from a command-line argument, which other users can read in the process list.
 */
export interface SecretSources {
  passphraseFile?: string;
}

export async function readPassphrase(sources: SecretSources, prompt = 'Passphrase: '): Promise<string> {
  if (sources.passphraseFile) return readSecretFile(sources.passphraseFile);
  const env = process.env.VIGIL_PASSPHRASE;
  if (env) return env;
  return promptHidden(prompt, 'set VIGIL_PASSPHRASE or use --passphrase-file');
}

/** A new passphrase: VIGIL_NEW_PASSPHRASE, or typed twice at a hidden prompt. */
export async function readNewPassphrase(envName: 'VIGIL_NEW_PASSPHRASE' | 'VIGIL_PASSPHRASE', sources: SecretSources = {}): Promise<string> {
  if (envName === 'VIGIL_PASSPHRASE' && sources.passphraseFile) return readSecretFile(sources.passphraseFile);
  const env = process.env[envName];
  if (env) return env;
  const hint = envName === 'VIGIL_PASSPHRASE' ? 'set VIGIL_PASSPHRASE or use --passphrase-file' : 'set VIGIL_NEW_PASSPHRASE';
  const first = await promptHidden('New passphrase: ', hint);
  const second = await promptHidden('Repeat the new passphrase: ', hint);
  if (first !== second) throw new UsageError('the two passphrases differ');
  return first;
}

/**
 * The recovery code for `passwd --recovery-code -`: VIGIL_RECOVERY_CODE or a hidden prompt, so
 * it need not appear on the command line (where the process list and shell history keep it).
 */
export async function readRecoveryCode(): Promise<string> {
  const env = process.env.VIGIL_RECOVERY_CODE;
  if (env) return env;
  return promptHidden('Recovery code: ', 'set VIGIL_RECOVERY_CODE');
}

function readSecretFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read the passphrase file ${path}`);
  }
  // The first line is the passphrase; editors add a final newline.
  const secret = text.split(/\r?\n/)[0] ?? '';
  if (!secret) throw new UsageError(`the passphrase file ${path} is empty`);
  return secret;
}

function openTerminal(): ReadStream | undefined {
  if (process.stdin.isTTY) return process.stdin as ReadStream;
  if (process.platform === 'win32') return undefined;
  try {
    return new ReadStream(openSync('/dev/tty', 'r'));
  } catch {
    return undefined;
  }
}

/** Reads a line from the terminal without echoing it. */
export function promptHidden(prompt: string, hint: string): Promise<string> {
  const input = openTerminal();
  if (!input) return Promise.reject(new UsageError(`no passphrase: ${hint}, or run in a terminal`));
  return new Promise((resolve, reject) => {
    let value = '';
    const wasRaw = input.isRaw;
    // Echo goes off before the prompt appears, so nothing typed after it is ever shown.
    input.setRawMode(true);
    process.stderr.write(prompt);
    input.setEncoding('utf8');
    input.resume();
    const finish = (err?: Error) => {
      input.setRawMode(wasRaw);
      input.pause();
      input.off('data', onData);
      if (input !== process.stdin) input.destroy();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}
