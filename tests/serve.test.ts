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
  let dir = '';

  beforeAll(async () => {
    const made = await newArchive();
    made.archive.records.create('detainee', { title: 'Руслан Жаксыбеков' });
    made.archive.close();
    dir = made.dir;
    // The passphrase in the environment must not unlock anything: the page asks for it.
    const started = await startServe(dir, { VIGIL_PASSPHRASE: passphrase });
    child = started.server;
    const address = started.address;
    const parsed = new URL(address);
    port = Number(parsed.port);
    token = parsed.hash.replace('#token=', '');
  });

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  const api = (method: string, args: unknown, headers: Record<string, string> = {}) =>
    call(port, {
      method: 'POST',
      path: '/api/call',
      headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ method, args }),
    });

  it('answers the contract for the page that holds the token, on the archive it was started with', async () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.parse((await api('archive.status', {})).body)).toMatchObject({ ok: true, value: { open: false } });
    // The page names some other folder: the server's archive is the one opened.
    const opened = JSON.parse((await api('archive.open', { dir: '/somewhere/else', passphrase })).body) as { ok: boolean };
    expect(opened.ok).toBe(true);
    expect(JSON.parse((await api('archive.status', {})).body)).toMatchObject({ value: { open: true, archive: { dir } } });
    const found = JSON.parse((await api('search.find', { text: 'Zhaksybekov' })).body) as { ok: boolean; value: { title: string }[] };
    expect(found.value[0]!.title).toBe('Руслан Жаксыбеков');
    expect(JSON.parse((await api('no.such.method', {})).body)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('refuses calls without the token, from other hosts or origins, and other methods', async () => {
    expect((await api('archive.status', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await api('archive.status', {}, { Authorization: '' })).status).toBe(401);
    // DNS rebinding: the right port under another name.
    expect((await api('archive.status', {}, { Host: `attacker.example:${port}` })).status).toBe(403);
    expect((await api('archive.status', {}, { Origin: 'http://attacker.example' })).status).toBe(403);
    expect((await api('archive.status', {}, { Origin: `http://localhost:${port}`, Host: `localhost:${port}` })).status).toBe(200);
    expect((await api('archive.status', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await call(port, { path: '/api/call', headers: { Host: `127.0.0.1:${port}` } })).status).toBe(405);
  });

  it('refuses a request holding a key that names a prototype, however it is spelt', async () => {
    const send = (body: string) =>
      call(port, { method: 'POST', path: '/api/call', headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body });
    for (const key of ['__proto__', 'constructor', 'prototype', '\\u005f\\u005fproto\\u005f\\u005f']) {
      const reply = await send(`{"method":"records.create","args":{"type":"detainee","data":{"title":"X","health":{"${key}":{"to":["age1x"]}}}}}`);
      expect(reply.status, key).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/field named "(__proto__|constructor|prototype)" \(at args\.data\.health\./) } });
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
