import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';
import { resolveRendererFile } from './renderer-files.js';

/**
 * What the desktop window may do, as plain values and functions so that tests can assert each
 * rule without Electron. The app never goes online: its page comes from `app://vigil/`, its
 * only way to the engine is the preload's contract, and anything else is refused.
 */

export const appScheme = 'app';
export const appHost = 'vigil';
export const appEntry = `${appScheme}://${appHost}/index.html`;

/** `app://` behaves like a secure web origin (so CSP 'self', fetch and streams work), and nothing more. */
export const privilegedSchemes: CustomScheme[] = [{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: false } }];

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 520,
    title: 'Vigil',
    show: false,
    backgroundColor: '#f6f5f2',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // The spellchecker fetches dictionaries from the network; the app never goes online.
      spellcheck: false,
      safeDialogs: true,
      // PDFs are drawn by pdf.js inside the page; no plugin is needed.
      plugins: false,
    },
  };
}

export function isAppAddress(address: string): boolean {
  try {
    const url = new URL(address);
    return url.protocol === `${appScheme}:` && url.host === appHost;
  } catch {
    return false;
  }
}

/**
 * Whether a request from the page may proceed: the app's own files, and data held in the page
 * itself (blob: and data: addresses, which an attachment viewer uses). Everything that would
 * reach a network or the file system is cancelled.
 */
export function requestAllowed(address: string): boolean {
  if (isAppAddress(address)) return true;
  try {
    const { protocol } = new URL(address);
    return protocol === 'blob:' || protocol === 'data:' || protocol === 'devtools:';
  } catch {
    return false;
  }
}

/** The renderer file an `app://vigil/...` address names, or null for anything else. */
export function appFileFor(address: string, rendererDir: string): string | null {
  if (!isAppAddress(address)) return null;
  return resolveRendererFile(rendererDir, new URL(address).pathname);
}

/** Navigation is allowed only within the page itself (its #anchors); the app has one page. */
export function navigationAllowed(from: string, to: string): boolean {
  if (!isAppAddress(to) || !isAppAddress(from)) return false;
  const a = new URL(from);
  const b = new URL(to);
  return a.pathname === b.pathname && a.search === b.search;
}
