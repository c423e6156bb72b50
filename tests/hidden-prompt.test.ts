import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliPath } from './support/run-cli.js';
import { newArchive, passphrase } from './support/temp-archive.js';

/** Runs the command on a pseudo-terminal (util-linux `script`), typing `answers` at each prompt. */
function onTerminal(args: string[], answers: string[]): Promise<string> {
  const command = [process.execPath, cliPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const env = { ...process.env };
  delete env.VIGIL_PASSPHRASE;
  delete env.VIGIL_NEW_PASSPHRASE;
  const child = spawn('script', ['-qec', command, '/dev/null'], { env });
  let output = '';
  let prompts = 0;
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const seen = (output.match(/passphrase: /gi) ?? []).length;
      while (prompts < seen && prompts < answers.length) child.stdin.write(`${answers[prompts++]}\r`);
    });
    child.on('error', reject);
    child.on('close', () => resolve(output.replace(/\r/g, '')));
  });
}

describe('passphrase prompt on a terminal', () => {
  it('asks without echoing what is typed', async () => {
    const { dir, archive } = await newArchive();
    archive.records.create('note', { title: 'visible title' });
    archive.close();
    const output = await onTerminal(['list', dir], [passphrase]);
    expect(output).toMatch(/Passphrase: /);
    expect(output).toMatch(/visible title/);
    expect(output).not.toContain(passphrase);
  });

  it('asks for a new passphrase twice and refuses a mismatch', async () => {
    const { dir, archive } = await newArchive();
    archive.close();
    const mismatch = await onTerminal(['passwd', dir], [passphrase, 'first new passphrase', 'second new passphrase']);
    expect(mismatch).toMatch(/the two passphrases differ/);
    const changed = await onTerminal(['passwd', dir], [passphrase, 'first new passphrase', 'first new passphrase']);
    expect(changed).toMatch(/passphrase changed/);
    expect(changed).not.toContain('first new passphrase');
  });
});
