import type { ArgsOf, MethodName, ResultOf } from '../../db/service.js';

/**
 * The renderer's one way to the engine: the contract's methods by name. In browser mode they
 * travel over HTTP to `vigil serve` with the session token from the page's address; the
 * token is then taken out of the address bar and kept for this tab only.
 */
export interface ErrorData {
  code: string;
  message: string;
}

export class ContractError extends Error {
  constructor(readonly data: ErrorData) {
    super(data.message);
  }
}

function sessionToken(): string {
  const fromAddress = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash)?.[1];
  if (fromAddress) {
    sessionStorage.setItem('vigil-token', fromAddress);
    history.replaceState(null, '', window.location.pathname);
  }
  return fromAddress ?? sessionStorage.getItem('vigil-token') ?? '';
}

/** What the desktop shell's preload puts on `window.vigil` (absent in browser mode). */
export interface DesktopBridge {
  desktop: true;
  call(method: string, args: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorData }>;
  choose(purpose: 'import-files' | 'open-bundle' | 'save-bundle' | 'export-json' | 'export-csv' | 'export-html' | 'save-pdf'): Promise<string[] | null>;
  setAutoLock(minutes: number): Promise<void>;
  printPdf(selection: { types?: string[]; ids?: string[]; query?: string }): Promise<string | null>;
  onProgress(listener: (event: Record<string, string | number | null>) => void): () => void;
  onLocked(listener: () => void): () => void;
  onMenu(listener: (command: string) => void): () => void;
}

export const desktop: DesktopBridge | undefined = (window as unknown as { vigil?: DesktopBridge }).vigil;

const token = desktop ? '' : sessionToken();

export async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  if (desktop) {
    const reply = await desktop.call(method, args);
    if (!reply.ok) throw new ContractError(reply.error);
    return reply.value as ResultOf<M>;
  }
  let response: Response;
  try {
    response = await fetch('/api/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ method, args }),
    });
  } catch {
    throw new ContractError({ code: 'io_error', message: 'Vigil is not answering: is `vigil serve` still running?' });
  }
  const reply = (await response.json()) as { ok: true; value: ResultOf<M> } | { ok: false; error: ErrorData };
  if (!reply.ok) throw new ContractError(reply.error);
  return reply.value;
}
