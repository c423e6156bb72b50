import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import type { Browser, BrowserContext, BrowserContextOptions, Cookie, Page } from 'playwright-core';
import { cliPath } from './run-cli.js';

export interface Served {
  server: ChildProcess;
  /** The address `vigil serve` printed: its token opens one browser once. */
  address: string;
  /** The same server without the token (where a signed-in page goes). */
  origin: string;
  port: number;
  token: string;
}

/** Starts the real `vigil serve` on a folder and waits for the address it prints. */
export async function startServe(dir: string, env: Record<string, string> = {}): Promise<Served> {
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
  const url = new URL(address);
  return { server, address, origin: url.origin + '/', port: Number(url.port), token: url.hash.replace('#token=', '') };
}

/**
 * Trades a server's one-time token for its session cookie, as the page does (a POST from the
 * page's own origin), and returns the cookie as a `Cookie` header's value.
 */
export function signIn(port: number, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/session',
        headers: { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        res.resume();
        const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
        if (res.statusCode === 200 && cookie) resolve(cookie);
        else reject(new Error(`the token was refused (${res.statusCode})`));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ token }));
  });
}

/**
 * Pages on one served archive, each in a browser context of its own (its own locale, its own
 * downloads): the first signs in by the printed address in the browser itself; later ones are
 * given the session cookie that sign-in set (as further tabs of that browser would share it)
 * and open the address without the token, which is spent.
 */
export class ServedPages {
  #cookies: Cookie[] | undefined;

  constructor(readonly served: Served) {}

  async open(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.once('close', () => void context.close());
    if (this.#cookies) {
      await context.addCookies(this.#cookies);
      await page.goto(this.served.origin);
      return page;
    }
    await page.goto(this.served.address);
    this.#cookies = await sessionCookies(context);
    return page;
  }
}

/** The session cookie the page's sign-in sets, once it is there. */
async function sessionCookies(context: BrowserContext): Promise<Cookie[]> {
  for (;;) {
    const cookies = (await context.cookies()).filter((c) => c.name.startsWith('vigil-session'));
    if (cookies.length) return cookies;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One request to a running `vigil serve` as its page makes it: its session cookie and header. */
export function sendTo(port: number, cookie: string, method: string, path: string, body?: string | Buffer, type = 'application/json'): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { Host: `127.0.0.1:${port}`, Cookie: cookie, 'X-Vigil': 'page', 'Content-Type': type } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The step after a recovery code is shown: "I have written it down", then the two groups the
 * page asks for typed back from the code as shown.
 */
export async function confirmRecoveryCode(page: import('playwright-core').Page, code: string): Promise<void> {
  await page.getByRole('button', { name: 'I have written it down' }).click();
  const groups = code.split('-');
  for (const label of await page.locator('.check-group').allTextContents()) {
    const n = Number(/Group (\d+)/.exec(label)![1]);
    await page.getByLabel(`Group ${n}`, { exact: true }).fill(groups[n - 1]!);
  }
  await page.getByRole('button', { name: 'Check', exact: true }).click();
}
