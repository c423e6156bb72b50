import { reportFileName } from '../../../db/shared/file-names.js';
import type { ArgsOf, MethodName, ResultOf } from '../../../db/service.js';

/**
 * The renderer's one way to the engine: the contract's methods by name. In browser mode they
 * travel over HTTP to `vigil serve`, signed in by its session cookie (see signIn below).
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

/**
 * Browser mode signs in once: the address `vigil serve` printed holds a one-time token in its
 * fragment (#token=…), which the browser never sends to the server by itself. It is taken out
 * of the address bar first, then POSTed once to be traded for the session cookie, which the
 * browser then sends with every request (this script never sees it: HttpOnly). A second use
 * of the address is refused; if this browser signed in with it before, its cookie still works.
 */
async function signIn(): Promise<void> {
  const token = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash)?.[1];
  if (!token) return;
  history.replaceState(null, '', window.location.pathname);
  // Refused or not, the calls that follow say whether this browser is signed in.
  await fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json', ...pageHeader }, body: JSON.stringify({ token }) }).catch(() => undefined);
}

/** Marks a request as the page's own: another site's page cannot add it without a CORS preflight, which `vigil serve` never grants. */
const pageHeader = { 'X-Vigil': 'page' };

/** What the desktop shell's preload puts on `window.vigil` (absent in browser mode). */
export interface DesktopBridge {
  desktop: true;
  call(method: string, args: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorData }>;
  choose(
    purpose:
      | 'import-files'
      | 'import-uwazi'
      | 'import-thesaurus'
      | 'export-uwazi-csv'
      | 'export-thesaurus'
      | 'open-bundle'
      | 'save-bundle'
      | 'export-json'
      | 'export-csv'
      | 'export-html'
      | 'export-docx'
      | 'save-pdf'
      | 'export-log'
      | 'save-report-docx'
      | 'save-report-html',
  ): Promise<string[] | null>;
  setAutoLock(minutes: number): Promise<void>;
  /** Picks another archive folder (locking the open one); null when cancelled. */
  openFolder(): Promise<string | null>;
  printPdf(
    selection: { types?: string[]; ids?: string[]; query?: string; language?: 'en' | 'ru' } | { report: 'trial'; trial: string; language: 'en' | 'ru' },
  ): Promise<string | null>;
  onProgress(listener: (event: Record<string, string | number | null>) => void): () => void;
  onLocked(listener: () => void): () => void;
  onMenu(listener: (command: string) => void): () => void;
  /** Where a dropped or picked file is on disk (Electron's webUtils). */
  pathForFile(file: File): string;
}

export const desktop: DesktopBridge | undefined = (window as unknown as { vigil?: DesktopBridge }).vigil;

const signedIn: Promise<void> = desktop ? Promise.resolve() : signIn();

export async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  if (desktop) {
    const reply = await desktop.call(method, args);
    if (!reply.ok) throw new ContractError(reply.error);
    return reply.value as ResultOf<M>;
  }
  await signedIn;
  let response: Response;
  try {
    response = await fetch('/api/call', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...pageHeader },
      body: JSON.stringify({ method, args }),
    });
  } catch {
    throw new ContractError({ code: 'io_error', message: 'Vigil is not answering: is `vigil serve` still running?' });
  }
  const reply = (await response.json()) as { ok: true; value: ResultOf<M> } | { ok: false; error: ErrorData };
  if (!reply.ok) throw new ContractError(reply.error);
  return reply.value;
}

/**
 * A call sent as the page goes away (a reload, a closed tab), with no answer awaited. In browser
 * mode a plain request is cancelled with the page; a keepalive one is delivered anyway (up to
 * 64 KiB, the browser's limit for such requests). The desktop bridge hands the call to the
 * main process at once, which runs it whatever the page does next.
 */
export function callAsPageLeaves<M extends MethodName>(method: M, args: ArgsOf<M>): void {
  if (desktop) {
    void desktop.call(method, args).catch(() => undefined);
    return;
  }
  const body = JSON.stringify({ method, args });
  void fetch('/api/call', { method: 'POST', keepalive: body.length < 60_000, headers: { 'Content-Type': 'application/json', ...pageHeader }, body }).catch(() => undefined);
}

export type Progress = Record<string, string | number | null>;

/**
 * A long call (an import) with its progress as it happens: over the desktop bridge's progress
 * channel, or in browser mode as JSON lines streamed by `vigil serve`.
 */
export async function callWithProgress<M extends MethodName>(method: M, args: ArgsOf<M>, onProgress: (event: Progress) => void): Promise<ResultOf<M>> {
  if (desktop) {
    const stop = desktop.onProgress(onProgress);
    try {
      return await call(method, args);
    } finally {
      stop();
    }
  }
  await signedIn;
  const response = await fetch('/api/call', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson', ...pageHeader },
    body: JSON.stringify({ method, args }),
  }).catch(() => {
    throw new ContractError({ code: 'io_error', message: 'Vigil is not answering: is `vigil serve` still running?' });
  });
  if (!response.body || !/ndjson/.test(response.headers.get('content-type') ?? '')) {
    const reply = (await response.json()) as { ok: true; value: ResultOf<M> } | { ok: false; error: ErrorData };
    if (!reply.ok) throw new ContractError(reply.error);
    return reply.value;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += value ?? '';
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as { progress?: Progress; reply?: { ok: true; value: ResultOf<M> } | { ok: false; error: ErrorData } };
      buffered = buffered.slice(newline + 1);
      if (line.progress) onProgress(line.progress);
      if (line.reply) {
        if (!line.reply.ok) throw new ContractError(line.reply.error);
        return line.reply.value;
      }
    }
    if (done) throw new ContractError({ code: 'io_error', message: 'the answer was cut off' });
  }
}

/**
 * A file the user dropped or picked, as a path the engine can read: its own path in the
 * desktop app; in browser mode, a copy sent to `vigil serve` (deleted once imported).
 */
export async function fileForEngine(file: File): Promise<string> {
  if (desktop) return desktop.pathForFile(file);
  await signedIn;
  const response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...pageHeader },
    body: file,
  });
  const reply = (await response.json()) as { ok: true; value: { path: string } } | { ok: false; error: ErrorData };
  if (!reply.ok) throw new ContractError(reply.error);
  return reply.value.path;
}

/** Browser mode: fetches a file `vigil serve` made for the page (a bundle, an export) and saves it as a download. */
export async function downloadFile(name: string): Promise<void> {
  await signedIn;
  const response = await fetch(`/api/download?name=${encodeURIComponent(name)}`, { headers: pageHeader });
  if (!response.ok) {
    const reply = (await response.json().catch(() => null)) as { error?: ErrorData } | null;
    throw new ContractError(reply?.error ?? { code: 'io_error', message: 'the file could not be downloaded' });
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Saves a trial report. In the desktop app the user picks where (PDF through Electron's
 * printToPDF); in browser mode it is downloaded, and a PDF is printed by `vigil serve` through
 * Chromium first. Resolves to the file's name, or null when the user cancelled.
 */
export async function saveTrialReport(trialRecord: { id: string; title: string }, format: 'docx' | 'html' | 'pdf', language: 'en' | 'ru'): Promise<string | null> {
  const trial = trialRecord.id;
  if (desktop) {
    if (format === 'pdf') return desktop.printPdf({ report: 'trial', trial, language });
    const out = (await desktop.choose(format === 'docx' ? 'save-report-docx' : 'save-report-html'))?.[0];
    if (!out) return null;
    await call('report.trial', { trial, format, language, out });
    return out.split(/[/\\]/).pop() ?? out;
  }
  if (format !== 'pdf') {
    const name = reportFileName(trialRecord.title, format);
    await call('report.trial', { trial, format, language, out: name });
    await downloadFile(name);
    return name;
  }
  return printInBrowser({ trial, language });
}

/** Browser mode: `vigil serve` prints the HTML through Chromium and offers the PDF as a download. */
async function printInBrowser(asked: Record<string, unknown>): Promise<string> {
  await signedIn;
  const response = await fetch('/api/print-report', { method: 'POST', headers: { 'Content-Type': 'application/json', ...pageHeader }, body: JSON.stringify(asked) });
  const reply = (await response.json()) as { ok: true; value: { fileName: string } } | { ok: false; error: ErrorData };
  if (!reply.ok) throw new ContractError(reply.error);
  await downloadFile(reply.value.fileName);
  return reply.value.fileName;
}

/**
 * Records as a Word document for people (one record from its page, or a selection): saved where
 * the user picks in the desktop app, downloaded in the browser. Returns the file's name, or null
 * when the user cancelled.
 */
export async function saveRecordsDocx(selection: Omit<ArgsOf<'export.records'>, 'format' | 'out'>, title: string): Promise<string | null> {
  const name = reportFileName(title, 'docx');
  const out = desktop ? (await desktop.choose('export-docx'))?.[0] : name;
  if (!out) return null;
  await call('export.records', { format: 'docx', out, ...selection });
  if (!desktop) await downloadFile(name);
  return out.split(/[/\\]/).pop() ?? out;
}

/** Records chosen as for an export, printed to PDF: by Electron in the desktop app (where the user picks the file), by `vigil serve` in the browser. */
export async function printRecordsPdf(selection: { types?: string[]; query?: string; language?: 'en' | 'ru' }): Promise<string | null> {
  if (desktop) return desktop.printPdf(selection);
  return printInBrowser({ records: selection });
}
