import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from './support/serve-process.js';
import { newArchive, passphrase } from './support/temp-archive.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('vigil serve', () => {
  let child: ChildProcess;
  let port = 0;
  let token = '';
  let cookie = '';
  let dir = '';

  beforeAll(async () => {
    const made = await newArchive();
    made.archive.records.create('detainee', { title: 'Руслан Жаксыбеков' });
    made.archive.close();
    dir = made.dir;
    // The passphrase in the environment must not unlock anything: the page asks for it.
    const started = await startServe(dir, { VIGIL_PASSPHRASE: passphrase });
    child = started.server;
    ({ port, token } = started);
  });

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  const api = (method: string, args: unknown, headers: Record<string, string> = {}) =>
    call(port, {
      method: 'POST',
      path: '/api/call',
      headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', Cookie: cookie, 'X-Vigil': 'page', ...headers },
      body: JSON.stringify({ method, args }),
    });

  const session = (body: unknown, headers: Record<string, string> = {}) =>
    call(port, {
      method: 'POST',
      path: '/api/session',
      headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', 'X-Vigil': 'page', ...headers },
      body: JSON.stringify(body),
    });

  it('trades the one-time token in the printed address for a session cookie, once', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // The page itself is served to anyone on this computer; the archive is not.
    expect((await call(port, { path: '/', headers: { Host: `127.0.0.1:${port}` } })).status).toBe(200);
    // The token is not a credential for calls, only for this one exchange.
    expect((await api('archive.status', {}, { Cookie: '', Authorization: `Bearer ${token}` })).status).toBe(401);
    // A form on another site, or a request that is neither from the page's origin nor marked as the page's own, cannot make the exchange.
    expect((await session({ token }, { Origin: 'http://attacker.example' })).status).toBe(403);
    expect((await session({ token }, { 'X-Vigil': '' })).status).toBe(403);
    expect((await session({ token: 'x'.repeat(32) })).status).toBe(401);
    const first = await session({ token });
    expect(first.status).toBe(200);
    const setCookie = first.headers['set-cookie'] ?? [];
    expect(setCookie).toHaveLength(1);
    const [pair, ...attributes] = setCookie[0]!.split(/;\s*/);
    const [name, value] = pair!.split('=') as [string, string];
    expect(name).toBe(`vigil-session-${port}`);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(value).not.toBe(token);
    // HttpOnly, SameSite=Strict, the whole site, and gone when the browser closes (no Expires, no Max-Age).
    expect(attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    cookie = pair!;
    const again = await session({ token });
    expect(again.status).toBe(403);
    expect(JSON.parse(again.body)).toMatchObject({ ok: false, error: { code: 'address_used', message: 'this address was used already: restart `vigil serve` for a new address' } });
    expect(again.headers['set-cookie']).toBeUndefined();
    // The cookie is the credential now.
    expect(JSON.parse((await api('archive.status', {})).body)).toMatchObject({ ok: true, value: { open: false } });
    expect((await api('archive.status', {}, { Cookie: `vigil-session-${port}=${'A'.repeat(43)}` })).status).toBe(401);
    expect(JSON.parse((await api('archive.status', {}, { Cookie: '' })).body)).toMatchObject({ error: { code: 'not_signed_in' } });
  });

  it('answers the contract for the page that holds the session cookie, on the archive it was started with', async () => {
    expect(JSON.parse((await api('archive.status', {})).body)).toMatchObject({ ok: true, value: { open: false } });
    // The page names some other folder: the server's archive is the one opened.
    const opened = JSON.parse((await api('archive.open', { dir: '/somewhere/else', passphrase })).body) as { ok: boolean };
    expect(opened.ok).toBe(true);
    expect(JSON.parse((await api('archive.status', {})).body)).toMatchObject({ value: { open: true, archive: { dir } } });
    const found = JSON.parse((await api('search.find', { text: 'Zhaksybekov' })).body) as { ok: boolean; value: { title: string }[] };
    expect(found.value[0]!.title).toBe('Руслан Жаксыбеков');
    expect(JSON.parse((await api('no.such.method', {})).body)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('refuses calls without the session cookie, from other hosts or origins, not marked as the page’s own, and other methods', async () => {
    expect((await api('archive.status', {}, { Cookie: `vigil-session-${port}=wrong` })).status).toBe(401);
    expect((await api('archive.status', {}, { Cookie: '' })).status).toBe(401);
    // The cookie alone is not enough for a request the page did not make: a cross-site form cannot set the header or the Origin.
    expect((await api('archive.status', {}, { 'X-Vigil': '' })).status).toBe(403);
    expect((await api('archive.status', {}, { 'X-Vigil': '', Origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    // DNS rebinding: the right port under another name.
    expect((await api('archive.status', {}, { Host: `attacker.example:${port}` })).status).toBe(403);
    expect((await api('archive.status', {}, { Origin: 'http://attacker.example' })).status).toBe(403);
    expect((await api('archive.status', {}, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })).status).toBe(200);
    expect((await api('archive.status', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await call(port, { path: '/api/call', headers: { Host: `127.0.0.1:${port}`, Cookie: cookie, 'X-Vigil': 'page' } })).status).toBe(405);
  });

  it('refuses a request holding a key that names a prototype, however it is spelt', async () => {
    const send = (body: string) =>
      call(port, { method: 'POST', path: '/api/call', headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', Cookie: cookie, 'X-Vigil': 'page' }, body });
    for (const key of ['__proto__', 'constructor', 'prototype', '\\u005f\\u005fproto\\u005f\\u005f']) {
      const reply = await send(`{"method":"records.create","args":{"type":"detainee","data":{"title":"X","health":{"${key}":{"to":["age1x"]}}}}}`);
      expect(reply.status, key).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/field named "(__proto__|constructor|prototype)" \(at args\.data\.health\./) },
      });
    }
  });

  it('serves files only from the built interface, with a strict content security policy', async () => {
    const traversal = await call(port, { path: '/../../package.json', headers: { Host: `127.0.0.1:${port}` } });
    expect(traversal.status).toBe(404);
    const encoded = await call(port, { path: '/%2e%2e/%2e%2e/package.json', headers: { Host: `127.0.0.1:${port}` } });
    expect(encoded.status).toBe(404);
    expect((await call(port, { method: 'DELETE', path: '/', headers: { Host: `127.0.0.1:${port}` } })).status).toBe(405);
  });
});
