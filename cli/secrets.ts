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

export async function readPassphrase(sources: SecretSources & { piped?: boolean }, prompt = 'Passphrase: '): Promise<string> {
  if (sources.passphraseFile) return readSecretFile(sources.passphraseFile);
  const env = process.env.VIGIL_PASSPHRASE;
  if (env) return env;
  const piped = sources.piped ? pipedLine() : undefined;
  if (piped) return piped;
  return promptHidden(prompt, 'set VIGIL_PASSPHRASE or use --passphrase-file');
}

/** A new passphrase: VIGIL_NEW_PASSPHRASE, a line piped to `passwd`, or typed twice at a hidden prompt. */
export async function readNewPassphrase(envName: 'VIGIL_NEW_PASSPHRASE' | 'VIGIL_PASSPHRASE', sources: SecretSources & { piped?: boolean } = {}): Promise<string> {
  if (envName === 'VIGIL_PASSPHRASE' && sources.passphraseFile) return readSecretFile(sources.passphraseFile);
  const env = process.env[envName];
  if (env) return env;
  const piped = sources.piped ? pipedLine() : undefined;
  if (piped) return piped;
  const hint = envName === 'VIGIL_PASSPHRASE' ? 'set VIGIL_PASSPHRASE or use --passphrase-file' : 'set VIGIL_NEW_PASSPHRASE';
  const first = await promptHidden('New passphrase: ', hint);
  const second = await promptHidden('Repeat the new passphrase: ', hint);
  if (first !== second) throw new UsageError('the two passphrases differ');
  return first;
}

/**
 * The recovery code for `passwd --recovery-code -` (or `--recovery-code-file FILE`): a file,
 * VIGIL_RECOVERY_CODE, the first line piped to standard input, or a hidden prompt. Never an
 * argument: the process list and the shell's history keep those.
 */
export async function readRecoveryCode(sources: { file?: string } = {}): Promise<string> {
  if (sources.file) return readSecretFile(sources.file, 'recovery code');
  const env = process.env.VIGIL_RECOVERY_CODE;
  if (env) return env;
  return pipedLine() ?? promptHidden('Recovery code: ', 'set VIGIL_RECOVERY_CODE, pipe it to standard input or use --recovery-code-file');
}

/**
 * For `passwd`, whose secrets may be piped, one per line (`printf '%s\n' CODE NEW | vigil passwd
 * DIR --recovery-code -`): the next line of standard input when it is not a terminal, or
 * undefined when nothing more was piped. Read whole, once.
 */
let pipedLines: string[] | undefined;
export function pipedLine(): string | undefined {
  if (process.stdin.isTTY) return undefined;
  if (!pipedLines) {
    try {
      pipedLines = readFileSync(0, 'utf8').split(/\r?\n/);
    } catch {
      pipedLines = [];
    }
  }
  const line = pipedLines.shift();
  return line ? line : undefined;
}

function readSecretFile(path: string, what = 'passphrase'): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read the ${what} file ${path}`);
  }
  // The first line is the secret; editors add a final newline.
  const secret = text.split(/\r?\n/)[0] ?? '';
  if (!secret) throw new UsageError(`the ${what} file ${path} is empty`);
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
