import { timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
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
/** As large as the import's own default limit: a bigger file would be refused anyway. */
const maxUploadBytes = 1024 ** 3;

/** What the handler keeps between requests: files dropped into the page, awaiting their import. */
export interface ServeHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Deletes every upload not yet imported (on shutdown). */
  discardUploads(): void;
}

export function serveHandler(options: ServeOptions): ServeHandler {
  const expectedToken = Buffer.from(options.token, 'utf8');
  // A page cannot hand a dropped file's path to the engine, so it sends the file's bytes; each
  // waits in a private folder of its own until the import that names it, which deletes it.
  const uploads = new Set<string>();
  // Likewise a bundle or export made for the page is written to a private folder, handed over
  // once as a download, and deleted.
  const downloads = new Map<string, string>();
  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: 'the request failed' } });
      else res.destroy();
    });
  }) as ServeHandler;
  handler.discardUploads = () => {
    for (const dir of [...uploads, ...[...downloads.values()].map((path) => dirname(path))]) rmSync(dir, { recursive: true, force: true });
    uploads.clear();
    downloads.clear();
  };
  return handler;

  function authorised(req: IncomingMessage): boolean {
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '', 'utf8');
    return given.length === expectedToken.length && timingSafeEqual(given, expectedToken);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = options.port();
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!hosts.includes(req.headers.host ?? '')) return send(res, 403, refusal('this server answers only at 127.0.0.1 and localhost'));
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.map((h) => `http://${h}`).includes(origin)) return send(res, 403, refusal('requests from other sites are refused'));
    const url = new URL(req.url ?? '/', `http://${hosts[0]}`);
    if (url.pathname === '/api/call') return api(req, res);
    if (url.pathname === '/api/upload') return upload(req, res, url);
    if (url.pathname === '/api/download') return download(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, refusal('only GET here'));
    return file(res, url.pathname);
  }

  async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, refusal('the contract is called with POST'));
    if (!authorised(req)) return send(res, 401, refusal('the session token is missing or wrong: open the address vigil serve printed'));
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return send(res, 415, refusal('the contract takes JSON'));
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      return send(res, 400, refusal((err as Error).message === 'too large' ? 'the request is too large' : 'the request is not valid JSON'));
    }
    const { method, args } = (body ?? {}) as { method?: unknown; args?: unknown };
    if (typeof method !== 'string') return send(res, 400, refusal('a call names its method'));
    const pinned = forDownload(method, pinArchiveFolder(method, args, options.archiveDir));
    // A long call (an import) can report its progress: one JSON line per event, then the reply.
    if (/\bapplication\/x-ndjson\b/.test(req.headers.accept ?? '')) {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      const reply = await callDeletingUploads(method, pinned, (progress) => res.write(`${JSON.stringify({ progress })}\n`));
      res.end(`${JSON.stringify({ reply })}\n`);
      return;
    }
    return send(res, 200, await callDeletingUploads(method, pinned));
  }

  async function callDeletingUploads(method: string, args: unknown, onProgress?: (event: unknown) => void) {
    try {
      return await options.engine.call(method as never, args as never, onProgress ? { onProgress } : {});
    } finally {
      if (method === 'import.files' && args && typeof args === 'object' && Array.isArray((args as { paths?: unknown }).paths) && !(args as { dryRun?: unknown }).dryRun) {
        for (const path of (args as { paths: unknown[] }).paths) {
          const dir = typeof path === 'string' ? [...uploads].find((d) => path.startsWith(d + sep)) : undefined;
          if (dir) {
            rmSync(dir, { recursive: true, force: true });
            uploads.delete(dir);
          }
        }
      }
    }
  }

  /**
   * A bundle or a JSON or HTML export asked for by bare file name ("team.vigil") is written to
   * a private folder and offered to the page as a download of that name.
   */
  function forDownload(method: string, args: unknown): unknown {
    if (method !== 'bundle.export' && method !== 'export.records') return args;
    const out = args && typeof args === 'object' ? (args as { out?: unknown }).out : undefined;
    if (typeof out !== 'string' || /[/\\]/.test(out) || out === '.' || out === '..' || !out) return args;
    if (method === 'export.records' && (args as { format?: unknown }).format === 'csv') return args;
    const path = join(mkdtempSync(join(tmpdir(), 'vigil-download-')), out);
    const previous = downloads.get(out);
    if (previous) rmSync(dirname(previous), { recursive: true, force: true });
    downloads.set(out, path);
    return { ...(args as Record<string, unknown>), out: path };
  }

  async function download(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') return send(res, 405, refusal('downloads are fetched with GET'));
    if (!authorised(req)) return send(res, 401, refusal('the session token is missing or wrong: open the address vigil serve printed'));
    const name = url.searchParams.get('name') ?? '';
    const path = downloads.get(name);
    if (!path || !existsSync(path)) return send(res, 404, refusal('there is no such file to download'));
    downloads.delete(name);
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Content-Length': statSync(path).size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    try {
      await pipeline(createReadStream(path), res);
    } finally {
      rmSync(dirname(path), { recursive: true, force: true });
    }
  }

  /** A file dropped into the page: kept as sent, under its own name, for the import that follows. */
  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, refusal('files are sent with POST'));
    if (!authorised(req)) return send(res, 401, refusal('the session token is missing or wrong: open the address vigil serve printed'));
    const name = basename((url.searchParams.get('name') ?? '').replaceAll('\\', '/')).replace(/\p{Cc}/gu, '').slice(0, 200);
    if (!name || name === '.' || name === '..') return send(res, 400, refusal('a file is sent with its name'));
    if (Number(req.headers['content-length'] ?? 0) > maxUploadBytes) return send(res, 413, refusal('the file is larger than 1 GiB'));
    const dir = mkdtempSync(join(tmpdir(), 'vigil-upload-'));
    const path = join(dir, name);
    let size = 0;
    try {
      await pipeline(
        req,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > maxUploadBytes) throw new Error('too large');
            yield chunk;
          }
        },
        createWriteStream(path, { mode: 0o600 }),
      );
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      return send(res, (err as Error).message === 'too large' ? 413 : 400, refusal((err as Error).message === 'too large' ? 'the file is larger than 1 GiB' : 'the file did not arrive whole'));
    }
    uploads.add(dir);
    return send(res, 200, { ok: true, value: { path, size } });
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
