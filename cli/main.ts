import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { recordTypes } from '../db/shared/schemas.js';
import { CommandFailed, print, type Options } from './command-support.js';
import { commands } from './commands.js';
import { UsageError } from './usage-error.js';

/** Words wrapped to a terminal's 80 columns, each line after the first indented as given. */
function wrap(text: string, first: string, rest: string, columns = 80): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = rest + word;
    } else line = line.trim() ? `${line} ${word}` : line + word;
  }
  return [...lines, line];
}

function helpText(): string {
  return [
    'vigil: the offline, encrypted archive for human-rights monitors',
    '',
    'Usage:',
    ...Object.values(commands).flatMap((c) => [...wrap(c.usage, '  ', '      '), ...wrap(c.summary, '      ', '      ')]),
    '',
    ...wrap(`Record types: ${recordTypes.join(', ')}.`, '', '  '),
    'Passphrase: VIGIL_PASSPHRASE, --passphrase-file FILE, or a hidden prompt.',
    'New passphrase (passwd): VIGIL_NEW_PASSPHRASE or a prompt.',
    ...wrap('Exit codes: 0 done, 1 usage, 2 wrong passphrase or recovery code, 3 rejected input, 4 not found, 5 failure.', '', '  '),
    '',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(helpText());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    print(version());
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    if (rest.includes('--help') || rest.includes('-h')) {
      print(`Usage: ${command.usage}\n${command.summary}`);
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError((err as Error).message.split('\n')[0]!.replace(/^Unknown option/, 'unknown option'));
    }
    const [min, max] = command.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) throw new UsageError(`expected: ${command.usage}`);
    await command.run(parsed.positionals, parsed.values as Options);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vigil: ${err.message}\n${command ? `usage: ${command.usage}` : 'see `vigil --help`'}\n`);
      return 1;
    }
    if (err instanceof CommandFailed) {
      process.stderr.write(`vigil: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`vigil: unexpected failure: ${(err as Error).message?.split('\n')[0] ?? String(err)}\n`);
    return 5;
  }
}
