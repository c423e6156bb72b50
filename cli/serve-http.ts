import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../db/service.js';
import { parseOutsideJson } from '../db/records/prototype-keys.js';
import { pinArchiveFolder } from '../db/service.js';
import { openOutput, writeWhole } from '../db/store/caller-files.js';
import { openSealed } from '../db/store/sealed-file.js';
import { PathGrants } from '../electron/path-grants.js';
import { rendererFileHeaders, resolveRendererFile } from '../electron/renderer-files.js';
import { CommandFailed } from './command-support.js';
import { printHtmlToPdf } from './print-with-chromium.js';
import { ServeScratch } from './serve-scratch.js';

/**
 * Browser mode's HTTP handler: the renderer's files and the engine's contract, on 127.0.0.1
 * only, for the browser that signed in with the address `vigil serve` printed.
 *
 * Signing in: the address carries a one-time token in its fragment (#token=…). A browser never
 * sends a fragment to the server (not with the page's GET, not in a Referer), so the token
 * leaves the browser only when the page's script POSTs it to /api/session, once; the answer
 * is a session cookie (random, not the token; HttpOnly, so no script reads it; SameSite=Strict,
 * so no other site's page or form sends it; no expiry, so it ends with the browser). The
 * token is then spent: the address left in the browser's history opens nothing. A token in
 * the query (?token=) would travel with the page's own GET, so a prefetch or a link preview
 * could spend it, and a GET would change state.
 *
 * Refused: any API request without the cookie; any API request neither from this origin
 * (Origin) nor marked as the page's own (X-Vigil, a header no other site can add without a
 * CORS preflight, which this server never grants); any request whose Host is not 127.0.0.1 or
 * localhost on this port (DNS rebinding); any request from another origin. Every archive
 * method works on the archive folder `vigil serve` was started with, whatever folder the page
 * names.
 */
export interface ServeOptions {
  engine: Engine;
  /** The one-time token in the printed address. */
  token: string;
  /** Where uploads and downloads wait (one per server run); made by the handler when not given. */
  scratch?: ServeScratch;
  /** Filled in once the server listens. */
  port: () => number;
  archiveDir: string;
  /** The built renderer (index.html and its assets). */
  staticDir: string;
}

const maxBodyBytes = 64 * 1024 * 1024;
/** As large as the import's own default limit: a bigger file would be refused anyway. */
const maxUploadBytes = 1024 ** 3;

/** What the handler keeps between requests: files dropped into the page and files made for it, sealed. */
export interface ServeHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Deletes every upload and download still waiting, and the scratch folder (on shutdown). */
  discardUploads(): void;
}

export function serveHandler(options: ServeOptions): ServeHandler {
  const expectedToken = Buffer.from(options.token, 'utf8');
  /** Set once, when the token is traded for it; there is one signed-in browser per run. */
  let session: Buffer | undefined;
  // A page cannot hand a dropped file's path to the engine, so it sends the file's bytes; they
  // wait, like bundles and exports made for download, sealed in the run's scratch folder.
  const scratch = options.scratch ?? new ServeScratch();
  // The desktop's rule, over HTTP: the engine reads and writes only files this run received
  // as uploads or made for download; any other path the page names is refused.
  let grants = new PathGrants();
  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    grants.revoke(scratch.sweep());
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: 'the request failed' } });
      else res.destroy();
    });
  }) as ServeHandler;
  handler.discardUploads = () => scratch.discard();
  return handler;

  /** Cookies are per host, not per port: the port in the name keeps two servers' sessions apart. */
  function cookieName(): string {
    return `vigil-session-${options.port()}`;
  }

  function signedIn(req: IncomingMessage): boolean {
    if (!session) return false;
    const value = (req.headers.cookie ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .find(([name]) => name === cookieName())?.[1];
    return value !== undefined && sameSecret(value, session);
  }

  /** The token traded for the session cookie, once; a second use is refused. */
  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, refusal('signing in is a POST'));
    let token: unknown;
    try {
      token = (JSON.parse(await readBody(req)) as { token?: unknown } | null)?.token;
    } catch {
      return send(res, 400, refusal('the request is not valid JSON'));
    }
    if (typeof token !== 'string' || !sameSecret(token, expectedToken)) return send(res, 401, notSignedIn);
    if (session) return send(res, 403, { ok: false, error: { code: 'address_used', message: 'this address was used already: restart `vigil serve` for a new address' } });
    session = Buffer.from(randomBytes(32).toString('base64url'), 'utf8');
    res.setHeader('Set-Cookie', `${cookieName()}=${session.toString('utf8')}; Path=/; HttpOnly; SameSite=Strict`);
    return send(res, 200, { ok: true, value: {} });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const port = options.port();
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!hosts.includes(req.headers.host ?? '')) return send(res, 403, refusal('this server answers only at 127.0.0.1 and localhost'));
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.map((h) => `http://${h}`).includes(origin)) return send(res, 403, refusal('requests from other sites are refused'));
    const url = new URL(req.url ?? '/', `http://${hosts[0]}`);
    if (url.pathname.startsWith('/api/')) {
      // Origin was checked above: present, it is this server's own.
      if (origin === undefined && req.headers['x-vigil'] !== 'page') return send(res, 403, refusal('requests to the archive come from the Vigil page only'));
      if (url.pathname === '/api/session') return signIn(req, res);
      if (!signedIn(req)) return send(res, 401, notSignedIn);
    }
    if (url.pathname === '/api/call') return api(req, res);
    if (url.pathname === '/api/upload') return upload(req, res, url);
    if (url.pathname === '/api/download') return download(req, res, url);
    if (url.pathname === '/api/print-report') return printReport(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, refusal('only GET here'));
    return file(res, url.pathname);
  }

  async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, refusal('the contract is called with POST'));
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return send(res, 415, refusal('the contract takes JSON'));
    let body: unknown;
    try {
      body = parseOutsideJson(await readBody(req), 'the request', 'invalid_argument');
    } catch (err) {
      return send(res, 400, refusal((err as Error).message === 'too large' ? 'the request is too large' : (err as Error).message));
    }
    const { method, args } = (body ?? {}) as { method?: unknown; args?: unknown };
    if (typeof method !== 'string') return send(res, 400, refusal('a call names its method'));
    // A folder cannot be uploaded or downloaded, so a sync folder would have to be named by path.
    if (method === 'bundle.sync') return send(res, 403, refusal('a shared sync folder cannot be used from the browser: run `vigil sync` on this computer, or use the desktop app'));
    // A wipe takes everything waiting here with it, at once, before the archive goes and the page hears.
    if (method === 'archive.wipe' && (args as { confirm?: unknown } | null)?.confirm === true) {
      scratch.wipe();
      grants = new PathGrants();
    }
    const { pinned, downloadAs } = forDownload(method, pinArchiveFolder(method, args, options.archiveDir));
    const refused = grants.refusal(method, pinned);
    if (refused) {
      if (downloadAs) forgetDownload((pinned as { out: string }).out);
      return send(res, 403, refusal(refused));
    }
    // A long call (an import) can report its progress: one JSON line per event, then the reply.
    if (/\bapplication\/x-ndjson\b/.test(req.headers.accept ?? '')) {
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      const reply = await callDeletingUploads(method, pinned, downloadAs, (progress) => res.write(`${JSON.stringify({ progress })}\n`));
      res.end(`${JSON.stringify({ reply })}\n`);
      return;
    }
    return send(res, 200, await callDeletingUploads(method, pinned, downloadAs));
  }

  /**
   * Calls the engine, which reads uploads and writes downloads through their sealed copies.
   * Uploads an import or bundle import named are deleted once it succeeded (a failed one can
   * be tried again); a file made for download is offered once it was written.
   */
  async function callDeletingUploads(method: string, pinned: unknown, downloadAs: string | undefined, onProgress?: (event: unknown) => void) {
    const reply = await options.engine.call(method as never, pinned as never, { files: scratch, ...(onProgress ? { onProgress } : {}) });
    const given = (pinned ?? {}) as { paths?: unknown; path?: unknown; dryRun?: unknown; out?: unknown };
    if (reply.ok && method === 'import.files' && Array.isArray(given.paths) && !given.dryRun) takeUploads(given.paths);
    if (reply.ok && method === 'bundle.import') takeUploads([given.path]);
    if (downloadAs && typeof given.out === 'string') {
      if (reply.ok) scratch.offer(downloadAs, given.out);
      else forgetDownload(given.out);
    }
    return reply;
  }

  function takeUploads(paths: readonly unknown[]): void {
    scratch.takeUploads(paths);
    grants.revoke(paths);
  }

  function forgetDownload(path: string): void {
    scratch.dropDownload(path);
    grants.revoke([path]);
  }

  /**
   * A bundle, an export or the audit log asked for by bare file name ("team.vigil") is written
   * sealed into the scratch folder and offered to the page as a download of that name.
   */
  function forDownload(method: string, args: unknown): { pinned: unknown; downloadAs?: string } {
    if (method !== 'bundle.export' && method !== 'export.records' && method !== 'audit.export' && method !== 'report.trial' && method !== 'vocabularies.exportCsv')
      return { pinned: args };
    const out = args && typeof args === 'object' ? (args as { out?: unknown }).out : undefined;
    if (typeof out !== 'string' || /[/\\]/.test(out) || out === '.' || out === '..' || !out) return { pinned: args };
    // CSV to a bare name is one type's file (a folder of files cannot be downloaded).
    if (method === 'export.records' && (args as { format?: unknown }).format === 'csv' && !/\.csv$/i.test(out)) return { pinned: args };
    const path = scratch.newDownloadPath(out);
    grants.grant([path]);
    return { pinned: { ...(args as Record<string, unknown>), out: path }, downloadAs: out };
  }

  /**
   * A trial report, or records chosen as for an export, as PDF for the browser: the engine writes the HTML, Chromium prints
   * it here (as `vigil report --format pdf` does and the desktop app does with Electron), and
   * the PDF is offered sealed as a download, as an export is.
   */
  async function printReport(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, refusal('a report is asked for with POST'));
    let body: unknown;
    try {
      body = parseOutsideJson(await readBody(req), 'the request', 'invalid_argument');
    } catch (err) {
      return send(res, 400, refusal((err as Error).message));
    }
    const asked = (body ?? {}) as { trial?: unknown; language?: unknown; records?: unknown };
    // A trial's report, or the printable page of records chosen as for an export.
    const made = asked.records
      ? await options.engine.call('export.printable', asked.records as never, { files: scratch })
      : await options.engine.call('report.trial', { trial: asked.trial, format: 'html', language: asked.language } as never, { files: scratch });
    if (!made.ok) return send(res, 200, made);
    let pdf: Buffer;
    try {
      pdf = await printHtmlToPdf(made.value.html!);
    } catch (err) {
      return send(res, 200, { ok: false, error: { code: 'io_error', message: err instanceof CommandFailed ? err.message : 'the PDF could not be printed' } });
    }
    const name = safeFileName('fileName' in made.value ? made.value.fileName.replace(/\.html$/, '.pdf') : `vigil-report-${new Date().toISOString().slice(0, 10)}.pdf`);
    const path = scratch.newDownloadPath(name);
    await writeWhole(openOutput(path, scratch), pdf);
    scratch.offer(name, path);
    return send(res, 200, { ok: true, value: { fileName: name } });
  }

  async function download(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') return send(res, 405, refusal('downloads are fetched with GET'));
    const name = url.searchParams.get('name') ?? '';
    const held = scratch.takeDownload(name);
    if (!held) return send(res, 404, refusal('there is no such file to download'));
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Content-Length': held.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    // Decrypted on its way out; a sealed file found altered ends the response short, so the browser reports a failed download.
    try {
      await pipeline(openSealed(held), res);
    } finally {
      forgetDownload(held.path);
    }
  }

  /** A file dropped into the page: sealed as it arrives, named by its own name, for the import that follows. */
  async function upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, refusal('files are sent with POST'));
    const name = safeFileName(basename((url.searchParams.get('name') ?? '').replaceAll('\\', '/')).replace(/\p{Cc}/gu, ''));
    if (!name || name === '.' || name === '..') return send(res, 400, refusal('a file is sent with its name'));
    if (Number(req.headers['content-length'] ?? 0) > maxUploadBytes) return send(res, 413, refusal('the file is larger than 1 GiB'));
    const { path, stream } = scratch.newUpload(name);
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
        stream,
      );
    } catch (err) {
      scratch.dropUpload(path);
      return send(
        res,
        (err as Error).message === 'too large' ? 413 : 400,
        refusal((err as Error).message === 'too large' ? 'the file is larger than 1 GiB' : 'the file did not arrive whole'),
      );
    }
    if (!scratch.keepUpload(path)) return send(res, 409, refusal('the archive was wiped while the file arrived: drop it again'));
    grants.grant([path]);
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

const notSignedIn = { ok: false, error: { code: 'not_signed_in', message: 'this page is not signed in to `vigil serve`: restart it and open the new address it prints' } };

function sameSecret(given: string, expected: Buffer): boolean {
  const bytes = Buffer.from(given, 'utf8');
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
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

/**
 * A dropped file's name as it can be stored: at most 200 bytes of UTF-8 (file systems allow 255),
 * cut between characters and keeping the extension; names Windows reserves get a prefix.
 */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[<>:"|?*]/g, '_');
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  let stem = extension ? cleaned.slice(0, dot) : cleaned;
  while (Buffer.byteLength(stem + extension) > 200) stem = [...stem].slice(0, -1).join('');
  const result = stem + extension;
  return /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(result) ? `_${result}` : result;
}
