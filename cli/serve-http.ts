import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../db/service.js';
import { pinArchiveFolder } from '../db/store/archive-methods.js';
import { rendererFileHeaders, resolveRendererFile } from './renderer-files.js';

/**
 * Browser mode's HTTP handler: the renderer's files and the engine's contract, on 127.0.0.1
 * only, for the one page that holds the session token. Refused: any API request without the
 * token; any request whose Host is not 127.0.0.1 or localhost on this port (DNS rebinding);
 * any request from another origin. Every archive method works on the archive folder `vigil
 * serve` was started with, whatever folder the page names.
 */
export interface ServeOptions {
  engine: Engine;
  token: string;
  /** Filled in once the server listens. */
  port: () => number;
  archiveDir: string;
  /** The built renderer (index.html and its assets). */
  staticDir: string;
}

const maxBodyBytes = 64 * 1024 * 1024;

export function serveHandler(options: ServeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const expectedToken = Buffer.from(options.token, 'utf8');
  return (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: 'the request failed' } });
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = options.port();
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!hosts.includes(req.headers.host ?? '')) return send(res, 403, refusal('this server answers only at 127.0.0.1 and localhost'));
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.map((h) => `http://${h}`).includes(origin)) return send(res, 403, refusal('requests from other sites are refused'));
    const url = new URL(req.url ?? '/', `http://${hosts[0]}`);
    if (url.pathname === '/api/call') return api(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, refusal('only GET here'));
    return file(res, url.pathname);
  }

  async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, refusal('the contract is called with POST'));
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '', 'utf8');
    if (given.length !== expectedToken.length || !timingSafeEqual(given, expectedToken)) return send(res, 401, refusal('the session token is missing or wrong: open the address vigil serve printed'));
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return send(res, 415, refusal('the contract takes JSON'));
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      return send(res, 400, refusal((err as Error).message === 'too large' ? 'the request is too large' : 'the request is not valid JSON'));
    }
    const { method, args } = (body ?? {}) as { method?: unknown; args?: unknown };
    if (typeof method !== 'string') return send(res, 400, refusal('a call names its method'));
    const response = await options.engine.call(method as never, pinArchiveFolder(method, args, options.archiveDir) as never);
    return send(res, 200, response);
  }

  function file(res: ServerResponse, pathname: string): void {
    const path = resolveRendererFile(options.staticDir, pathname);
    if (!path) return send(res, 404, refusal('not found'));
    res.writeHead(200, rendererFileHeaders(path));
    res.end(readFileSync(path));
  }
}

function refusal(message: string) {
  return { ok: false, error: { code: 'invalid_argument', message } };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
