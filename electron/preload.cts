import electron = require('electron');

/**
 * The page's only way out of its sandbox: `window.vigil`, exposing the engine's contract by
 * method name (and nothing else of Electron or Node), native file dialogs by purpose, and the
 * lock and menu events. A sandboxed preload cannot import the project's modules, so the
 * method and channel lists are written out here; a test keeps them equal to the contract's.
 */
const contractMethods = [
  'archive.create',
  'archive.open',
  'archive.inspect',
  'archive.status',
  'archive.close',
  'archive.changePassphrase',
  'archive.resetPassphrase',
  'archive.verify',
  'archive.verifyFolder',
  'archive.wipe',
  'records.create',
  'records.createMany',
  'records.get',
  'records.update',
  'records.delete',
  'records.list',
  'records.children',
  'records.history',
  'records.conflicts',
  'records.resolve',
  'revisions.export',
  'revisions.merge',
  'vocabularies.get',
  'attachments.add',
  'attachments.part',
  'audit.list',
  'audit.page',
  'audit.check',
  'audit.export',
  'search.query',
  'search.find',
  'search.reindex',
  'search.aliases.list',
  'search.aliases.add',
  'search.aliases.remove',
  'search.concepts.list',
  'search.concepts.add',
  'search.concepts.remove',
  'import.files',
  'import.cancel',
  'records.reocr',
  'import.uwazi',
  'vocabularies.exportCsv',
  'vocabularies.importCsv',
  'bundle.identity',
  'bundle.export',
  'bundle.import',
  'bundle.sync',
  'export.records',
  'export.printable',
  'drafts.get',
  'drafts.put',
  'contacts.list',
  'contacts.add',
  'contacts.remove',
  'hearing.notes',
  'indicators.list',
  'report.trial',
  'trial.overview',
  'records.restore',
  'records.linkedFrom',
  'records.describe',
  'templates.show',
  'templates.definitions',
  'templates.apply',
];
const channels = {
  call: 'vigil:call',
  progress: 'vigil:progress',
  choose: 'vigil:choose',
  autoLock: 'vigil:auto-lock',
  printPdf: 'vigil:print-pdf',
  locked: 'vigil:locked',
  menu: 'vigil:menu',
  openFolder: 'vigil:open-folder',
  granted: 'vigil:granted',
};

const allowed = new Set(contractMethods);

function subscribe(channel: string, listener: (value: unknown) => void): () => void {
  // The listener gets the value only, never the IPC event (which would reach ipcRenderer).
  const relay = (_event: unknown, value: unknown) => listener(value);
  electron.ipcRenderer.on(channel, relay);
  return () => electron.ipcRenderer.removeListener(channel, relay);
}

const bridge = {
  desktop: true,
  call(method: unknown, args: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !allowed.has(method)) {
      return Promise.resolve({ ok: false, error: { code: 'invalid_argument', message: `unknown method "${String(method)}"` } });
    }
    return electron.ipcRenderer.invoke(channels.call, method, args);
  },
  choose(purpose: unknown): Promise<string[] | null> {
    return electron.ipcRenderer.invoke(channels.choose, purpose);
  },
  setAutoLock(minutes: unknown): Promise<void> {
    return electron.ipcRenderer.invoke(channels.autoLock, minutes);
  },
  openFolder(): Promise<string | null> {
    return electron.ipcRenderer.invoke(channels.openFolder);
  },
  printPdf(selection: unknown): Promise<string | null> {
    return electron.ipcRenderer.invoke(channels.printPdf, selection);
  },
  onProgress: (listener: (event: unknown) => void) => subscribe(channels.progress, listener),
  onLocked: (listener: () => void) => subscribe(channels.locked, () => listener()),
  onMenu: (listener: (command: unknown) => void) => subscribe(channels.menu, listener),
  pathForFile(file: unknown): string {
    const path = electron.webUtils.getPathForFile(file as never);
    // The main process lets the engine read only files the user chose or dropped: this one was dropped.
    if (path) electron.ipcRenderer.send(channels.granted, path);
    return path;
  },
};

electron.contextBridge.exposeInMainWorld('vigil', bridge);

export = { contractMethods, channels };
