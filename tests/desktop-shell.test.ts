import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { contract, createEngine } from '../db/service.js';
import { connectEngine, type EngineChild } from '../electron/engine-connection.js';
import { serveEngine } from '../electron/engine-host.js';
import { startDesktop, type DesktopElectron } from '../electron/desktop-app.js';
import { dialogFor, dialogPurposes, isDialogPurpose } from '../electron/dialog-options.js';
import { methodsNamingFiles } from '../db/service.js';
import { withoutSecrets } from '../electron/secret-environment.js';
import { uiChannels } from '../electron/ui-channels.js';
import { appEntry, appFileFor, navigationAllowed, privilegedSchemes, requestAllowed, windowOptions } from '../electron/window-policy.js';
import { tempDir } from './support/temp-archive.js';

/**
 * The desktop shell without Electron (its binary cannot run here): each hardening rule as a
 * plain function, then the main process wired to a stand-in Electron and a real engine on a
 * real encrypted archive, then the compiled preload in a sandbox-like context.
 */
const rendererDir = join(import.meta.dirname, '..', 'renderer', 'dist');

describe('the window policy', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security on', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences!;
    // No Node in the page, its workers or its frames; the page in its own world and sandboxed.
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
    // The web's own protections on; nothing that would load or run outside them.
    expect(prefs).toMatchObject({ webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, spellcheck: false, plugins: false });
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('registers app:// as a secure standard scheme and loads the page from it', () => {
    expect(privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(appEntry).toBe('app://vigil/index.html');
  });

  it('lets through only the app itself and data held in the page: never the network or the file system', () => {
    for (const ok of ['app://vigil/index.html', 'app://vigil/assets/x.js', 'blob:app://vigil/0b1c', 'data:image/png;base64,AA==']) expect(requestAllowed(ok), ok).toBe(true);
    for (const refused of [
      'https://example.org/',
      'http://127.0.0.1:8080/api',
      'ws://localhost/',
      'file:///etc/passwd',
      'ftp://x/',
      'app://other/index.html',
      'not a url',
      'chrome://settings',
      'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/index.html',
    ]) {
      expect(requestAllowed(refused), refused).toBe(false);
    }
  });

  it('maps app:// addresses to the renderer folder and nothing outside it', () => {
    expect(appFileFor('app://vigil/', rendererDir)).toBe(join(rendererDir, 'index.html'));
    expect(appFileFor('app://vigil/index.html', rendererDir)).toBe(join(rendererDir, 'index.html'));
    for (const outside of [
      'app://vigil/../package.json',
      'app://vigil/%2e%2e/package.json',
      'app://vigil/..%2fpackage.json',
      'app://vigil/%2e%2e%5cpackage.json',
      'app://vigil/assets%00.js',
      'app://vigil/no-such-file.js',
      'app://vigil/assets',
      'app://elsewhere/index.html',
      'file:///etc/passwd',
    ]) {
      expect(appFileFor(outside, rendererDir), outside).toBeNull();
    }
  });

  it('allows navigation only to anchors of the same page', () => {
    expect(navigationAllowed('app://vigil/index.html', 'app://vigil/index.html#record')).toBe(true);
    expect(navigationAllowed('app://vigil/index.html', 'app://vigil/other.html')).toBe(false);
    expect(navigationAllowed('app://vigil/index.html', 'https://example.org/')).toBe(false);
  });

  it('offers native dialogs by purpose only', () => {
    for (const purpose of dialogPurposes) expect(['open', 'save']).toContain(dialogFor(purpose).kind);
    expect(isDialogPurpose('import-files')).toBe(true);
    expect(isDialogPurpose('/etc/passwd')).toBe(false);
    expect(dialogFor('import-files').options).toMatchObject({ properties: ['openFile', 'multiSelections'] });
    expect(dialogFor('export-log')).toMatchObject({ kind: 'save', options: { defaultPath: expect.stringMatching(/^vigil-activity-log-\d{4}-\d\d-\d\d\.csv$/) } });
  });
});

/**
 * A child process stand-in that carries messages to and from a real engine, as a utility
 * process would. `afterCall` runs as each call's answer is ready, before it is sent back.
 */
function engineChild(afterCall?: (method: string) => void): EngineChild & EventEmitter & { kill(): void } {
  const child = new EventEmitter() as EventEmitter & EngineChild & { kill(): void };
  const port = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void };
  port.postMessage = (message) => queueMicrotask(() => child.emit('message', structuredClone(message)));
  child.postMessage = (message) => queueMicrotask(() => port.emit('message', { data: structuredClone(message) }));
  child.kill = () => child.emit('exit', 0);
  const engine = createEngine();
  serveEngine(port, {
    call: (async (method: string, args: unknown, options?: Parameters<typeof engine.call>[2]) => {
      const reply = await engine.call(method as never, args as never, options);
      afterCall?.(method);
      return reply;
    }) as typeof engine.call,
    shutdown: () => engine.shutdown(),
  });
  return child;
}

describe('the engine connection', () => {
  it('answers calls through the message port, with progress on the way', async () => {
    const connection = connectEngine(engineChild());
    expect(await connection.call('archive.status', {})).toEqual({ ok: true, value: { open: false } });
    expect(await connection.call('records.list', { type: 'No such type' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('answers every pending and later call with an error when the engine process dies', async () => {
    const child = new EventEmitter() as EventEmitter & EngineChild;
    child.postMessage = () => undefined;
    const connection = connectEngine(child);
    const pending = connection.call('archive.status', {});
    child.emit('exit', 1);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await connection.call('archive.status', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

/** Just enough of Electron for startDesktop, recording what the shell asked of it. */
function standInElectron(options: { afterEngineCall?: (method: string) => void } = {}) {
  const app = Object.assign(new EventEmitter(), {
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    whenReady: () => Promise.resolve(),
  });
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const windows: { options: unknown; loaded: string[]; sent: [string, unknown][]; served: string[] }[] = [];
  class BrowserWindow extends EventEmitter {
    readonly record: (typeof windows)[number];
    readonly webContents: { send: (channel: string, value?: unknown) => void; printToPDF: () => Promise<Buffer> };
    constructor(options: unknown) {
      super();
      this.record = { options, loaded: [], sent: [], served: [] };
      windows.push(this.record);
      this.webContents = {
        send: (channel, value) => void this.record.sent.push([channel, value]),
        printToPDF: () => Promise.resolve(Buffer.from(`%PDF-1.7 (stand-in of ${this.record.served.at(-1)?.length ?? 0} characters)`)),
      };
    }
    /** As Electron does: an app:// address is answered by the handler the shell registered for the scheme. */
    async loadURL(url: string) {
      this.record.loaded.push(url);
      const handler = (electron.protocol.handle.mock.calls as unknown as [string, (r: Request) => Promise<Response>][]).find(([scheme]) => url.startsWith(`${scheme}:`))?.[1];
      if (handler && !url.endsWith('/index.html')) this.record.served.push(await (await handler(new Request(url))).text());
    }
    destroy() {}
    show() {}
    isMinimized() {
      return false;
    }
  }
  const session = {
    permissionRequest: undefined as undefined | ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: undefined as undefined | (() => boolean),
    beforeRequest: undefined as undefined | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void),
  };
  const electron = {
    app,
    BrowserWindow,
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown) => template) },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => void ipcHandlers.set(channel, handler),
      on: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => void ipcHandlers.set(channel, handler),
    },
    powerMonitor: Object.assign(new EventEmitter(), { getSystemIdleTime: () => 0 }),
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof session.permissionRequest) => void (session.permissionRequest = h),
        setPermissionCheckHandler: (h: typeof session.permissionCheck) => void (session.permissionCheck = h),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onBeforeRequest: (h: typeof session.beforeRequest) => void (session.beforeRequest = h) },
      },
    },
    utilityProcess: { fork: vi.fn(() => engineChild(options.afterEngineCall)) },
  };
  return { electron, app, ipcHandlers, windows, session };
}

describe('the main process (with a stand-in Electron and a real engine)', () => {
  async function started() {
    const stand = standInElectron();
    const archiveDir = join(tempDir(), 'archive');
    const desktop = startDesktop(stand.electron as unknown as DesktopElectron, { archiveDir, rendererDir, preload: '/app/preload.cjs', engineProcess: '/app/engine-process.js' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const fromApp = { senderFrame: { url: 'app://vigil/index.html' }, sender: { send: vi.fn() } };
    return { ...stand, desktop, archiveDir, fromApp };
  }

  it('starts the engine with no secret in its environment', async () => {
    process.env.VIGIL_PASSPHRASE = 'set for the command line';
    process.env.VIGIL_BUNDLE_PASSPHRASE = 'the team passphrase';
    try {
      const { electron } = await started();
      const [, , options] = electron.utilityProcess.fork.mock.calls[0] as unknown as [string, string[], { env: NodeJS.ProcessEnv }];
      expect(options.env.VIGIL_PASSPHRASE).toBeUndefined();
      expect(options.env.VIGIL_BUNDLE_PASSPHRASE).toBeUndefined();
      expect(options.env.PATH).toBe(process.env.PATH);
      expect(withoutSecrets({ VIGIL_RECOVERY_CODE: 'x', VIGIL_NEW_PASSPHRASE: 'y', ELECTRON_RUN_AS_NODE: '1', HOME: '/home/m' })).toEqual({ HOME: '/home/m' });
    } finally {
      delete process.env.VIGIL_PASSPHRASE;
      delete process.env.VIGIL_BUNDLE_PASSPHRASE;
    }
  });

  it('hardens before the window exists: sandbox for all, app:// privileged, one instance', async () => {
    const { electron, app } = await started();
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith(privilegedSchemes);
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith('/app/engine-process.js', [], expect.anything());
  });

  it('opens one window on app://vigil with the hardened preferences', async () => {
    const { windows } = await started();
    expect(windows).toHaveLength(1);
    expect(windows[0]!.options).toEqual(windowOptions('/app/preload.cjs'));
    expect(windows[0]!.loaded).toEqual([appEntry]);
  });

  it('denies every permission and cancels every request that would leave the app', async () => {
    const { session } = await started();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen']) {
      const callback = vi.fn();
      session.permissionRequest!({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
    expect(session.permissionCheck!()).toBe(false);
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      session.beforeRequest!({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(verdict('https://example.org/track')).toBe(true);
    expect(verdict('http://127.0.0.1:3000/')).toBe(true);
    expect(verdict('file:///home/user/.ssh/id_rsa')).toBe(true);
    expect(verdict('app://vigil/index.html')).toBe(false);
  });

  it('refuses navigation away, new windows and webviews in every web contents', async () => {
    const { app } = await started();
    const contents = Object.assign(new EventEmitter(), { getURL: () => 'app://vigil/index.html', openHandler: undefined as undefined | (() => unknown) });
    Object.assign(contents, { setWindowOpenHandler: (h: () => unknown) => (contents.openHandler = h) });
    app.emit('web-contents-created', {}, contents);
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      contents.emit('will-navigate', event);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://example.org/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://vigil/index.html#search')).toBe(false);
    expect(contents.openHandler!()).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('serves the renderer over app:// with the CSP, and nothing outside its folder', async () => {
    const { electron } = await started();
    const [scheme, handler] = electron.protocol.handle.mock.calls[0] as unknown as [string, (r: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    const page = await handler(new Request('app://vigil/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect(await page.text()).toMatch(/<div id="root">/);
    expect((await handler(new Request('app://vigil/%2e%2e/package.json'))).status).toBe(404);
    expect((await handler(new Request('app://vigil/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
  });

  it('relays the contract to the engine, on its own archive folder only, and only for the app page', async () => {
    const { ipcHandlers, archiveDir, fromApp } = await started();
    const call = ipcHandlers.get(uiChannels.call)!;
    const elsewhere = join(tempDir(), 'elsewhere');
    const created = (await call(fromApp, 'archive.create', { dir: elsewhere, passphrase: 'a long enough passphrase here' })) as { ok: boolean; value: { dir: string } };
    expect(created.ok).toBe(true);
    expect(created.value.dir).toBe(archiveDir);
    expect(existsSync(elsewhere)).toBe(false);
    const foreign = { senderFrame: { url: 'https://example.org/' }, sender: { send: vi.fn() } };
    expect(await call(foreign, 'archive.status', {})).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await call(fromApp, 'no.such.method', {})).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: 'unknown method "no.such.method"' } });
  });

  it('locks on system suspend and screen lock: the archive closes and the page is told', async () => {
    const { ipcHandlers, electron, windows, fromApp } = await started();
    const call = ipcHandlers.get(uiChannels.call)!;
    await call(fromApp, 'archive.create', { dir: 'x', passphrase: 'a long enough passphrase here' });
    expect(await call(fromApp, 'archive.status', {})).toMatchObject({ value: { open: true } });
    for (const trigger of ['suspend', 'lock-screen']) {
      await call(fromApp, 'archive.open', { dir: 'x', passphrase: 'a long enough passphrase here' });
      electron.powerMonitor.emit(trigger);
      await vi.waitFor(async () => expect(await call(fromApp, 'archive.status', {})).toMatchObject({ value: { open: false } }));
      expect(windows[0]!.sent.at(-1)).toEqual([uiChannels.locked, undefined]);
    }
  });

  it('opens another archive folder from a native dialog, locks the open one, and remembers the choice', async () => {
    const stand = standInElectron();
    const settingsFile = join(tempDir(), 'vigil-desktop.json');
    const first = join(tempDir(), 'first');
    const second = join(tempDir(), 'second');
    startDesktop(stand.electron as unknown as DesktopElectron, { archiveDir: first, settingsFile, rendererDir, preload: '/p.cjs', engineProcess: '/e.js' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const fromApp = { senderFrame: { url: 'app://vigil/index.html' }, sender: { send: vi.fn() } };
    const call = stand.ipcHandlers.get(uiChannels.call)!;
    await call(fromApp, 'archive.create', { dir: '.', passphrase: 'a long enough passphrase here' });
    stand.electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [second] } as never);
    expect(await stand.ipcHandlers.get(uiChannels.openFolder)!(fromApp)).toBe(second);
    expect(await call(fromApp, 'archive.status', {})).toMatchObject({ value: { open: false } });
    expect(await call(fromApp, 'archive.inspect', { dir: '.' })).toMatchObject({ value: { dir: second, exists: false } });
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ archiveDir: second });
    // The next start opens on the folder chosen last.
    const again = standInElectron();
    startDesktop(again.electron as unknown as DesktopElectron, { archiveDir: first, settingsFile, rendererDir, preload: '/p.cjs', engineProcess: '/e.js' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await again.ipcHandlers.get(uiChannels.call)!(fromApp, 'archive.inspect', { dir: '.' })).toMatchObject({ value: { dir: second } });
    // A page that is not the app gets nothing.
    expect(await stand.ipcHandlers.get(uiChannels.openFolder)!({ senderFrame: { url: 'https://example.org/' } })).toBeNull();
  });

  it('lets the engine read or write only files the user chose in a dialog or dropped into the window', async () => {
    const { ipcHandlers, electron, fromApp } = await started();
    const call = ipcHandlers.get(uiChannels.call)!;
    await call(fromApp, 'archive.create', { dir: '.', passphrase: 'a long enough passphrase here' });
    const target = join(tempDir(), 'export.json');
    for (const [method, args] of [
      ['export.records', { format: 'json', out: target }],
      ['bundle.export', { out: target, all: true, passphrase: 'x'.repeat(12) }],
      ['import.files', { paths: ['/etc/passwd'] }],
      ['bundle.sync', { folder: '/tmp' }],
      ['audit.export', { out: target }],
    ] as const) {
      expect(await call(fromApp, method, args), method).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument', message: 'files are chosen in a dialog or dropped into the window' },
      });
    }
    expect(existsSync(target)).toBe(false);
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target } as never);
    expect(await ipcHandlers.get(uiChannels.choose)!(fromApp, 'export-json')).toEqual([target]);
    expect(await call(fromApp, 'export.records', { format: 'json', out: target })).toMatchObject({ ok: true });
    expect(existsSync(target)).toBe(true);
    // The activity log is saved to the one file chosen in its save dialog.
    const log = join(tempDir(), 'activity.csv');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: log } as never);
    expect(await ipcHandlers.get(uiChannels.choose)!(fromApp, 'export-log')).toEqual([log]);
    expect(await call(fromApp, 'audit.export', { out: log })).toMatchObject({ ok: true });
    expect(readFileSync(log, 'utf8')).toMatch(/^\uFEFFNo\.,Date,Time,What/);
    // A dropped file, reported by the preload.
    const dropped = join(tempDir(), 'notes.md');
    writeFileSync(dropped, '# Notes\n\nText.');
    ipcHandlers.get(uiChannels.granted)!(fromApp, dropped);
    expect(await call(fromApp, 'import.files', { paths: [dropped] })).toMatchObject({ ok: true, value: [{ status: 'imported' }] });
    // Only the app's own frame can report one.
    const elsewhere = join(tempDir(), 'other.md');
    writeFileSync(elsewhere, '# Other');
    ipcHandlers.get(uiChannels.granted)!({ senderFrame: { url: 'https://example.org/' } }, elsewhere);
    expect(await call(fromApp, 'import.files', { paths: [elsewhere] })).toMatchObject({ ok: false });
  });

  it('prints a report to PDF from memory: its HTML is never written to a file, not even for a moment', async () => {
    const marker = 'MARKER-print-Жақсыбеков-41c2';
    const archiveDir = join(tempDir(), 'archive');
    const pdf = join(tempDir(), 'report.pdf');
    const tmp = tempDir('vigil-print-tmp-');
    const holding: string[] = [];
    const plaintextFiles = () =>
      (readdirSync(tmp, { recursive: true }) as string[]).filter((name) => statSync(join(tmp, name)).isFile() && readFileSync(join(tmp, name)).includes(marker));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const stand = standInElectron({ afterEngineCall: (method) => holding.push(...plaintextFiles().map((f) => `${method}: ${f}`)) });
      startDesktop(stand.electron as unknown as DesktopElectron, { archiveDir, rendererDir, preload: '/p.cjs', engineProcess: '/e.js' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      const fromApp = { senderFrame: { url: 'app://vigil/index.html' }, sender: { send: vi.fn() } };
      const call = stand.ipcHandlers.get(uiChannels.call)!;
      await call(fromApp, 'archive.create', { dir: '.', passphrase: 'a long enough passphrase here' });
      expect(await call(fromApp, 'records.create', { type: 'detainee', data: { title: marker, status: 'detained' } })).toMatchObject({ ok: true });
      stand.electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: pdf } as never);
      expect(await stand.ipcHandlers.get(uiChannels.printPdf)!(fromApp, { types: ['detainee'] })).toBe(pdf);
      // The hidden window was given the report from memory, over app://, and printed it.
      const printer = stand.windows.at(-1)!;
      expect(printer.loaded).toEqual([expect.stringMatching(/^app:\/\/vigil\/__print\/[0-9a-f-]{36}$/)]);
      expect(printer.served).toEqual([expect.stringContaining(marker)]);
      expect(readFileSync(pdf, 'utf8')).toMatch(/^%PDF-1\.7/);
      // No file held the report at any point: not after the engine made it, not after printing.
      expect(holding).toEqual([]);
      expect(readdirSync(tmp)).toEqual([]);
      // Served once: the address answers nothing afterwards.
      const [, handler] = stand.electron.protocol.handle.mock.calls[0] as unknown as [string, (r: Request) => Promise<Response>];
      expect((await handler(new Request(printer.loaded[0]!))).status).toBe(404);

      // A trial report prints from its own HTML, in the language asked for.
      const trial = (await call(fromApp, 'records.create', { type: 'trial', data: { title: 'Trial of the marker' } })) as { value: { id: string } };
      const reportPdf = join(tempDir(), 'trial.pdf');
      stand.electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: reportPdf } as never);
      expect(await stand.ipcHandlers.get(uiChannels.printPdf)!(fromApp, { report: 'trial', trial: trial.value.id, language: 'ru' })).toBe(reportPdf);
      expect(stand.windows.at(-1)!.served).toEqual([expect.stringContaining('Отчёт о мониторинге судебного процесса: Trial of the marker')]);
      expect(readFileSync(reportPdf, 'utf8')).toMatch(/^%PDF-1\.7/);
      expect(holding).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });

  it('knows every contract method that names a file, so none escapes the grants', () => {
    // Archive folders (dir) are pinned to the shell's own archive; any other file argument must be granted.
    const fileArguments = ['path', 'paths', 'out', 'folder', 'file', 'files'];
    const naming = Object.entries(contract)
      .filter(([, definition]) => {
        const shape = (definition.args as { shape?: Record<string, unknown>; options?: { shape?: Record<string, unknown> }[] }).shape;
        const options = (definition.args as { def?: { options?: { shape?: Record<string, unknown> }[] } }).def?.options ?? [];
        const keys = [...Object.keys(shape ?? {}), ...options.flatMap((o) => Object.keys(o.shape ?? {}))];
        return keys.some((k) => fileArguments.includes(k));
      })
      .map(([name]) => name)
      .sort();
    expect(naming.length).toBeGreaterThan(5);
    expect([...methodsNamingFiles].sort()).toEqual(naming);
  });

  it('has a quick-lock shortcut in the menu', async () => {
    const { electron } = await started();
    const template = electron.Menu.buildFromTemplate.mock.calls[0]![0] as { submenu?: { label?: string; accelerator?: string }[] }[];
    const items = template.flatMap((menu) => menu.submenu ?? []);
    expect(items).toContainEqual(expect.objectContaining({ label: 'Lock', accelerator: 'CmdOrCtrl+Shift+L' }));
  });
});

describe('the preload', () => {
  /** Runs the compiled preload as Electron's sandbox would, with `require('electron')` answered by a stand-in. */
  function loadPreload() {
    const exposed = new Map<string, unknown>();
    const invoke = vi.fn(async () => ({ ok: true, value: null }));
    const listeners = new Map<string, (event: unknown, value: unknown) => void>();
    const sent: [string, unknown][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke,
        send: (channel: string, value: unknown) => void sent.push([channel, value]),
        on: (channel: string, l: (event: unknown, value: unknown) => void) => listeners.set(channel, l),
        removeListener: vi.fn(),
      },
      webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
    };
    const module = { exports: {} as { contractMethods: string[]; channels: Record<string, string> } };
    const source = readFileSync(join(import.meta.dirname, '..', 'dist', 'electron', 'preload.cjs'), 'utf8');
    const required: string[] = [];
    runInNewContext(source, {
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
      module,
      exports: module.exports,
    });
    return { exposed, invoke, listeners, sent, exports: module.exports, required };
  }

  it('exposes one object, window.vigil, and requires nothing but electron', () => {
    const { exposed, required } = loadPreload();
    expect([...exposed.keys()]).toEqual(['vigil']);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(Object.keys(exposed.get('vigil') as object).sort()).toEqual([
      'call',
      'choose',
      'desktop',
      'onLocked',
      'onMenu',
      'onProgress',
      'openFolder',
      'pathForFile',
      'printPdf',
      'setAutoLock',
    ]);
  });

  it('allows exactly the contract’s methods and the shell’s channels', () => {
    const { exports } = loadPreload();
    expect([...exports.contractMethods].sort()).toEqual(Object.keys(contract).sort());
    expect(exports.channels).toEqual(uiChannels);
  });

  it('refuses an unlisted method without reaching the main process', async () => {
    const { exposed, invoke } = loadPreload();
    const vigil = exposed.get('vigil') as { call(m: unknown, a: unknown): Promise<unknown> };
    expect(await vigil.call('require', {})).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await vigil.call({ toString: () => 'archive.status' }, {})).toMatchObject({ ok: false });
    expect(invoke).not.toHaveBeenCalled();
    await vigil.call('archive.status', {});
    expect(invoke).toHaveBeenCalledWith('vigil:call', 'archive.status', {});
  });

  it('passes event values to the page, never the IPC event itself', () => {
    const { exposed, listeners } = loadPreload();
    const vigil = exposed.get('vigil') as { onProgress(l: (...args: unknown[]) => void): () => void };
    const seen: unknown[][] = [];
    vigil.onProgress((...args) => seen.push(args));
    listeners.get('vigil:progress')!({ sender: 'the ipc event' }, { files: 1 });
    expect(seen).toEqual([[{ files: 1 }]]);
  });

  it('reports a dropped file’s path to the main process, and nothing for a file made in the page', () => {
    const { exposed, sent } = loadPreload();
    const vigil = exposed.get('vigil') as { pathForFile(file: unknown): string };
    expect(vigil.pathForFile({ path: '/home/observer/notes.pdf' })).toBe('/home/observer/notes.pdf');
    expect(vigil.pathForFile({})).toBe('');
    expect(sent).toEqual([['vigil:granted', '/home/observer/notes.pdf']]);
  });
});
