import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type * as Electron from 'electron';
import { pinArchiveFolder } from '../db/service.js';
import { rendererFileHeaders } from './renderer-files.js';
import { connectEngine, type EngineConnection } from './engine-connection.js';
import { dialogFor, isDialogPurpose } from './dialog-options.js';
import { PathGrants } from './path-grants.js';
import { withoutSecrets } from './secret-environment.js';
import { appEntry, appFileFor, appScheme, isAppAddress, navigationAllowed, privilegedSchemes, requestAllowed, windowOptions } from './window-policy.js';
import { uiChannels } from './ui-channels.js';

/** The archive folder opened last time, if it was remembered and still names a string. */
function rememberedFolder(settingsFile: string | undefined): string | undefined {
  if (!settingsFile || !existsSync(settingsFile)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(settingsFile, 'utf8')) as { archiveDir?: unknown };
    return typeof saved.archiveDir === 'string' && saved.archiveDir ? saved.archiveDir : undefined;
  } catch {
    return undefined;
  }
}

/** The parts of Electron the shell uses; tests hand in stand-ins. */
export type DesktopElectron = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'Menu' | 'dialog' | 'ipcMain' | 'powerMonitor' | 'protocol' | 'session' | 'utilityProcess'>;

export interface DesktopPaths {
  /** The archive this window manages (every archive.* call is pinned to it) until another folder is opened. */
  archiveDir: string;
  /** Where the folder last opened is remembered (a small JSON file in the app's data folder). */
  settingsFile?: string;
  rendererDir: string;
  preload: string;
  engineProcess: string;
}

export interface DesktopApp {
  lock(): Promise<void>;
  readonly engine: () => EngineConnection | undefined;
}

const idleCheckMs = 15_000;

/**
 * The main process: one window on `app://vigil/`, the engine in a utility process, and the
 * rules of window-policy.ts applied to every web contents. Kept to wiring; each rule is a
 * plain function tested on its own, and this function is tested with a stand-in Electron.
 */
export function startDesktop(electron: DesktopElectron, paths: DesktopPaths): DesktopApp {
  const { app, BrowserWindow, Menu, dialog, ipcMain, powerMonitor, protocol, session, utilityProcess } = electron;
  let engine: EngineConnection | undefined;
  let window: Electron.BrowserWindow | undefined;
  let autoLockMinutes = 10;
  const grants = new PathGrants();
  /** Reports being printed, served once from memory at app://vigil/__print/<id>. */
  const printJobs = new Map<string, Buffer>();
  let archiveDir = rememberedFolder(paths.settingsFile) ?? paths.archiveDir;

  protocol.registerSchemesAsPrivileged(privilegedSchemes);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { lock: async () => undefined, engine: () => undefined };
  }

  // Every web contents, whatever creates it: no navigation away, no new windows, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (!navigationAllowed(contents.getURL(), event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAppAddress(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // External links are refused, not opened in a browser: a click must never reveal the archive's contents to a server.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  async function lock(): Promise<void> {
    if (!engine || engine.stopped) return;
    await engine.call('archive.close', {});
    window?.webContents.send(uiChannels.locked);
  }

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void lock());

  void app.whenReady().then(() => {
    const child = utilityProcess.fork(paths.engineProcess, [], { serviceName: 'Vigil archive engine', stdio: 'inherit', env: withoutSecrets(process.env) });
    engine = connectEngine(child);

    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.setDevicePermissionHandler(() => false);
    ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !requestAllowed(details.url) }));

    protocol.handle(appScheme, async (request) => {
      const file = appFileFor(request.url, paths.rendererDir);
      const printing = printJobs.get(new URL(request.url).pathname);
      if (printing)
        return new Response(printing, {
          status: 200,
          headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" },
        });
      if (!file || request.method !== 'GET') return new Response('not found', { status: 404 });
      // Read directly, not through net.fetch: file: requests must stay refused for the page.
      return new Response(await readFile(file), { status: 200, headers: rendererFileHeaders(file) });
    });

    const fromApp = (event: Electron.IpcMainInvokeEvent) => event.senderFrame !== null && isAppAddress(event.senderFrame.url);

    ipcMain.handle(uiChannels.call, async (event, method: unknown, args: unknown) => {
      if (!fromApp(event)) return { ok: false, error: { code: 'invalid_argument', message: 'calls come from the app only' } };
      if (typeof method !== 'string') return { ok: false, error: { code: 'invalid_argument', message: 'a call names its method' } };
      const refused = grants.refusal(method, args);
      if (refused) return { ok: false, error: { code: 'invalid_argument', message: refused } };
      return engine!.call(method, pinArchiveFolder(method, args, archiveDir), (progress) => event.sender.send(uiChannels.progress, progress));
    });
    ipcMain.handle(uiChannels.choose, async (event, purpose: unknown) => {
      if (!fromApp(event) || !isDialogPurpose(purpose) || !window) return null;
      const plan = dialogFor(purpose);
      if (plan.kind === 'open') {
        const picked = await dialog.showOpenDialog(window, plan.options);
        if (picked.canceled) return null;
        grants.grant(picked.filePaths);
        return picked.filePaths;
      }
      const picked = await dialog.showSaveDialog(window, plan.options);
      if (picked.canceled || !picked.filePath) return null;
      grants.grant([picked.filePath]);
      return [picked.filePath];
    });
    // Another archive folder (a colleague's USB stick, a second case archive): the open one is locked first.
    ipcMain.handle(uiChannels.openFolder, async (event) => {
      if (!fromApp(event) || !window) return null;
      const picked = await dialog.showOpenDialog(window, { title: 'Open an archive folder', properties: ['openDirectory', 'createDirectory'] });
      if (picked.canceled || !picked.filePaths[0]) return null;
      await engine!.call('archive.close', {});
      archiveDir = picked.filePaths[0];
      if (paths.settingsFile) writeFileSync(paths.settingsFile, JSON.stringify({ archiveDir }), { mode: 0o600 });
      return archiveDir;
    });
    // A file dropped into the window: the preload reports its path (the page cannot send this itself).
    ipcMain.on(uiChannels.granted, (event, path: unknown) => {
      if (fromApp(event as unknown as Electron.IpcMainInvokeEvent) && typeof path === 'string' && path) grants.grant([path]);
    });
    ipcMain.handle(uiChannels.autoLock, (event, minutes: unknown) => {
      if (fromApp(event) && typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0) autoLockMinutes = minutes;
    });
    ipcMain.handle(uiChannels.printPdf, async (event, selection: unknown) => {
      if (!fromApp(event) || !window) return null;
      return printReport(selection);
    });

    // Locked on suspend, on the system's screen lock, and after the set idle minutes (0 turns idle locking off).
    powerMonitor.on('suspend', () => void lock());
    powerMonitor.on('lock-screen', () => void lock());
    setInterval(() => {
      if (autoLockMinutes > 0 && powerMonitor.getSystemIdleTime() >= autoLockMinutes * 60) void lock();
    }, idleCheckMs).unref();

    Menu.setApplicationMenu(
      Menu.buildFromTemplate([
        ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
        {
          label: 'File',
          submenu: [
            { label: 'Import files…', accelerator: 'CmdOrCtrl+O', click: () => window?.webContents.send(uiChannels.menu, 'import') },
            { label: 'Import a bundle…', click: () => window?.webContents.send(uiChannels.menu, 'import-bundle') },
            { label: 'Make a bundle…', click: () => window?.webContents.send(uiChannels.menu, 'make-bundle') },
            { label: 'Export…', click: () => window?.webContents.send(uiChannels.menu, 'export') },
            { type: 'separator' },
            { label: 'Lock', accelerator: 'CmdOrCtrl+Shift+L', click: () => void lock() },
            { role: 'quit' },
          ],
        },
        { role: 'editMenu' },
        { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
      ]),
    );

    window = new BrowserWindow(windowOptions(paths.preload));
    window.once('ready-to-show', () => window?.show());
    void window.loadURL(appEntry);
  });

  /**
   * Print to PDF from memory: the engine hands back the printable HTML (export.printable), a
   * hidden window with scripts off loads it from memory over app:// (a data: address fails
   * past 2 MB), and it is forgotten once printed. No file ever holds the HTML; the PDF is
   * written where the user chose, plaintext as an export is.
   */
  async function printReport(selection: unknown): Promise<string | null> {
    const picked = await dialog.showSaveDialog(window!, dialogFor('save-pdf').options as Electron.SaveDialogOptions);
    if (picked.canceled || !picked.filePath) return null;
    const chosen = selection && typeof selection === 'object' ? selection : {};
    // A trial report is printed from its own HTML; any other selection, from the records' printable HTML.
    const report = reportSelection(chosen);
    const made = report ? await engine!.call('report.trial', { ...report, format: 'html' }) : await engine!.call('export.printable', chosen);
    if (!made.ok) throw new Error(made.error.message);
    const html = Buffer.from((made.value as { html: string }).html, 'utf8');
    const printer = new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } });
    const job = `/__print/${randomUUID()}`;
    printJobs.set(job, html);
    try {
      await printer.loadURL(`app://vigil${job}`);
      const pdf = await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
      writeFileSync(picked.filePath, pdf, { mode: 0o600 });
    } finally {
      printJobs.delete(job);
      printer.destroy();
    }
    return picked.filePath;
  }

  return { lock, engine: () => engine };
}

/** A print asked for a trial report ({report: 'trial', trial, language}): the engine checks the rest. */
export function reportSelection(selection: object): { trial: unknown; language: unknown } | null {
  const asked = selection as { report?: unknown; trial?: unknown; language?: unknown };
  return asked.report === 'trial' ? { trial: asked.trial, language: asked.language } : null;
}
