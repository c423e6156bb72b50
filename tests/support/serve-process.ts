import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath } from './run-cli.js';

/** Starts the real `vigil serve` on a folder and waits for the address it prints. */
export async function startServe(dir: string, env: Record<string, string> = {}): Promise<{ server: ChildProcess; address: string }> {
  const server = spawn(process.execPath, [cliPath, 'serve', dir, '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.setEncoding('utf8');
    server.stdout!.on('data', (c: string) => {
      out += c;
      const found = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(out);
      if (found) resolve(found[0]);
    });
    server.on('exit', (code) => reject(new Error(`vigil serve exited (${code})`)));
  });
  return { server, address };
}
