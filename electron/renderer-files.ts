import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

/**
 * The built renderer's files, as both front ends serve them: `vigil serve` over HTTP and the
 * desktop shell over its `app://` scheme. One path check for both, so neither can be asked
 * for a file outside the renderer's folder.
 */

/** No script or style from elsewhere, no framing, no network but the app itself. */
export const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function mimeTypeOf(path: string): string {
  return mimeTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers every renderer file is sent with. */
export function rendererFileHeaders(path: string): Record<string, string> {
  return {
    'Content-Type': mimeTypeOf(path),
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

/**
 * The file an address path names inside `rootDir` ("/" is index.html), or null when it is
 * malformed, climbs out of the folder, or is not an existing file.
 */
export function resolveRendererFile(rootDir: string, pathname: string): string | null {
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '') || 'index.html';
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.split(/[/\\]/).includes('..')) return null;
  const path = join(rootDir, relative);
  if (!path.startsWith(rootDir + sep)) return null;
  return existsSync(path) && statSync(path).isFile() ? path : null;
}
